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
from .weights import Weights

FREE_TEXT_CUTOFF = 85.0
FEW_KEYS = 16
LENGTH_FACTOR = 0.72  # ratio >= 85 needs shorter/longer >= 0.739; a little margin
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
    """Which of the candidates' texts are close to which slot text outside the vocabulary.

    Rough stems, so that "Glasreinigung" meets "Glasreiniger"; words in any order."""
    shape = (len(candidates.text_keys), len(slots.free_keys))
    if not shape[0] or not shape[1]:
        return sparse.csr_matrix(shape, dtype=np.float64)
    if shape[1] <= FEW_KEYS < shape[0]:
        return _link_few(candidates, slots)
    by_words = cdist(candidates.text_stems, slots.free_stems, scorer=fuzz.token_sort_ratio,
                     score_cutoff=FREE_TEXT_CUTOFF, workers=-1)
    by_chars = cdist(candidates.text_stems_joined, slots.free_stems_joined, scorer=fuzz.ratio,
                     score_cutoff=FREE_TEXT_CUTOFF, workers=-1)
    return sparse.csr_matrix(((by_words > 0) | (by_chars > 0)).astype(np.float64))


def _link_few(candidates: CandidatePool, slots: SlotPool) -> sparse.csr_matrix:
    """A few slot keys against many candidate texts: a ratio of 85 needs lengths within a factor
    of about 0.74, so only that slice of the (length-sorted) candidate texts is compared."""
    order, lengths = candidates.stems_by_length
    rows, cols = [], []
    for col, (spaced, joined) in enumerate(zip(slots.free_stems, slots.free_stems_joined, strict=True)):
        low = np.searchsorted(lengths, len(joined) * LENGTH_FACTOR, side="left")
        high = np.searchsorted(lengths, len(joined) / LENGTH_FACTOR, side="right")
        subset = order[low:high]
        if not len(subset):
            continue
        words = cdist([spaced], [candidates.text_stems[k] for k in subset], scorer=fuzz.token_sort_ratio,
                      score_cutoff=FREE_TEXT_CUTOFF)[0]
        chars = cdist([joined], [candidates.text_stems_joined[k] for k in subset], scorer=fuzz.ratio,
                      score_cutoff=FREE_TEXT_CUTOFF)[0]
        hits = subset[(words > 0) | (chars > 0)]
        rows.extend(hits.tolist())
        cols.extend([col] * len(hits))
    shape = (len(candidates.text_keys), len(slots.free_keys))
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)


def _binary(matrix: sparse.spmatrix, level: float = 1.0) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    matrix.data[:] = level
    return matrix


# Occupation fit levels, in order; the index is what the sparse products carry.
LEVEL_NONE, LEVEL_FIELD, LEVEL_RELATED, LEVEL_FREE_TITLE, LEVEL_EXACT = range(5)


def level_values(w: Weights) -> np.ndarray:
    return np.array([0.0, w.same_field, w.related, w.free_title, 1.0])


def _pairs(candidates: CandidatePool, rows, slots: SlotPool, link):
    """(local row, slot column, occupation level, coverage) of every pair with any overlap.

    Level and coverage travel together as one sparse value, 2 * level + coverage
    (coverage is 0..1), so one pass over the non-zeros gives both: no per-pair lookups."""
    level = _binary(candidates.occupation[rows] @ slots.occupation_t, LEVEL_EXACT)
    level = level.maximum(_binary(candidates.related[rows] @ slots.occupation_t, LEVEL_RELATED))
    level = level.maximum(_binary(candidates.field[rows] @ slots.field_t, LEVEL_FIELD))
    coverage = sparse.csr_matrix(candidates.features[rows] @ slots.required_t)
    if link.nnz:
        linked = _binary(candidates.text[rows] @ link)
        if slots.title_free.nnz:
            level = level.maximum(_binary(linked @ slots.title_free_t, LEVEL_FREE_TITLE))
        if slots.required_free.nnz:
            coverage = coverage + linked @ slots.required_free_t
    combined = (level * 2.0 + sparse.csr_matrix(coverage).minimum(1.0)).tocoo()
    values = combined.data
    levels = np.floor(values / 2.0 + 1e-9)
    return combined.row, combined.col, levels.astype(np.int8), np.clip(values - 2.0 * levels, 0.0, 1.0)


def best_bonus(w: Weights) -> float:
    """The most that everything besides fit can add."""
    return w.language_met + max(w.district_same, w.district_whole_bezirk) + w.kind_wanted + w.available


def _pairs_by_slot(candidates: CandidatePool, slots: SlotPool, link):
    """The same as `_pairs` for all candidates, computed from the slots' side: the slots' few
    concepts times the candidates' transposed (inverted) matrices. Cheap for a handful of
    slots against a large pool, whose untouched candidates cost nothing."""
    level = _binary(slots.occupation @ candidates.occupation_t, LEVEL_EXACT)
    level = level.maximum(_binary(slots.occupation @ candidates.related_t, LEVEL_RELATED))
    level = level.maximum(_binary(slots.field @ candidates.field_t, LEVEL_FIELD))
    coverage = sparse.csr_matrix(slots.required @ candidates.features_t)
    if link.nnz:
        linked = _binary(link.T.tocsr() @ candidates.text_t)  # slot free keys x candidates
        if slots.title_free.nnz:
            level = level.maximum(_binary(slots.title_free @ linked, LEVEL_FREE_TITLE))
        if slots.required_free.nnz:
            coverage = coverage + slots.required_free @ linked
    combined = (level * 2.0 + sparse.csr_matrix(coverage).minimum(1.0)).tocoo()
    values = combined.data
    levels = np.floor(values / 2.0 + 1e-9)
    return combined.col, combined.row, levels.astype(np.int8), np.clip(values - 2.0 * levels, 0.0, 1.0)


def score_block(candidates: CandidatePool, rows: slice | np.ndarray, slots: SlotPool,
                link: sparse.csr_matrix, w: Weights, today: date, min_score: float = 0.0) -> Scored:
    """Every admissible pair of the candidate rows with the slots, scored; exclusions removed.
    Pairs that could not reach `min_score` even with every bonus are dropped first."""
    whole_pool = isinstance(rows, slice) and rows.start in (0, None) and rows.stop >= len(candidates)
    if whole_pool and len(slots) * 8 < len(candidates):
        local, j, level, coverage = _pairs_by_slot(candidates, slots, link)
    else:
        local, j, level, coverage = _pairs(candidates, rows, slots, link)
    i = local + (rows.start or 0) if isinstance(rows, slice) else np.asarray(rows)[local]
    occupation = level_values(w)[level]
    share = np.where(slots.has_requirements[j], w.occupation_share, 1.0)
    fit = share * occupation + (1.0 - share) * coverage

    gap = candidates.rank[i].astype(np.int16) - slots.min_rank[j]
    one_below = (gap == -1) & slots.support[j]
    reachable = w.fit * fit + best_bonus(w) >= min_score
    keep = (fit > 0) & reachable & ((gap >= 0) | one_below) & (candidates.permit[i] != NICHT_ERLAUBT)
    i, j, fit, occupation, coverage, one_below = i[keep], j[keep], fit[keep], occupation[keep], coverage[keep], \
        one_below[keep]

    district = _districts(candidates, i, slots, j)
    kind = np.where(candidates.kinds[i] == 0, KIND_ANY,
                    np.where((candidates.kinds[i] >> slots.kind[j]) & 1, KIND_WANTED, KIND_OTHER)).astype(np.int8)
    start = np.where(slots.start[j] == NO_DATE, today.toordinal(), slots.start[j])
    late = np.maximum(0, np.where(candidates.available[i] == NO_DATE, 0, candidates.available[i] - start))

    score = w.fit * fit
    score += np.where(one_below, w.language_one_below, w.language_met)
    score += np.array([0.0, w.district_any, w.district_same_bezirk, w.district_whole_bezirk, w.district_same])[district]
    score += np.array([0.0, w.kind_any, w.kind_wanted])[kind]
    score += np.where(late == 0, w.available, np.where(late <= w.soon_days, w.available_soon, 0.0))
    permit = candidates.permit[i]
    score += np.where(permit == ZUSTIMMUNG, w.permit_consent_needed,
                      np.where(permit == UNGEKLAERT, w.permit_unclear, 0.0))
    return Scored(
        rows=i, cols=j, score=np.round(np.clip(score, 0.0, 100.0), 1), occupation=occupation, coverage=coverage,
        language=one_below.astype(np.int8), district=district, kind=kind, late_days=late.astype(np.int32),
    )


def _member(dense: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """dense[row, col] for each pair; columns outside (districts added later) are False."""
    inside = (cols >= 0) & (cols < dense.shape[1])
    result = np.zeros(len(rows), dtype=bool)
    result[inside] = dense[rows[inside], cols[inside]]
    return result


def _districts(candidates: CandidatePool, i: np.ndarray, slots: SlotPool, j: np.ndarray) -> np.ndarray:
    sd, sb = slots.district[j], slots.bezirk[j]
    code = np.full(len(i), DIST_OTHER, dtype=np.int8)
    code[_member(candidates.bezirke, i, sb)] = DIST_SAME_BEZIRK
    code[_member(candidates.listed, i, sb)] = DIST_WHOLE_BEZIRK
    code[_member(candidates.listed, i, sd)] = DIST_SAME
    code[candidates.no_districts[i] | (sd < 0)] = DIST_ANY
    return code
