"""Free text to vocabulary concepts: exact keys first, then word windows, then rapidfuzz.

Each distinct text is mapped once and remembered; a batch of new texts is compared with
every alias in one `cdist` call (C++, all cores), never text by text in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from scipy import sparse

from .memo import once_each
from .normalise import Normaliser
from .vocabulary import Vocabulary

FUZZY_CUTOFF = 85.0
WHOLE_OVER_WINDOWS = 90.0  # a whole-text match must be this good to replace word-window hits
MIN_CONTAINED = 8  # aliases shorter than this are too common inside other words
CONTAINED_FACTOR = 0.9
CONTAINED_MIN = 95  # partial_ratio of an alias inside a text
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
    partial: bool = False  # the concepts, named exactly, leave words of the text unexplained


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
        self._cache: dict[str, Mapped] = {}
        # What the words of a text (its spaced key) name exactly, and whether they leave words over
        # for a fuzzy pass: a city's texts that differ only in case, umlauts, spaces or gender forms
        # are looked up once.
        self._by_key: dict[str, tuple[Mapped | None, bool]] = {}
        self.workers: int | None = None  # threads of a fuzzy batch; None: all cores for a large one
        self._gram_columns: dict[str, int] = {}

    def knows(self, text: str) -> bool:
        return text in self._cache

    def known(self, texts: Iterable[str]) -> dict[str, tuple]:
        """What those of these texts that were mapped were mapped to, as plain tuples: they cross a
        pipe to another process several times faster than the dataclasses."""
        named = once_each(lambda concepts: tuple((c.kind, c.id) for c in concepts))  # pickled once each
        cache = self._cache
        return {text: (named(found.concepts), found.key, found.fuzzy, found.partial)
                for text in texts if (found := cache.get(text)) is not None}

    def remember(self, mapped: dict[str, tuple]) -> None:
        """Mappings made elsewhere (`known` of a forked process preparing half of a pool)."""
        concepts: dict[tuple, Concept] = {}
        rebuilt = once_each(lambda named: tuple(concepts.get(c) or concepts.setdefault(c, Concept(*c)) for c in named),
                            key=id)  # `known` shares one tuple among texts naming the same
        self._cache.update({text: Mapped(rebuilt(named), key, fuzzy, partial)
                            for text, (named, key, fuzzy, partial) in mapped.items()})

    def map(self, text: str) -> Mapped:
        found = self._cache.get(text)
        if found is None:
            self.map_many([text])
            found = self._cache[text]
        return found

    def map_many(self, texts: Iterable[str], fuzzy: Callable[[str], bool] | None = None) -> None:
        """Map every new distinct text; exact hits directly, the rest in one fuzzy batch (only the
        texts `fuzzy` admits, when given: text that names an occupation needs no skill guessed)."""
        cache, by_key, keys = self._cache, self._by_key, self.normaliser.keys
        pending: dict[str, list[str]] = {}  # spaced key -> its texts that may fit one entry better as a whole
        waiting: set[str] = set()
        for text in texts:
            if text in cache or text in waiting:
                continue
            spaced, joined = keys(text)
            found = by_key.get(spaced)
            if found is None:
                found = by_key[spaced] = self._exact_mapping(spaced, joined)
            windows, open_ = found
            if windows is not None:
                cache[text] = windows
            if open_ and (fuzzy is None or fuzzy(text)):
                pending.setdefault(spaced, []).append(text)
                waiting.add(text)
            elif windows is None:
                cache[text] = Mapped((), spaced)
        items = list(pending.items())
        for start in range(0, len(items), FUZZY_BATCH):  # bounded memory: batch x aliases scores
            self._fuzzy(dict(items[start:start + FUZZY_BATCH]))

    def _exact_mapping(self, spaced: str, joined: str) -> tuple[Mapped | None, bool]:
        """(what the words of a key name exactly, or None; whether words are left for a fuzzy pass)."""
        concepts, complete = self._exact_concepts(spaced, joined)
        return (Mapped(concepts, spaced, partial=not complete) if concepts else None), bool(joined) and not complete

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

    def _fuzzy(self, pending: dict[str, list[str]]) -> None:
        """Each spaced key of `pending` compared with every alias, the result given to its texts."""
        spaced = list(pending)
        joined = [key.replace(" ", "") for key in spaced]
        windows = [self._by_key[key][0] for key in spaced]
        if not self._spaced:  # an empty vocabulary: everything is free text
            for key, found in zip(spaced, windows, strict=True):
                self._cache.update(dict.fromkeys(pending[key], found or Mapped((), key)))
            return
        workers = self.workers or _workers(len(joined))
        # The best alias of each key, as a whole: by ratio of the joined keys or token_sort_ratio of
        # the spaced ones, whichever is higher; of equals, the first alias.
        by_ratio, ratio_at = _best_of(joined, self._joined_lengths, fuzz.ratio, workers)
        by_sort, sort_at = _best_of(spaced, self._spaced_lengths, fuzz.token_sort_ratio, workers)
        whole_top = np.maximum(by_ratio, by_sort)
        whole_at = np.where(by_ratio == by_sort, np.minimum(ratio_at, sort_at),
                            np.where(by_ratio > by_sort, ratio_at, sort_at))
        whole_max, whole_best = whole_top.tolist(), whole_at.tolist()
        anywhere_max, anywhere_best = list(whole_max), list(whole_best)
        # Containment is costly: only for texts with no window hit and no whole-text match (every
        # alias of theirs scored 0).
        needs = [row for row, found in enumerate(windows) if found is None
                 and whole_max[row] < FUZZY_CUTOFF and len(joined[row]) > MIN_CONTAINED]
        if needs:
            contained = self._contained([joined[row] for row in needs]).astype(np.float32)
            for row, top, at in zip(needs, contained.max(axis=1).tolist(), contained.argmax(axis=1).tolist(),
                                    strict=True):
                anywhere_max[row], anywhere_best[row] = top, at
        for row, key in enumerate(spaced):
            # With exact word hits only a better whole-text match replaces them; containment
            # ("...mechatroniker" inside a compound) only helps texts with no hit at all.
            column, score, needed = ((whole_best[row], whole_max[row], WHOLE_OVER_WINDOWS) if windows[row]
                                     else (anywhere_best[row], anywhere_max[row], FUZZY_CUTOFF))
            if score >= needed:
                found = Mapped((self._targets[column],), key, fuzzy=True)
            else:
                found = windows[row] or Mapped((), key)
            self._cache.update(dict.fromkeys(pending[key], found))

    def _contained(self, joined: list[str]) -> np.ndarray:
        """A longer alias inside a compound: "blumenstraeussebinden" holds "straeussebinden".

        partial_ratio is costly on long texts, so it runs only on the pairs that could reach the
        cutoff: an alias found inside a text at CONTAINED_MIN keeps all but a few of its trigrams
        (each edit breaks at most three), counted for every pair in one sparse product."""
        scores = np.zeros((len(joined), len(self._joined)))
        aliases_t = self._alias_grams_t  # learns the trigram columns first
        shared = (self._gram_rows(joined) @ aliases_t).tocoo()
        possible = shared.data >= self._alias_gram_floor[shared.col]
        for row, column in zip(shared.row[possible].tolist(), shared.col[possible].tolist(), strict=True):
            if MIN_CONTAINED <= len(self._joined[column]) < len(joined[row]):
                scores[row, column] = fuzz.partial_ratio(
                    joined[row], self._joined[column], score_cutoff=CONTAINED_MIN) * CONTAINED_FACTOR
        return scores

    @cached_property
    def _joined_lengths(self) -> _Lengths:
        return _Lengths(self._joined)

    @cached_property
    def _spaced_lengths(self) -> _Lengths:
        return _Lengths(self._spaced)

    @cached_property
    def _alias_grams_t(self) -> sparse.csr_matrix:
        return self._gram_rows(self._joined, learn=True).T.tocsr()

    @cached_property
    def _alias_gram_floor(self) -> np.ndarray:
        """Trigrams an alias must share with a text to be inside it at CONTAINED_MIN: all of its
        distinct trigrams but three per edit that ratio allows."""
        grams = np.diff(self._alias_grams_t.T.tocsr().indptr)
        lengths = np.array([len(key) for key in self._joined])
        edits = np.floor(lengths * 2 * (100 - CONTAINED_MIN) / 100) + 1
        return np.maximum(1, grams - 3 * edits)

    def _gram_rows(self, keys: list[str], learn: bool = False) -> sparse.csr_matrix:
        """Binary rows of the distinct trigrams of each key (trigrams no alias has are left out)."""
        columns = self._gram_columns
        indptr, indices = [0], []
        for key in keys:
            grams = {key[k:k + 3] for k in range(len(key) - 2)}
            if learn:
                indices.extend(columns.setdefault(gram, len(columns)) for gram in grams)
            else:
                indices.extend(columns[gram] for gram in grams if gram in columns)
            indptr.append(len(indices))
        return sparse.csr_matrix((np.ones(len(indices)), np.asarray(indices, dtype=np.int32), indptr),
                                 shape=(len(keys), max(1, len(columns)) if learn else self._alias_grams_t.shape[0]))


class _Lengths:
    """Aliases in order of their length (`_best_of`)."""

    def __init__(self, aliases: list[str]):
        lengths = np.fromiter(map(len, aliases), dtype=np.int64, count=len(aliases))
        self.order = np.argsort(lengths, kind="stable")  # an alias's place in the aliases
        self.lengths = lengths[self.order]
        self.aliases = [aliases[k] for k in self.order.tolist()]


# ratio and token_sort_ratio are Indel similarities, 100 * (1 - distance / (a + b)) for texts of
# lengths a and b, and the distance is at least |a - b|: texts whose lengths lie further apart than
# this share of their sum score below the cutoff however alike they are.
_LENGTH_SHARE = (100.0 - FUZZY_CUTOFF) / 100.0
LENGTH_GROUP = 1.15  # texts compared at once span at most this ratio of lengths


def _best_of(texts: list[str], lengths: _Lengths, scorer, workers: int) -> tuple[np.ndarray, np.ndarray]:
    """For each text, the best score of cdist(texts, aliases, score_cutoff=FUZZY_CUTOFF) and the
    first alias scoring it (0 where none reaches the cutoff, as argmax of a row of zeros); each
    text compared only with the aliases whose length lets them reach the cutoff (a character of
    margin either side), a group of texts of like length at a time: a third of the comparisons,
    and no matrix of every text and every alias."""
    top = np.zeros(len(texts), dtype=np.float32)
    at = np.zeros(len(texts), dtype=np.int64)
    text_lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    rows = np.argsort(text_lengths, kind="stable")
    by_length = text_lengths[rows]
    start = 0
    while start < len(rows):
        shortest = int(by_length[start])
        end = int(np.searchsorted(by_length, max(shortest + 1, shortest * LENGTH_GROUP)))
        longest = int(by_length[end - 1])
        first = int(np.searchsorted(lengths.lengths, shortest * (1 - _LENGTH_SHARE) / (1 + _LENGTH_SHARE) - 1))
        last = int(np.searchsorted(lengths.lengths, longest * (1 + _LENGTH_SHARE) / (1 - _LENGTH_SHARE) + 1,
                                   side="right"))
        if last > first:
            group = rows[start:end]
            scores = cdist([texts[k] for k in group.tolist()], lengths.aliases[first:last], scorer=scorer,
                           score_cutoff=FUZZY_CUTOFF, workers=workers)
            best = scores.max(axis=1)
            places = lengths.order[first:last]
            earliest = np.where(scores == best[:, None], places[None, :], len(lengths.order)).min(axis=1)
            top[group] = best
            at[group] = np.where(best > 0, earliest, 0)
        start = end
    return top, at


def _workers(texts: int) -> int:
    """All cores for a batch; one for a few texts, where starting threads costs more than it saves."""
    return -1 if texts > 32 else 1
