"""Small array helpers the matcher's preparation shares."""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: what `np.unique(values)` returns. numpy 2 finds them by hashing,
    which for large integers (cells of a matrix, trigram codes) is some fifty times slower than a sort."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def row_entries(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the entries of some rows of a CSR matrix are, without slicing it (scipy's row indexing
    builds and checks a new matrix: most of the cost for a few rows): (positions in its indices
    and data, row by row in the order given; how many entries each row has)."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    ends = np.cumsum(lengths)
    return np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - lengths - starts, lengths), lengths
