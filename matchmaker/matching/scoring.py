"""Score candidate-slot pairs in bulk: sparse products for fit, numpy arrays for the rest.

Only pairs with some occupation, skill or trigram overlap ever exist as numbers here; the
full candidate x slot matrix is never held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from .features import NO_DATE, CandidatePool, SlotPool
from .specs import KINDS
from .weights import Weights

HELFER = KINDS.index("helfer")
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
    level: np.ndarray
    likeness: np.ndarray
    language: np.ndarray
    district: np.ndarray
    kind: np.ndarray
    late_days: np.ndarray

    def take(self, keep: np.ndarray) -> Scored:
        return Scored(*(getattr(self, name)[keep] for name in self.__dataclass_fields__))


def _binary(matrix: sparse.spmatrix, level: float = 1.0) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    matrix.data[:] = level
    return matrix


# How far two KldB codes meet, in order; the index is what the sparse products carry.
LEVEL_NONE, LEVEL_HAUPT, LEVEL_GRUPPE, LEVEL_UNTER, LEVEL_EXACT = range(5)
_DEPTH_LEVEL = {5: LEVEL_EXACT, 4: LEVEL_UNTER, 3: LEVEL_GRUPPE, 2: LEVEL_HAUPT}


def level_values(w: Weights) -> np.ndarray:
    return np.array([0.0, w.same_hauptgruppe, w.same_gruppe, w.same_untergruppe, 1.0])


def best_bonus(w: Weights) -> float:
    """The most that everything besides fit can add."""
    return w.language_met + max(w.district_same, w.district_whole_bezirk) + w.kind_wanted + w.available


def _pairs(occupations, requirements, right_occ_t, right_requirements_t, with_hauptgruppe: bool):
    """(row, column, level, coverage, likeness) of every pair with any overlap, left x right.

    `requirements` are two matrices (listed, typical) on one side and their partners (what a
    person has with implied skills, what the person said) on the other. Level and coverage
    travel as the real part of one sparse value (2 * level + coverage), the trigram likeness as
    its imaginary part: one pass over the non-zeros gives all three."""
    level = None
    for depth in (5, 4, 3, 2) if with_hauptgruppe else (5, 4, 3):
        found = _binary(occupations.depth[depth] @ right_occ_t.depth[depth], _DEPTH_LEVEL[depth])
        level = found if level is None else level.maximum(found)
    coverage = sparse.csr_matrix(requirements[0] @ right_requirements_t[0] + requirements[1] @ right_requirements_t[1])
    coverage = coverage.minimum(1.0)
    likeness = sparse.csr_matrix(occupations.text @ right_occ_t.text)
    combined = (sparse.csr_matrix(level * 2.0 + coverage).astype(np.complex128) + likeness * 1j).tocoo()
    real, imag = combined.data.real, combined.data.imag
    levels = np.floor(real / 2.0 + 1e-9)
    return (combined.row, combined.col, levels.astype(np.int8), np.clip(real - 2.0 * levels, 0.0, 1.0),
            np.clip(imag, 0.0, 1.0))


def _rows(candidates: CandidatePool, rows, *matrices):
    if isinstance(rows, slice) and rows.start in (0, None) and rows.stop >= len(candidates):
        return matrices
    return tuple(matrix[rows] for matrix in matrices)


def _candidate_rows(candidates: CandidatePool, rows):
    occupations = candidates.occupations
    if isinstance(rows, slice) and rows.start in (0, None) and rows.stop >= len(candidates):
        return occupations
    return type(occupations)({d: m[rows] for d, m in occupations.depth.items()}, occupations.resolutions,
                             occupations.text[rows], occupations.helper, occupations.haupt)


def score_block(candidates: CandidatePool, rows: slice | np.ndarray, slots: SlotPool,
                w: Weights, today: date, min_score: float = 0.0) -> Scored:
    """Every admissible pair of the candidate rows with the slots, scored; exclusions removed.
    Pairs that could not reach `min_score` even with every bonus are dropped first."""
    # Pairs that share only the Hauptgruppe are looked for only where they could be proposed.
    with_haupt = w.fit * w.same_hauptgruppe + best_bonus(w) >= min_score
    whole_pool = isinstance(rows, slice) and rows.start in (0, None) and rows.stop >= len(candidates)
    if whole_pool and len(slots) * 8 < len(candidates):
        # A handful of slots against a large pool: from the slots' side, through the inverted index.
        j, local, level, coverage, likeness = _pairs(
            slots.occupations, (slots.listed, slots.typical), candidates.occupations_t,
            (candidates.features_t, candidates.said_t), with_haupt)
    else:
        local, j, level, coverage, likeness = _pairs(
            _candidate_rows(candidates, rows), _rows(candidates, rows, candidates.features, candidates.said),
            slots.occupations_t, (slots.listed_t, slots.typical_t), with_haupt)
    i = local + (rows.start or 0) if isinstance(rows, slice) else np.asarray(rows)[local]
    if not with_haupt:
        shared = (candidates.occupations.haupt[i] & slots.occupations.haupt[j]) != 0
        level = np.where((level == LEVEL_NONE) & shared, LEVEL_HAUPT, level)
    # A Helfer slot takes anyone from its Berufsgruppe, helpers and trained alike.
    helper_slot = slots.occupations.helper[j] | (slots.kind[j] == HELFER)
    level = np.where((level == LEVEL_GRUPPE) & helper_slot, LEVEL_UNTER, level).astype(np.int8)
    occupation = np.where(level > LEVEL_NONE,
                          level_values(w)[level] * (1.0 - w.title_share) + w.title_share * likeness,
                          w.text_only * likeness)
    # Listed skills weigh beside the occupation; an occupation's typical skills can only help.
    share = np.where(slots.stated[j], w.occupation_share, 1.0)
    fit = np.maximum(share * occupation + (1.0 - share) * coverage, w.skills_alone * coverage)

    gap = candidates.rank[i].astype(np.int16) - slots.min_rank[j]
    one_below = (gap == -1) & slots.support[j]
    reachable = w.fit * fit + best_bonus(w) >= min_score
    keep = (fit > 0) & reachable & ((gap >= 0) | one_below) & (candidates.permit[i] != NICHT_ERLAUBT)
    i, j, fit, occupation, coverage, one_below = i[keep], j[keep], fit[keep], occupation[keep], coverage[keep], \
        one_below[keep]
    level, likeness = level[keep], likeness[keep]

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
        level=level, likeness=likeness,
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
