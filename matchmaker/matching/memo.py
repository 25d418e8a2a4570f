"""One value per distinct input, worked out once: what crosses the pipe from a forked copy of the
process (`features.Reader.known`, `mapping.TextMapper.known`) is made and rebuilt once per distinct
reading, not once per text (a city's texts share a few thousand readings)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


def once_each(make: Callable[[Any], Any], key: Callable[[Any], Hashable] = lambda value: value) -> Callable:
    """`make` as a function that works out each distinct `key(value)` once. Keyed by `id` where the
    values are tuples received together (pickle keeps one copy of an object met twice, so equal
    readings arrive as one object): the caller keeps them alive meanwhile, so their ids are stable."""
    made: dict = {}

    def get(value):
        found = made.get(key(value))
        if found is None:
            found = made[key(value)] = make(value)
        return found

    return get
