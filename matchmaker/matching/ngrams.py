"""Character trigrams of normalised keys as sparse TF-IDF rows: a graded text similarity that
needs no list and no Python loop per pair (cosine = one sparse product)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .arrays import distinct

N = 3
MAX_SHARE = 0.05  # trigrams in more than this share of the reference texts carry no signal ("er ", " ge")


def grams(key: str) -> list[str]:
    """Trigrams of a key with word boundaries: "koch" -> " ko", "koc", "och", "ch "."""
    padded = f" {key} "
    return [padded[k:k + N] for k in range(len(padded) - N + 1)]


VECTOR_CHUNK = 8_192  # keys cut into trigrams at once: bounds the arrays of characters
_SHIFT1, _SHIFT2 = np.uint64(21), np.uint64(42)  # a code point has at most 21 bits


def _code(gram: str) -> int:
    return (ord(gram[0]) << 42) | (ord(gram[1]) << 21) | ord(gram[2])


def row_norms(matrix: sparse.csr_matrix) -> np.ndarray:
    """The Euclidean length of each row (1 for empty rows, so that dividing by it changes nothing)."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(rows, weights=matrix.data * matrix.data, minlength=matrix.shape[0]))
    norms[norms == 0] = 1.0
    return norms


class Trigrams:
    """A trigram space learnt from reference texts (the BA titles): inverse document frequency per
    trigram; texts outside it are vectorised with the trigrams it knows."""

    def __init__(self, reference: Sequence[str]):
        columns: dict[str, int] = {}
        counts: list[int] = []
        for key in reference:
            for gram in dict.fromkeys(grams(key)):  # in order: columns must not depend on hashing
                column = columns.setdefault(gram, len(counts))
                if column == len(counts):
                    counts.append(0)
                counts[column] += 1
        df = np.asarray(counts, dtype=np.float64)
        self.columns = columns
        self.idf = np.log((1 + len(reference)) / (1 + df)) + 1.0
        self.idf[df > max(50, MAX_SHARE * len(reference))] = 0.0
        self.idf_values = self.idf.tolist()  # the same as a list: one key's work is cheaper in Python
        # The known trigrams as integers of their three code points, sorted, with their columns (`vectors`).
        codes = np.fromiter((_code(gram) for gram in columns), dtype=np.uint64, count=len(columns))
        order = np.argsort(codes)
        self._codes = codes[order] if len(codes) else np.full(1, np.iinfo(np.uint64).max, dtype=np.uint64)
        self._code_columns = np.fromiter(columns.values(), dtype=np.int64, count=len(columns))[order]

    def vectors(self, keys: Sequence[str]) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows, one per key (all-zero rows for keys with no known trigram)."""
        keys = list(keys)
        cells = [self._cells(keys[start:start + VECTOR_CHUNK]) + start * len(self.idf)
                 for start in range(0, len(keys), VECTOR_CHUNK)]
        cells = np.concatenate(cells) if cells else np.zeros(0, dtype=np.int64)
        index_array = (cells % len(self.idf)).astype(np.int32)
        indptr = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(np.bincount(cells // len(self.idf), minlength=len(keys)), out=indptr[1:])
        matrix = sparse.csr_matrix((self.idf[index_array], index_array, indptr), shape=(len(keys), len(self.idf)))
        matrix.eliminate_zeros()
        norms = row_norms(matrix)
        matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
        return matrix

    def _cells(self, keys: list[str]) -> np.ndarray:
        """The known trigrams of each key, as key * columns + column, each once, ascending.

        All keys are cut at once: their padded characters stand side by side in one array, each
        trigram is one integer of three code points, and the known ones are found by a binary
        search in the sorted trigrams of the space (no Python step per trigram or per key)."""
        padded = [f" {key} " for key in keys]
        lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
        chars = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        if len(chars) < N:
            return np.zeros(0, dtype=np.int64)
        codes = (chars[:-2] << _SHIFT2) | (chars[1:-1] << _SHIFT1) | chars[2:]
        inside = np.ones(len(chars), dtype=bool)  # a trigram does not reach into the next key:
        ends = np.cumsum(lengths)
        inside[ends - 1] = inside[ends - 2] = False  # none starts at a key's last two characters
        owners = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)[:-2][inside[:-2]]
        codes = codes[inside[:-2]]
        at = np.minimum(np.searchsorted(self._codes, codes), len(self._codes) - 1)
        known = self._codes[at] == codes
        # Each trigram once per key, by key then column: the order of a CSR row.
        return distinct(owners[known] * len(self.idf) + self._code_columns[at[known]])

    def query(self, key: str) -> dict[int, float]:
        """One key's trigram columns and normalised weights as a dict (no numpy: for one short key
        its fixed cost per call is most of the work); empty when the key has no known trigram."""
        idf, columns = self.idf_values, self.columns
        found: dict[int, float] = {}
        for gram in grams(key):
            column = columns.get(gram)
            if column is not None and idf[column] > 0:
                found[column] = idf[column]
        norm = math.sqrt(sum(value * value for value in found.values()))
        return {column: value / norm for column, value in found.items()} if norm else {}

    def weights(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """`query` as arrays, by column."""
        found = self.query(key)
        columns = np.fromiter(sorted(found), dtype=np.int64, count=len(found))
        return columns, np.fromiter((found[column] for column in columns.tolist()), dtype=np.float64, count=len(found))
