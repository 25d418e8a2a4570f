"""Score candidate-slot pairs in bulk: sparse products for fit, numpy arrays for the rest.

Only pairs with some occupation, skill or trigram overlap ever exist as numbers here; the
full candidate x slot matrix is never held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from .features import LEAD, NO_DATE, CandidatePool, SlotPool
from .weights import Weights

HELPER_SLOT, STATED = 1, 2  # bits of SlotPool.flags
MIN_BASE = 64
PRESELECT = 4  # for the best few, this many times as many pairs are worked out exactly first
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
        """The pairs at positions `keep`, or where `keep` is true (found once for all eleven arrays)."""
        if keep.dtype == bool:
            keep = np.flatnonzero(keep)
        return Scored(*(getattr(self, name).take(keep) for name in self.__dataclass_fields__))


# How far two KldB codes meet, in order. LEVEL_LATER: the same Berufsgattung as an occupation the
# person named only after another in the same text ("Bestatter, davor Tischler": Tischler/in).
LEVEL_NONE, LEVEL_HAUPT, LEVEL_GRUPPE, LEVEL_UNTER, LEVEL_LATER, LEVEL_EXACT = range(6)
_DEPTH_LEVEL = {LEAD: LEVEL_EXACT, 5: LEVEL_LATER, 4: LEVEL_UNTER, 3: LEVEL_GRUPPE, 2: LEVEL_HAUPT}


def level_values(w: Weights) -> np.ndarray:
    return np.array([0.0, w.same_hauptgruppe, w.same_gruppe, w.same_untergruppe, w.named_later, 1.0])


def best_bonus(w: Weights) -> float:
    """The most that everything besides fit can add."""
    return w.language_met + max(w.district_same, w.district_whole_bezirk) + w.kind_wanted + w.available


# One sparse product finds every pair with any overlap and carries all three measures at once.
# Each side is one matrix: its codes at each depth, its requirement blocks, its trigrams, side by
# side. The slot side is weighted so that the product's value for a pair is
#     real = 2 * sum over depths of BASE**k * (code pairs meeting at that depth) + coverage
#     imag = trigram likeness
# where BASE exceeds the number of code pairs two items can have: the highest non-zero digit in
# base BASE is the finest depth at which the codes meet, and coverage (0..1) stays below 2.


def _depths(with_haupt: bool) -> tuple[int | str, ...]:
    """The blocks of codes compared, finest first: the codes named first (LEAD: a slot's are all
    its codes), then all codes at five, four, three (and two) digits."""
    return (LEAD, 5, 4, 3, 2) if with_haupt else (LEAD, 5, 4, 3)


def _base(candidates: CandidatePool, slots: SlotPool) -> int:
    """A base above the number of code pairs any candidate and slot share: a power of two of at
    least MIN_BASE, so that it rarely changes between queries (each base has its own slot stack)."""
    pairs = max(1, _max_codes(candidates)) * max(1, _max_codes(slots)) + 1
    return max(MIN_BASE, 1 << (pairs - 1).bit_length())


def _max_codes(pool) -> int:
    counts = np.diff(pool.occupations.depth[5].indptr)
    return int(counts.max()) if len(counts) else 0


def _candidate_stack(candidates: CandidatePool, with_haupt: bool, transposed: bool) -> sparse.csr_matrix:
    key = ("candidates", with_haupt, transposed)
    if key not in candidates.stacks:
        occupations = candidates.occupations
        blocks = [occupations.depth[d] for d in _depths(with_haupt)]
        stack = sparse.hstack([*blocks, candidates.features, candidates.said, occupations.text], format="csr")
        # The transposed stack meets a slot's complex one: made complex once here, not in every product.
        candidates.stacks[key] = stack.T.tocsr().astype(np.complex128) if transposed else stack
    return candidates.stacks[key]


def _slot_stack(slots: SlotPool, with_haupt: bool, transposed: bool, base: int) -> sparse.csr_matrix:
    key = ("slots", with_haupt, transposed, base)
    if key not in slots.stacks:
        occupations = slots.occupations
        depths = _depths(with_haupt)
        blocks = [occupations.depth[d] for d in depths] + [slots.listed, slots.typical, occupations.text]
        factors = [2.0 * base ** (len(depths) - 1 - k) for k in range(len(depths))] + [1.0, 1.0, 1j]
        stack = sparse.hstack(blocks, format="csr")
        # Each column's factor, applied to the stored values at once (no weighted copy per block).
        per_column = np.repeat(np.asarray(factors, dtype=np.complex128), [block.shape[1] for block in blocks])
        stack = sparse.csr_matrix((stack.data * per_column[stack.indices], stack.indices, stack.indptr),
                                  shape=stack.shape)
        slots.stacks[key] = stack.T.tocsr() if transposed else stack
    return slots.stacks[key]


def _decode(product: sparse.spmatrix, with_haupt: bool, base: int):
    """(row, column, level, coverage, likeness) of every non-zero of the weighted product."""
    product = product.tocoo()
    real, imag = product.data.real, product.data.imag
    meetings = np.floor(real / 2.0 + 1e-9)
    level = np.zeros(len(real), dtype=np.int8)
    depths = _depths(with_haupt)
    for k, depth in reversed(list(enumerate(depths))):  # the shallowest first, finer ones overwrite
        level[meetings >= base ** (len(depths) - 1 - k)] = _DEPTH_LEVEL[depth]
    return (product.row, product.col, level, np.clip(real - 2.0 * meetings, 0.0, 1.0), np.clip(imag, 0.0, 1.0))


def _with_haupt(w: Weights, min_score: float) -> bool:
    """Pairs that share only the Hauptgruppe are looked for only where they could be proposed."""
    return w.fit * w.same_hauptgruppe + best_bonus(w) >= min_score


def prepare_stacks(candidates: CandidatePool, slots: SlotPool, w: Weights, min_score: float) -> None:
    """Make the matrices score_block will use for every block of these pools (so that threads
    scoring blocks side by side find them made)."""
    with_haupt = _with_haupt(w, min_score)
    _candidate_stack(candidates, with_haupt, False)
    base = _base(candidates, slots)
    _slot_stack(slots, with_haupt, True, base)
    for german in np.unique(candidates.rank).tolist():
        _admitting_stack(slots, with_haupt, base, german)


def _fit_needed(w: Weights, min_score: float) -> float:
    """The least fit that can still reach `min_score`, with every bonus."""
    return (min_score - best_bonus(w)) / w.fit - 1e-9


def _fit_bound(level: np.ndarray, coverage: np.ndarray, likeness: np.ndarray, w: Weights,
               with_haupt: bool) -> np.ndarray:
    """At least the fit worked out in score_block, from the product alone: the Berufsgruppe may
    count as the same work (Helfer slots), a pair with no level may share a Hauptgruppe, and fit is
    never above the larger of occupation and coverage (times SKILLS_ALONE, where that is above 1)."""
    values = level_values(w)
    values[LEVEL_GRUPPE] = max(values[LEVEL_GRUPPE], values[LEVEL_UNTER])
    if not with_haupt:
        values[LEVEL_NONE] = values[LEVEL_HAUPT]
    occupation = np.maximum(values[level] * (1.0 - w.title_share) + w.title_share * likeness, w.text_only * likeness)
    return np.maximum(occupation, max(1.0, w.skills_alone) * coverage)


def worst_bonus(w: Weights) -> float:
    """The least that everything besides fit can add (a deduction where the permit is unclear)."""
    return (min(w.language_met, w.language_one_below)
            + min(0.0, w.district_same, w.district_whole_bezirk, w.district_same_bezirk, w.district_any)
            + min(0.0, w.kind_wanted, w.kind_any) + min(0.0, w.available, w.available_soon)
            + min(0.0, w.permit_consent_needed, w.permit_unclear))


def _exact(candidates: CandidatePool, slots: SlotPool, i: np.ndarray, j: np.ndarray, level: np.ndarray,
           coverage: np.ndarray, likeness: np.ndarray, w: Weights, with_haupt: bool):
    """(level, occupation, fit, admissible, one level below) of the pairs (i, j): the Hauptgruppe
    where it was not looked for, Helfer slots, the share of listed skills, German and permit."""
    level = level.copy()
    if not with_haupt:
        none = np.flatnonzero(level == LEVEL_NONE)
        shared = (candidates.occupations.haupt[i[none]] & slots.occupations.haupt[j[none]]) != 0
        level[none[shared]] = LEVEL_HAUPT
    # A Helfer slot takes anyone from its Berufsgruppe, helpers and trained alike.
    flags = slots.flags[j]
    level[(level == LEVEL_GRUPPE) & (flags & HELPER_SLOT != 0)] = LEVEL_UNTER
    occupation = np.where(level > LEVEL_NONE,
                          level_values(w)[level] * (1.0 - w.title_share) + w.title_share * likeness,
                          w.text_only * likeness)
    # Listed skills weigh beside the occupation; an occupation's typical skills can only help.
    share = np.where(flags & STATED != 0, w.occupation_share, 1.0)
    fit = np.maximum(share * occupation + (1.0 - share) * coverage, w.skills_alone * coverage)
    # German at the minimum, or one level below where the workplace supports learning it; a permit.
    gap = candidates.rank[i].astype(np.int16) - slots.min_rank[j]
    one_below = (gap == -1) & slots.support[j]
    admissible = ((gap >= 0) | one_below) & (candidates.permit[i] != NICHT_ERLAUBT)
    return level, occupation, fit, admissible, one_below


def _admitting_stack(slots: SlotPool, with_haupt: bool, base: int, german: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The slot stack's columns of the slots that admit someone with German `german` (the minimum, or
    one level below where the workplace supports learning it), and those slots' positions."""
    key = ("admitting", with_haupt, base, german)
    if key not in slots.stacks:
        columns = np.flatnonzero(slots.min_rank.astype(np.int16) - slots.support <= german)
        slots.stacks[key] = (_slot_stack(slots, with_haupt, True, base)[:, columns].tocsr(), columns)
    return slots.stacks[key]


def admitting_blocks(candidates: CandidatePool, size: int) -> list[np.ndarray]:
    """The candidates who may be proposed at all (not "nicht_erlaubt"), by German level, in blocks
    of `size`: a block is scored only against the slots that admit its best German (score_block's
    `german`), so a block of beginners meets a fraction of the slots."""
    usable = np.flatnonzero(candidates.permit != NICHT_ERLAUBT)
    order = usable[np.argsort(candidates.rank[usable], kind="stable")]
    return [order[start:start + size] for start in range(0, len(order), size)]


def score_block(candidates: CandidatePool, rows: slice | np.ndarray, slots: SlotPool,
                w: Weights, today: date, min_score: float = 0.0, top: int | None = None,
                german: int | None = None) -> Scored:
    """Every admissible pair of the candidate rows with the slots, scored; exclusions removed.
    Pairs that could not reach `min_score` even with every bonus are dropped first; with `top`,
    so are pairs that could not reach the `top` best even with every bonus, while those at least
    reach their fit with none (what is left still holds the `top` best and everything tying with them).
    With `german` (the best German level among the rows), only the slots that admit it are looked at."""
    with_haupt = _with_haupt(w, min_score)
    whole_pool = isinstance(rows, slice) and rows.start in (0, None) and rows.stop >= len(candidates)
    base = _base(candidates, slots)
    if whole_pool and len(slots) * 8 < len(candidates):
        # A handful of slots against a large pool: from the slots' side, through the inverted index.
        product = _slot_stack(slots, with_haupt, False, base) @ _candidate_stack(candidates, with_haupt, True)
        j, local, level, coverage, likeness = _decode(product, with_haupt, base)
    else:
        stack = _candidate_stack(candidates, with_haupt, False)
        if not whole_pool:
            stack = stack[rows]
        if german is None:
            product = stack @ _slot_stack(slots, with_haupt, True, base)
            local, j, level, coverage, likeness = _decode(product, with_haupt, base)
        else:
            slot_stack, columns = _admitting_stack(slots, with_haupt, base, german)
            local, j, level, coverage, likeness = _decode(stack @ slot_stack, with_haupt, base)
            j = columns[j]
    # Most pairs found (a shared skill, a shared trigram) could not be proposed even with every
    # bonus: a cheap upper bound of fit drops them before the exact arithmetic below.
    bound = _fit_bound(level, coverage, likeness, w, with_haupt)
    keep = np.flatnonzero(bound >= _fit_needed(w, min_score))
    local, j, level, coverage, likeness, bound = (
        local[keep], j[keep], level[keep], coverage[keep], likeness[keep], bound[keep])
    i = local + (rows.start or 0) if isinstance(rows, slice) else np.asarray(rows)[local]
    if top is not None and len(i) > PRESELECT * top:
        # For the best few: the pairs with the highest bound, worked out exactly, give a score that
        # the best `top` surely reach; pairs whose bound stays below it, with every bonus, go.
        some = np.argpartition(-bound, PRESELECT * top)[:PRESELECT * top]
        _, _, fit, admissible, _ = _exact(candidates, slots, i[some], j[some], level[some], coverage[some],
                                          likeness[some], w, with_haupt)
        least = (w.fit * fit + worst_bonus(w))[admissible & (fit > 0)]
        if len(least) >= top:
            bar = np.partition(least, len(least) - top)[len(least) - top]
            if 0.1 < bar < 99.9:  # near 0 or 100 clipping makes scores equal: nothing may be dropped
                keep = np.flatnonzero(w.fit * bound + best_bonus(w) >= bar - 0.1)  # 0.1: rounding
                i, j, level, coverage, likeness = i[keep], j[keep], level[keep], coverage[keep], likeness[keep]
    level, occupation, fit, admissible, one_below = _exact(candidates, slots, i, j, level, coverage, likeness, w,
                                                          with_haupt)
    keep = np.flatnonzero(admissible & (fit > 0) & (w.fit * fit + best_bonus(w) >= min_score))
    i, j, fit, occupation, coverage, one_below = i[keep], j[keep], fit[keep], occupation[keep], coverage[keep], \
        one_below[keep]
    level, likeness = level[keep], likeness[keep]
    if top is not None and len(fit) > top:
        least = w.fit * fit + worst_bonus(w)
        bar = np.partition(least, len(least) - top)[len(least) - top]
        if 0.1 < bar < 99.9:  # near 0 or 100 clipping makes scores equal: nothing may be dropped
            keep = np.flatnonzero(w.fit * fit + best_bonus(w) >= bar - 0.1)  # 0.1: rounding
            i, j, fit, occupation, coverage, one_below = i[keep], j[keep], fit[keep], occupation[keep], \
                coverage[keep], one_below[keep]
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


def _member(words: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Whether bit `col` of each row's words is set (see features._bit_words); columns outside
    (districts added later) are not."""
    if words.shape[1] == 1:  # a city of up to 64 districts (Duisburg: 53): one word per person
        inside = (cols >= 0) & (cols < 64)
        return ((words[rows, 0] >> (cols & 63).astype(np.uint64)) & np.uint64(1)).astype(bool) & inside
    inside = np.flatnonzero((cols >= 0) & (cols < words.shape[1] * 64))
    result = np.zeros(len(rows), dtype=bool)
    at = cols[inside]
    result[inside] = (words[rows[inside], at >> 6] >> (at & 63).astype(np.uint64)) & np.uint64(1)
    return result


def _districts(candidates: CandidatePool, i: np.ndarray, slots: SlotPool, j: np.ndarray) -> np.ndarray:
    sd, sb = slots.district[j], slots.bezirk[j]
    code = np.full(len(i), DIST_ANY, dtype=np.int8)
    # Places are compared only where both sides name one.
    named = np.flatnonzero(~candidates.no_districts[i] & (sd >= 0))
    i, sd, sb = i[named], sd[named], sb[named]
    found = np.full(len(i), DIST_OTHER, dtype=np.int8)
    found[_member(candidates.bezirke, i, sb)] = DIST_SAME_BEZIRK
    found[_member(candidates.listed, i, sb)] = DIST_WHOLE_BEZIRK
    found[_member(candidates.listed, i, sd)] = DIST_SAME
    code[named] = found
    return code
