"""The public face of the matcher: pools, ranking one against many, and the whole city at once."""

from __future__ import annotations

import gc
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from importlib import resources
from itertools import chain

import numpy as np

from .explain import Explainer
from .features import CandidatePool, ConceptIndex, Reader, SlotPool, prepare_both, prepare_candidates, prepare_slots
from .kldb import CODE, OccupationIndex, Resolution
from .mapping import TextMapper
from .normalise import Normaliser
from .occupations import Title, load_titles
from .scoring import Scored, admitting_blocks, prepare_stacks, score_block
from .specs import CandidateSpec, Match, SlotSpec
from .vocabulary import Vocabulary, load_vocabulary
from .weights import Weights

BLOCK_ROWS = 128  # candidates scored at once in match_all: small blocks stay in the CPU caches and bound memory
SCORING_THREADS = 2  # blocks scored at once in match_all
# Blocks scored (by all threads) before their matches are handed out. Scoring and handing out take
# turns: side by side, the threads wait for the interpreter lock that handing out holds.
BATCH_BLOCKS = 4
COLLOQUIAL_FILE = "colloquial.toml"
_SHARED: dict[tuple, OccupationIndex] = {}


def colloquial_layer() -> dict[str, str]:
    """Our own words for occupations: what people write -> a title of the BA's list."""
    text = resources.files(__package__).joinpath("data").joinpath(COLLOQUIAL_FILE).read_text("utf-8")
    return dict(tomllib.loads(text)["colloquial"])


def vocabulary_layer(vocabulary: Vocabulary) -> dict[str, str]:
    """The vocabulary's occupations as more of our own words: each synonym means its title."""
    return {synonym: occupation.title for occupation in vocabulary.occupations.values()
            for synonym in occupation.synonyms}


def occupation_index(titles: Sequence[Title] | None, vocabulary: Vocabulary) -> OccupationIndex:
    """The bundled list is indexed once per process (a few seconds); other lists each time."""
    if titles is not None:  # a reduced list may lack a target of our layer: that phrase is left out
        return OccupationIndex(titles, {}, {**vocabulary_layer(vocabulary), **colloquial_layer()},
                               vocabulary.abbreviations)
    key = (id(vocabulary),)
    if key not in _SHARED:
        _SHARED.clear()
        _SHARED[key] = OccupationIndex(load_titles(), colloquial_layer(), vocabulary_layer(vocabulary),
                                       vocabulary.abbreviations)
        # The index is some 400,000 objects that live as long as the process. Left to the cyclic
        # collector, each of its full passes walked them all again (0.15-0.35 s of a city's match_all);
        # frozen, the collector leaves them (and what the process held before) alone.
        gc.freeze()
    return _SHARED[key]


class MatchEngine:
    def __init__(self, vocabulary: Vocabulary | None = None, districts: Mapping[str, str | None] | None = None,
                 weights: Weights | None = None, today: date | None = None,
                 titles: Sequence[Title] | None = None):
        """`districts` maps each district name to its Stadtbezirk (None for a Stadtbezirk itself);
        `titles` replaces the bundled BA list (for held-out evaluations)."""
        self.vocabulary = vocabulary or _default_vocabulary()
        self.weights = weights or Weights()
        self.occupations = occupation_index(titles, self.vocabulary)
        self.index = ConceptIndex(self.vocabulary, self.occupations, districts)
        skills_only = replace(self.vocabulary, occupations={})
        self.mapper = TextMapper(skills_only, Normaliser(self.vocabulary.abbreviations))
        self._resolved: dict[str, tuple[Resolution, ...]] = {}
        self.reader = Reader(self.mapper, self.index, self._resolve, self._resolved)
        self.explainer = Explainer(self.index, self.weights)
        self._today = today

    @property
    def today(self) -> date:
        return self._today or date.today()

    # Occupations -----------------------------------------------------------------------

    def _resolve(self, text: str) -> tuple[Resolution, ...]:
        found = self._resolved.get(text)
        if found is None:
            found = self._resolved[text] = self.occupations.resolve_uncached(text)
        return found

    def resolve(self, text: str) -> Resolution | None:
        """What an occupation text was recognised as (KldB code, BA title, confidence), or None."""
        found = self._resolve(text)
        return found[0] if found else None

    def resolve_all(self, text: str) -> tuple[Resolution, ...]:
        """Every occupation a text names ("Maler und Lackierer / Tischler": two)."""
        return self._resolve(text)

    def suggest(self, text: str, limit: int = 8) -> list[Resolution]:
        """Titles of the list to choose from while typing: a typed code first, then what the text
        was recognised as, then the closest titles."""
        found: dict[str, Resolution] = {}
        code = CODE.search(text)
        if code and self.occupations.display_title(code.group(1)):
            title = self.occupations.display_title(code.group(1))
            found[title] = Resolution(code.group(1), title, 1.0, "code")
        for resolution in self._resolve(text):
            found.setdefault(resolution.title, resolution)
        for resolution in self.occupations.closest(text, limit):
            found.setdefault(resolution.title, resolution)
        return list(found.values())[:limit]

    def title_for(self, code: str) -> str | None:
        """A title to show for a five-digit KldB code; None for a code the list does not know."""
        return self.occupations.display_title(code)

    # Matching --------------------------------------------------------------------------

    def pool(self, items: Sequence[SlotSpec] | Sequence[CandidateSpec]) -> SlotPool | CandidatePool:
        """Prepare slots or candidates once for many queries (text resolved, matrices built)."""
        items = list(items)
        if items and isinstance(items[0], CandidateSpec):
            return prepare_candidates(items, self.reader, self.weights.implied_skill)
        return prepare_slots(items, self.reader)

    def pools(self, candidates: Sequence[CandidateSpec], slots: Sequence[SlotSpec]) -> tuple[CandidatePool, SlotPool]:
        """Both sides of a city prepared at once: for a large city, a forked copy of the process
        reads and prepares the slots while this one does the candidates (same result)."""
        return prepare_both(candidates, slots, self.reader, self.weights.implied_skill)

    def _slots(self, slots) -> SlotPool:
        return slots if isinstance(slots, SlotPool) else prepare_slots(list(slots), self.reader)

    def _candidates(self, candidates) -> CandidatePool:
        if isinstance(candidates, CandidatePool):
            return candidates
        return prepare_candidates(list(candidates), self.reader, self.weights.implied_skill)

    def rank_slots(self, candidate: CandidateSpec, slots, limit: int = 10) -> list[Match]:
        """The best slots for one candidate, best first."""
        return self._best(self._candidates([candidate]), self._slots(slots), limit)

    def rank_candidates(self, slot: SlotSpec, candidates, limit: int = 10) -> list[Match]:
        """The best candidates for one slot, best first."""
        return self._best(self._candidates(candidates), self._slots([slot]), limit)

    def match_all(self, candidates, slots, min_score: float = 50.0) -> Iterator[Match]:
        """Every pair scoring at least `min_score`, candidate block by candidate block: people
        who may work, by German level (a block meets only the slots that admit its best German).

        A batch of BATCH_BLOCKS blocks is scored in worker threads (numpy and scipy let go of the
        GIL for their array work), then its matches are handed out: at most one batch is held at
        once, so memory stays bounded however large the city. Nothing is done before the first
        match is asked for; from there, a match costs no Python call (chained in C)."""
        return chain.from_iterable(self._match_blocks(candidates, slots, min_score))

    def _match_blocks(self, candidates, slots, min_score: float) -> Iterator[Iterator[Match]]:
        if not isinstance(candidates, CandidatePool) and not isinstance(slots, SlotPool):
            candidate_pool, slot_pool = self.pools(candidates, slots)
        else:
            candidate_pool, slot_pool = self._candidates(candidates), self._slots(slots)
        today = self.today

        def score(rows: np.ndarray) -> Scored:
            german = int(candidate_pool.rank[rows].max())
            scored = score_block(candidate_pool, rows, slot_pool, self.weights, today, min_score, german=german)
            return scored.take(scored.score >= min_score)

        blocks = admitting_blocks(candidate_pool, BLOCK_ROWS)
        if not blocks:
            return
        prepare_stacks(candidate_pool, slot_pool, self.weights, min_score)  # once, before threads share them
        with ThreadPoolExecutor(max_workers=SCORING_THREADS, thread_name_prefix="match_all") as executor:
            for first in range(0, len(blocks), BATCH_BLOCKS):
                batch = list(executor.map(score, blocks[first:first + BATCH_BLOCKS]))
                for scored in batch:
                    yield self._matches(scored, candidate_pool, slot_pool)

    def _best(self, candidates: CandidatePool, slots: SlotPool, limit: int) -> list[Match]:
        scored = score_block(candidates, slice(0, len(candidates)), slots, self.weights, self.today, top=limit)
        if len(scored.score) > limit:
            # Everything tying with the limit-th score stays in, so the tie-break decides.
            threshold = np.partition(scored.score, len(scored.score) - limit)[len(scored.score) - limit]
            scored = scored.take(scored.score >= threshold)
        # Best first; equal scores by the likeness of the texts, then by id, so the order is deterministic.
        order = sorted(range(len(scored.score)), key=lambda k: (
            -scored.score[k], -scored.likeness[k], str(candidates.specs[scored.rows[k]].id),
            str(slots.specs[scored.cols[k]].id)))[:limit]
        return list(self._matches(scored.take(np.asarray(order, dtype=np.int64)), candidates, slots))

    def _matches(self, scored: Scored, candidates: CandidatePool, slots: SlotPool) -> Iterator[Match]:
        explain = _BlockReasons(self.explainer, scored, candidates, slots)
        # Ids picked by numpy and the matches made in C: no Python call per match.
        scores = _SCORES[np.rint(scored.score * 10.0).astype(np.intp)].tolist()  # one float object per score
        return Match.made(slots.ids[scored.cols].tolist(), candidates.ids[scored.rows].tolist(), scores, explain,
                          len(scored.score))


class _BlockReasons:
    """The reasons of one block's matches, worked out when a match asks (`Match.reason_codes`,
    `Match.reason_json`): one object per block, not a closure per match."""

    __slots__ = ("candidates", "codes", "explainer", "scored", "slots", "texts")

    def __init__(self, explainer: Explainer, scored: Scored, candidates: CandidatePool, slots: SlotPool):
        self.explainer, self.scored, self.candidates, self.slots = explainer, scored, candidates, slots
        self.texts: list[str] | None = None
        self.codes: dict[int, list] = {}  # worked out once per match asked (a match is a tuple: it keeps nothing)

    def __call__(self, k: int) -> list:
        found = self.codes.get(k)
        if found is None:
            found = self.codes[k] = self.explainer.reasons(self.scored, k, self.candidates, self.slots)
        return found

    def encoded(self, k: int) -> str:
        """The k-th match's reasons as JSON text: the whole block's at the first ask (a store
        asks for all of them, in order)."""
        if self.texts is None:
            self.texts = self.explainer.encoded(self.scored, self.candidates, self.slots)
        return self.texts[k]


# Scores are rounded to tenths between 0 and 100: matches share these 1,001 float objects (a city's
# millions of matches would otherwise each carry its own).
_SCORES = np.array([k / 10 for k in range(1001)], dtype=object)

_VOCABULARY: list[Vocabulary] = []


def _default_vocabulary() -> Vocabulary:
    """The bundled vocabulary, read once per process (the shared occupation index keys on it)."""
    if not _VOCABULARY:
        _VOCABULARY.append(load_vocabulary())
    return _VOCABULARY[0]
