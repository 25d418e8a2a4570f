"""The public face of the matcher: pools, ranking one against many, and the whole city at once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date

import numpy as np

from .explain import Explainer
from .features import CandidatePool, ConceptIndex, SlotPool, prepare_candidates, prepare_slots
from .mapping import TextMapper
from .normalise import Normaliser
from .scoring import Scored, link_free_text, score_block
from .specs import CandidateSpec, Match, SlotSpec
from .vocabulary import Vocabulary, load_vocabulary
from .weights import Weights

BLOCK_ROWS = 2000  # candidates scored at once in match_all: bounds memory, keeps arrays large


class MatchEngine:
    def __init__(self, vocabulary: Vocabulary | None = None, districts: Mapping[str, str | None] | None = None,
                 weights: Weights | None = None, today: date | None = None):
        """`districts` maps each district name to its Stadtbezirk (None for a Stadtbezirk itself)."""
        self.vocabulary = vocabulary or load_vocabulary()
        self.weights = weights or Weights()
        self.index = ConceptIndex(self.vocabulary, districts)
        self.mapper = TextMapper(self.vocabulary, Normaliser(self.vocabulary.abbreviations))
        self.explainer = Explainer(self.index, self.weights)
        self._today = today

    @property
    def today(self) -> date:
        return self._today or date.today()

    def pool(self, items: Sequence[SlotSpec] | Sequence[CandidateSpec]) -> SlotPool | CandidatePool:
        """Prepare slots or candidates once for many queries (text mapped, matrices built)."""
        items = list(items)
        if items and isinstance(items[0], CandidateSpec):
            return prepare_candidates(items, self.mapper, self.index, self.weights.implied_skill)
        return prepare_slots(items, self.mapper, self.index)

    def _slots(self, slots) -> SlotPool:
        return slots if isinstance(slots, SlotPool) else prepare_slots(list(slots), self.mapper, self.index)

    def _candidates(self, candidates) -> CandidatePool:
        if isinstance(candidates, CandidatePool):
            return candidates
        return prepare_candidates(list(candidates), self.mapper, self.index, self.weights.implied_skill)

    def rank_slots(self, candidate: CandidateSpec, slots, limit: int = 10) -> list[Match]:
        """The best slots for one candidate, best first."""
        return self._best(self._candidates([candidate]), self._slots(slots), limit)

    def rank_candidates(self, slot: SlotSpec, candidates, limit: int = 10) -> list[Match]:
        """The best candidates for one slot, best first."""
        return self._best(self._candidates(candidates), self._slots([slot]), limit)

    def match_all(self, candidates, slots, min_score: float = 50.0) -> Iterator[Match]:
        """Every pair scoring at least `min_score`, candidate block by candidate block."""
        candidate_pool, slot_pool = self._candidates(candidates), self._slots(slots)
        link = link_free_text(candidate_pool, slot_pool)
        for start in range(0, len(candidate_pool), BLOCK_ROWS):
            rows = slice(start, min(start + BLOCK_ROWS, len(candidate_pool)))
            scored = score_block(candidate_pool, rows, slot_pool, link, self.weights, self.today, min_score)
            yield from self._matches(scored.take(scored.score >= min_score), candidate_pool, slot_pool)

    def _best(self, candidates: CandidatePool, slots: SlotPool, limit: int) -> list[Match]:
        link = link_free_text(candidates, slots)
        scored = score_block(candidates, slice(0, len(candidates)), slots, link, self.weights, self.today)
        if len(scored.score) > limit:
            # Everything tying with the limit-th score stays in, so the id tie-break decides.
            threshold = np.partition(scored.score, len(scored.score) - limit)[len(scored.score) - limit]
            scored = scored.take(scored.score >= threshold)
        # Best first; ties broken by id so the order is deterministic.
        order = sorted(range(len(scored.score)), key=lambda k: (-scored.score[k], str(
            candidates.specs[scored.rows[k]].id), str(slots.specs[scored.cols[k]].id)))[:limit]
        return list(self._matches(scored.take(np.asarray(order, dtype=np.int64)), candidates, slots))

    def _matches(self, scored: Scored, candidates: CandidatePool, slots: SlotPool) -> Iterator[Match]:
        explain = self.explainer.reasons
        slot_ids, candidate_ids = slots.ids, candidates.ids
        for k, (i, j, score) in enumerate(zip(scored.rows.tolist(), scored.cols.tolist(), scored.score.tolist(),
                                              strict=True)):
            yield Match(slot_ids[j], candidate_ids[i], score,
                        explain=lambda k=k: explain(scored, k, candidates, slots))
