"""Small array helpers the matcher's preparation shares."""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: what `np.unique(values)` returns. numpy 2 finds them by hashing,
    which for large integers (cells of a matrix, trigram codes) is some fifty times slower than a sort."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values
