"""Score candidate-slot pairs in bulk: sparse products for fit, numpy arrays for the rest.

Only pairs with some occupation or skill overlap ever exist as numbers here; the full
candidate x slot matrix is never held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from scipy import sparse

from .features import NO_DATE, CandidatePool, SlotPool
from .normalise import stem
from .weights import Weights

FREE_TEXT_CUTOFF = 85.0
NICHT_ERLAUBT, ZUSTIMMUNG, UNGEKLAERT = 2, 1, 3

# Codes kept per pair, for the reasons.
LANG_MET, LANG_ONE_BELOW = 0, 1
DIST_OTHER, DIST_ANY, DIST_SAME_BEZIRK, DIST_WHOLE_BEZIRK, DIST_SAME = 0, 1, 2, 3, 4
KIND_OTHER, KIND_ANY, KIND_WANTED = 0, 1, 2


@dataclass
class Scored:
    """Scored pairs, as parallel arrays; rows index the candidate pool, cols the slot pool."""

    rows: np.ndarray
    cols: np.ndarray
    score: np.ndarray
    occupation: np.ndarray
    coverage: np.ndarray
    language: np.ndarray
    district: np.ndarray
    kind: np.ndarray
    late_days: np.ndarray

    def take(self, keep: np.ndarray) -> Scored:
        return Scored(*(getattr(self, name)[keep] for name in self.__dataclass_fields__))


def link_free_text(candidates: CandidatePool, slots: SlotPool) -> sparse.csr_matrix:
    """Which of the candidates' texts are close to which slot text outside the vocabulary."""
    shape = (len(candidates.text_keys), len(slots.free_keys))
    if not shape[0] or not shape[1]:
        return sparse.csr_matrix(shape, dtype=np.float64)
    # Rough stems, so that "Glasreinigung" meets "Glasreiniger"; words in any order.
    ours, theirs = [stem(k) for k in candidates.text_keys], [stem(k) for k in slots.free_keys]
    by_words = cdist(ours, theirs, scorer=fuzz.token_sort_ratio, score_cutoff=FREE_TEXT_CUTOFF, workers=-1)
    by_chars = cdist([k.replace(" ", "") for k in ours], [k.replace(" ", "") for k in theirs], scorer=fuzz.ratio,
                     score_cutoff=FREE_TEXT_CUTOFF, workers=-1)
    return sparse.csr_matrix(((by_words > 0) | (by_chars > 0)).astype(np.float64))


def _binary(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    matrix.data[:] = 1.0
    return matrix


def _fit(candidates: CandidatePool, rows, slots: SlotPool, link, w: Weights):
    """(fit, occupation, coverage) as sparse block x slots matrices."""
    occupation = _binary(candidates.occupation[rows] @ slots.occupation.T)
    occupation = occupation.maximum(_binary(candidates.related[rows] @ slots.occupation.T) * w.related)
    occupation = occupation.maximum(_binary(candidates.field[rows] @ slots.field.T) * w.same_field)
    coverage = sparse.csr_matrix(candidates.features[rows] @ slots.required.T)
    if link.nnz:
        linked = _binary(candidates.text[rows] @ link)
        if slots.title_free.nnz:
            occupation = occupation.maximum(_binary(linked @ slots.title_free.T) * w.free_title)
        if slots.required_free.nnz:
            coverage = coverage + linked @ slots.required_free.T
    coverage = sparse.csr_matrix(coverage.minimum(1.0))
    share = np.where(slots.has_requirements, w.occupation_share, 1.0)
    fit = sparse.csr_matrix(occupation.multiply(share[None, :]) + coverage.multiply(1.0 - share[None, :]))
    fit.eliminate_zeros()
    return fit, occupation, coverage


def _at(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return np.asarray(matrix[rows, cols], dtype=np.float64).ravel() if len(rows) else np.zeros(0)


def _member(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """matrix[row, col] > 0 for each pair; columns beyond the matrix (new districts) are False."""
    inside = (cols >= 0) & (cols < matrix.shape[1])
    result = np.zeros(len(rows), dtype=bool)
    if inside.any():
        result[inside] = _at(matrix, rows[inside], cols[inside]) > 0
    return result


def score_block(candidates: CandidatePool, rows: slice | np.ndarray, slots: SlotPool,
                link: sparse.csr_matrix, w: Weights, today: date) -> Scored:
    """Every admissible pair of the candidate rows with the slots, scored; exclusions removed."""
    fit, occupation, coverage = _fit(candidates, rows, slots, link, w)
    coo = fit.tocoo()
    local, j, f = coo.row, coo.col, coo.data
    i = np.arange(candidates.rank.shape[0])[rows][local]

    gap = candidates.rank[i].astype(np.int16) - slots.min_rank[j]
    one_below = (gap == -1) & slots.support[j]
    keep = ((gap >= 0) | one_below) & (candidates.permit[i] != NICHT_ERLAUBT)
    local, i, j, f, one_below = local[keep], i[keep], j[keep], f[keep], one_below[keep]

    district = _districts(candidates, i, slots, j)
    kind = np.where(candidates.kinds[i] == 0, KIND_ANY,
                    np.where((candidates.kinds[i] >> slots.kind[j]) & 1, KIND_WANTED, KIND_OTHER)).astype(np.int8)
    start = np.where(slots.start[j] == NO_DATE, today.toordinal(), slots.start[j])
    late = np.maximum(0, np.where(candidates.available[i] == NO_DATE, 0, candidates.available[i] - start))

    score = w.fit * f
    score += np.where(one_below, w.language_one_below, w.language_met)
    score += np.choose(district, [0.0, w.district_any, w.district_same_bezirk, w.district_whole_bezirk,
                                  w.district_same])
    score += np.choose(kind, [0.0, w.kind_any, w.kind_wanted])
    score += np.where(late == 0, w.available, np.where(late <= w.soon_days, w.available_soon, 0.0))
    permit = candidates.permit[i]
    score += np.where(permit == ZUSTIMMUNG, w.permit_consent_needed,
                      np.where(permit == UNGEKLAERT, w.permit_unclear, 0.0))
    return Scored(
        rows=i, cols=j, score=np.round(np.clip(score, 0.0, 100.0), 1),
        occupation=_at(occupation, local, j), coverage=_at(coverage, local, j),
        language=one_below.astype(np.int8), district=district, kind=kind, late_days=late.astype(np.int32),
    )


def _districts(candidates: CandidatePool, i: np.ndarray, slots: SlotPool, j: np.ndarray) -> np.ndarray:
    sd, sb = slots.district[j], slots.bezirk[j]
    code = np.full(len(i), DIST_OTHER, dtype=np.int8)
    code[_member(candidates.bezirke, i, sb)] = DIST_SAME_BEZIRK
    code[_member(candidates.listed, i, sb)] = DIST_WHOLE_BEZIRK
    code[_member(candidates.listed, i, sd)] = DIST_SAME
    code[candidates.no_districts[i] | (sd < 0)] = DIST_ANY
    return code
