"""Character trigrams of normalised keys as sparse TF-IDF rows: a graded text similarity that
needs no list and no Python loop per pair (cosine = one sparse product)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

N = 3
MAX_SHARE = 0.05  # trigrams in more than this share of the reference texts carry no signal ("er ", " ge")


def grams(key: str) -> list[str]:
    """Trigrams of a key with word boundaries: "koch" -> " ko", "koc", "och", "ch "."""
    padded = f" {key} "
    return [padded[k:k + N] for k in range(len(padded) - N + 1)]


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

    def vectors(self, keys: Sequence[str]) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows, one per key (all-zero rows for keys with no known trigram)."""
        indptr, indices = [0], []
        columns = self.columns
        rows: dict[str, list[int]] = {}  # a pool's texts repeat: each distinct key is cut into trigrams once
        for key in keys:
            row = rows.get(key)
            if row is None:
                row = rows[key] = sorted({columns[g] for g in grams(key) if g in columns})
            indices.extend(row)
            indptr.append(len(indices))
        index_array = np.asarray(indices, dtype=np.int32)
        matrix = sparse.csr_matrix((self.idf[index_array], index_array, np.asarray(indptr, dtype=np.int64)),
                                   shape=(len(keys), len(self.idf)))
        matrix.eliminate_zeros()
        norms = row_norms(matrix)
        matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
        return matrix

    def weights(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """One key's trigram columns and normalised weights, without building a matrix."""
        columns = np.fromiter(sorted({self.columns[g] for g in grams(key) if g in self.columns}), dtype=np.int64)
        values = self.idf[columns]
        keep = values > 0
        columns, values = columns[keep], values[keep]
        norm = float(np.sqrt((values * values).sum()))
        return columns, (values / norm if norm else values)
