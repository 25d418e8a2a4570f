"""Free text to vocabulary concepts: exact keys first, then word windows, then rapidfuzz.

Each distinct text is mapped once and remembered; a batch of new texts is compared with
every alias in one `cdist` call (C++, all cores), never text by text in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .normalise import Normaliser
from .vocabulary import Vocabulary

FUZZY_CUTOFF = 85.0
WHOLE_OVER_WINDOWS = 90.0  # a whole-text match must be this good to replace word-window hits
MIN_CONTAINED = 8  # aliases shorter than this are too common inside other words
CONTAINED_FACTOR = 0.9
MAX_WINDOW = 4
FUZZY_BATCH = 2000


@dataclass(frozen=True)
class Concept:
    kind: str  # "occupation" | "skill"
    id: str


@dataclass(frozen=True)
class Mapped:
    """What a text means: vocabulary concepts, or none (then `key` is compared fuzzily as free text)."""

    concepts: tuple[Concept, ...]
    key: str
    fuzzy: bool = False


class TextMapper:
    def __init__(self, vocabulary: Vocabulary, normaliser: Normaliser):
        self.normaliser = normaliser
        self._exact: dict[str, Concept] = {}
        targets: dict[str, Concept] = {}
        for text, entry_id, kind in vocabulary.aliases():
            spaced, joined = normaliser.keys(text)
            if joined:
                self._exact.setdefault(joined, Concept(kind, entry_id))
                targets.setdefault(spaced, Concept(kind, entry_id))
        self._spaced = list(targets)
        self._joined = [key.replace(" ", "") for key in self._spaced]
        self._targets = list(targets.values())
        self._alias_lengths = np.array([len(key) for key in self._joined])[None, :]
        self._cache: dict[str, Mapped] = {}

    def map(self, text: str) -> Mapped:
        found = self._cache.get(text)
        if found is None:
            self.map_many([text])
            found = self._cache[text]
        return found

    def map_many(self, texts: Iterable[str], fuzzy: Callable[[str], bool] | None = None) -> None:
        """Map every new distinct text; exact hits directly, the rest in one fuzzy batch (only the
        texts `fuzzy` admits, when given: text that names an occupation needs no skill guessed)."""
        pending: dict[str, tuple[str, str]] = {}
        for text in texts:
            if text in self._cache or text in pending:
                continue
            spaced, joined = self.normaliser.keys(text)
            concepts, complete = self._exact_concepts(spaced, joined)
            if concepts:
                self._cache[text] = Mapped(concepts, spaced)
            if joined and not complete and (fuzzy is None or fuzzy(text)):
                pending[text] = (spaced, joined)  # the whole text may still fit one entry better
            elif not concepts:
                self._cache[text] = Mapped((), spaced)
        items = list(pending.items())
        for start in range(0, len(items), FUZZY_BATCH):  # bounded memory: batch x aliases scores
            self._fuzzy(dict(items[start:start + FUZZY_BATCH]))

    def _exact_concepts(self, spaced: str, joined: str) -> tuple[tuple[Concept, ...], bool]:
        """Concepts named exactly, and whether they explain every word of the text."""
        whole = self._exact.get(joined)
        if whole is not None:
            return (whole,), True
        # Word windows, longest first: "maler lackierer fassaden" still finds "maler lackierer".
        words = spaced.split()
        found: list[Concept] = []
        used = [False] * len(words)
        for size in range(min(MAX_WINDOW, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                if any(used[start:start + size]):
                    continue
                concept = self._exact.get("".join(words[start:start + size]))
                if concept is not None and (size > 1 or len(words[start]) > 3):
                    found.append(concept)
                    used[start:start + size] = [True] * size
        return tuple(dict.fromkeys(found)), all(used)

    def _fuzzy(self, pending: dict[str, tuple[str, str]]) -> None:
        texts = list(pending)
        spaced = [pending[t][0] for t in texts]
        joined = [pending[t][1] for t in texts]
        if not self._spaced:  # an empty vocabulary: everything is free text
            self._cache.update({text: Mapped((), key) for text, key in zip(texts, spaced, strict=True)})
            return
        workers = _workers(len(joined))
        whole = cdist(joined, self._joined, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, workers=workers)
        np.maximum(whole, cdist(spaced, self._spaced, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF,
                                workers=workers), out=whole)
        # Containment is costly: only for texts with no window hit and no whole-text match.
        anywhere = whole.copy()
        needs = [row for row, text in enumerate(texts) if text not in self._cache
                 and whole[row].max() < FUZZY_CUTOFF and len(joined[row]) > MIN_CONTAINED]
        if needs:
            anywhere[needs] = np.maximum(whole[needs], self._contained([joined[row] for row in needs]))
        for row, text in enumerate(texts):
            windows = self._cache.get(text)
            # With exact word hits only a better whole-text match replaces them; containment
            # ("...mechatroniker" inside a compound) only helps texts with no hit at all.
            scores, needed = (whole[row], WHOLE_OVER_WINDOWS) if windows else (anywhere[row], FUZZY_CUTOFF)
            column = int(scores.argmax())
            if scores[column] >= needed:
                self._cache[text] = Mapped((self._targets[column],), spaced[row], fuzzy=True)
            elif windows is None:
                self._cache[text] = Mapped((), spaced[row])

    def _contained(self, joined: list[str]) -> np.ndarray:
        """A longer alias inside a compound: "blumenstraeussebinden" holds "straeussebinden"."""
        scores = cdist(joined, self._joined, scorer=fuzz.partial_ratio, score_cutoff=95, workers=_workers(len(joined)))
        query_lengths = np.array([len(q) for q in joined])[:, None]
        usable = (self._alias_lengths >= MIN_CONTAINED) & (self._alias_lengths < query_lengths)
        return np.where(usable, scores * CONTAINED_FACTOR, 0)


def _workers(texts: int) -> int:
    """All cores for a batch; one for a few texts, where starting threads costs more than it saves."""
    return -1 if texts > 32 else 1
