"""Work a request needs several times and whose answer does not change within it (the matcher
for the request's district table, the gettext catalogue, the evaluation's data version): made
once per request and kept in `flask.g`; outside a request (commands, jobs, threads), made at
every call, as the caller would without it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import g, has_request_context

T = TypeVar("T")


def once_per_request(name: str, make: Callable[[], T]) -> T:
    if not has_request_context():
        return make()
    found = g.get(name)
    if found is None:
        found = make()
        setattr(g, name, found)
    return found


def keep_for_request(name: str, value: object) -> None:
    """What `once_per_request(name, …)` answers for the rest of the request, worked out by the
    caller on the way (a page's own query carried it); outside a request, nothing is kept."""
    if has_request_context():
        setattr(g, name, value)
