"""Prepare one side of the match (slots or candidates) once: text resolved, sparse matrices built.

Occupations are KldB 2010 codes, held at four depths (Berufsgattung, -untergruppe, -gruppe,
-hauptgruppe), so that a product finds every pair that meets at any of them (the scorer puts
all of a side's matrices side by side, `scoring._candidate_stack`, `_slot_stack`). Skills come
from the vocabulary; "features" are its skills followed by the codes, so that a skill tag naming
an occupation is a requirement like any other. Every occupation text also keeps a trigram vector,
for a graded likeness where codes do not meet and to tell apart slots of one code.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections.abc import Collection, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import chain, islice

import numpy as np
from scipy import sparse

from . import collector
from .arrays import distinct, row_entries
from .collector import paused
from .kldb import OccupationIndex, Resolution
from .mapping import TextMapper
from .memo import once_each
from .ngrams import row_norms
from .specs import KINDS, LEVELS, PERMITS, CandidateSpec, SlotSpec
from .vocabulary import Vocabulary

NO_DATE = np.iinfo(np.int32).min  # "now": available already / starts at once
DEPTHS = (5, 4, 3, 2)  # digits of a KldB code compared, finest first
LEAD = "lead"  # Occupations.depth's block of the codes named first (five digits): each text's first reading
_CODE_WORDS = re.compile(r"\b(?:kldb|\d{5})\b")
WORK_STAGES = ("exact", "colloquial", "helper", "worker", "code")  # sure enough to call a skill work
NO_REQUIREMENT = ("worker",)  # a slot's skill tag read this way ("Gruppenleitung") asks for no occupation
TOP_GRAMS = 8  # the rarest trigrams of a text stand for it: cheap products, same ranking


class ConceptIndex:
    """Positions of codes (at each depth), skills, features and districts in the matrices."""

    def __init__(self, vocabulary: Vocabulary, occupations: OccupationIndex,
                 districts: Mapping[str, str | None] | None):
        self.vocabulary = vocabulary
        self.occupations = occupations
        self.codes = {code: n for n, code in enumerate(occupations.codes)}
        self.prefixes = {depth: {p: n for n, p in enumerate(sorted({c[:depth] for c in occupations.codes}))}
                         for depth in DEPTHS}
        # For each code (by its position): its prefix at each depth, whether it is a Helfer code.
        self.prefix_of = {depth: np.array([self.prefixes[depth][c[:depth]] for c in occupations.codes],
                                          dtype=np.int32) for depth in DEPTHS}
        self.is_helper = np.array([c[4] == "1" for c in occupations.codes], dtype=bool)
        self.skills = {sid: n for n, sid in enumerate(vocabulary.skills)}
        self.n_features = len(self.skills) + len(self.codes)
        self.typical = self._typical_skills()
        self._typical_tables: dict[bool, sparse.csr_matrix] = {}
        self.districts: dict[str, int] = {}
        self.parent: list[int] = []
        for name, parent in (districts or {}).items():
            self.district(name, parent)

    def _typical_skills(self) -> dict[str, tuple[str, ...]]:
        """Skills typical of each code, from the vocabulary's occupations that the list recognises."""
        typical: dict[str, dict[str, None]] = {}
        for occupation in self.vocabulary.occupations.values():
            found = self.occupations.resolve(occupation.title)
            if found and found[0].how in ("exact", "code"):
                typical.setdefault(found[0].code, {}).update(dict.fromkeys(occupation.skills))
        return {code: tuple(skills) for code, skills in typical.items()}

    def district(self, name: str | None, parent: str | None = None) -> int:
        """Index of a district; unknown names get one of their own (they compare by equality)."""
        if not name:
            return -1
        if name not in self.districts:
            self.districts[name] = len(self.parent)
            self.parent.append(-1)
        index = self.districts[name]
        if parent:
            self.parent[index] = self.district(parent)
        return index

    def bezirk(self, index: int) -> int:
        return -1 if index < 0 else (self.parent[index] if self.parent[index] >= 0 else index)

    def code_feature(self, code: str) -> int:
        return len(self.skills) + self.codes[code]

    def typical_table(self, implied: bool) -> sparse.csr_matrix:
        """Codes (by position) x features: the skills typical of each code, with what they imply
        when `implied` (what a person of that occupation probably has) or without (what a slot of
        that occupation asks for when the employer lists nothing). Made once per index."""
        found = self._typical_tables.get(implied)
        if found is None:
            typical = [list(self.typical.get(code, ())) for code in self.occupations.codes]
            rows = [[self.skills[s] for s in (self.with_implied(skills) if implied else skills)] for skills in typical]
            found = self._typical_tables[implied] = _table(rows, self.n_features)
        return found

    def with_implied(self, skills: list[str]) -> dict[str, None]:
        """The skills and what they imply (Führerschein CE: C and B too), in order."""
        found: dict[str, None] = {}
        pending = list(skills)
        while pending:
            skill = pending.pop(0)
            if skill not in found:
                found[skill] = None
                pending += self.vocabulary.skills[skill].implies
        return found


def _table(rows: Sequence[Sequence[int]], width: int) -> sparse.csr_matrix:
    """A 0/1 matrix with a one at each column each row names (a few rows: a pool's distinct texts)."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, rows), dtype=np.int64, count=len(rows)), out=indptr[1:])
    indices = np.fromiter(chain.from_iterable(rows), dtype=np.int32, count=int(indptr[-1]))
    return sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), width))


def _picked(table: sparse.csr_matrix, picks: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(item, column) of every entry of the table rows the items pick: item owners[k] picks row
    picks[k] (a person's texts, a slot's codes)."""
    positions, lengths = row_entries(table.indptr, picks)
    return np.repeat(owners, lengths), table.indices[positions].astype(np.int64)


def _occurrences(groups: Sequence[Sequence[str]], numbers: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(item, text number) of every text of every item; `numbers` numbers each distinct text in
    order of its first appearance."""
    lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    picks = np.fromiter((numbers.setdefault(text, len(numbers)) for group in groups for text in group),
                        dtype=np.int64, count=int(lengths.sum()))
    return np.repeat(np.arange(len(groups)), lengths), picks


def _days(value: date | None) -> int:
    return NO_DATE if value is None else value.toordinal()


def _top_grams(vectors: sparse.csr_matrix) -> sparse.csr_matrix:
    """Each row cut to its TOP_GRAMS heaviest trigrams and normalised again (of equal weights, the
    later column stays, whatever the process)."""
    vectors = sparse.csr_matrix(vectors)
    lengths = np.diff(vectors.indptr)
    rows = np.repeat(np.arange(len(lengths)), lengths)
    # By row, then weight, then column: one stable sort of row * span + weight.
    span = 2.0 * max(1.0, float(vectors.data.max(initial=0.0)))
    order = np.argsort(rows * span + vectors.data, kind="stable")
    rank_from_end = np.empty(len(rows), dtype=np.int64)
    rank_from_end[order] = vectors.indptr[rows[order] + 1] - 1 - np.arange(len(rows))
    vectors.data[rank_from_end >= TOP_GRAMS] = 0.0
    vectors.eliminate_zeros()
    return scale_rows(vectors, 1.0 / row_norms(vectors))


def _binary_csr(rows: np.ndarray, columns: np.ndarray, size: int, width: int) -> sparse.csr_matrix:
    """A 0/1 matrix with a one at each (row, column) given, however often it is given."""
    cells = distinct(rows * width + columns)
    return _cells_csr(cells, np.ones(len(cells)), size, width)


def _cells_csr(cells: np.ndarray, values: np.ndarray, size: int, width: int) -> sparse.csr_matrix:
    """A matrix from distinct ascending cells (row * width + column) and their values."""
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(cells // width, minlength=size), out=indptr[1:])
    return sparse.csr_matrix((values, (cells % width).astype(np.int32), indptr), shape=(size, width))


def _bit_words(owners: np.ndarray, columns: np.ndarray, size: int, width: int) -> np.ndarray:
    """Each item's columns (item owners[k] has column columns[k]) as bits of 64-bit words (items x
    words): column c is bit c % 64 of word c // 64. A few words per person are read faster, pair
    by pair, than a row of booleans."""
    words = np.zeros((size, max(1, (width + 63) // 64)), dtype=np.uint64)
    np.bitwise_or.at(words, (owners, columns >> 6), np.left_shift(np.uint64(1), (columns & 63).astype(np.uint64)))
    return words


def scale_rows(matrix: sparse.csr_matrix, factors: np.ndarray) -> sparse.csr_matrix:
    """Each row times its factor, zeros dropped (cheaper than a product with a diagonal matrix)."""
    scaled = sparse.csr_matrix((matrix.data * np.repeat(factors, np.diff(matrix.indptr)), matrix.indices.copy(),
                                matrix.indptr.copy()), shape=matrix.shape)
    scaled.eliminate_zeros()
    return scaled


@dataclass
class Occupations:
    """One side's occupations: codes at each depth, the recognised titles, trigram vectors."""

    depth: dict[int | str, sparse.csr_matrix]  # items x prefixes of that depth; LEAD: items x codes named first
    resolutions: list[tuple[Resolution, ...]]
    text: sparse.csr_matrix  # items x trigrams
    helper: np.ndarray  # item's codes are all Helfer codes (fifth digit 1)
    haupt: np.ndarray  # bit mask of the item's Berufshauptgruppen (37 of them: one uint64)

    @classmethod
    def build(cls, resolutions: list[tuple[Resolution, ...]], texts: list[list[str]], index: ConceptIndex,
              leads: Sequence[int] | None = None):
        """`leads[n]`: how many of item n's resolutions (the first ones) lead; all of them without
        `leads` (a slot's title may name two occupations, and the employer asks for either)."""
        size = len(resolutions)
        items, code_ids = _codes_of(resolutions, index)
        depth: dict[int | str, sparse.csr_matrix] = {}
        for d in DEPTHS:  # two codes of one item in one group count once
            depth[d] = _binary_csr(items, index.prefix_of[d][code_ids], size, len(index.prefixes[d]))
        depth[LEAD] = depth[5]
        if leads is not None:
            counts = np.bincount(items, minlength=size)
            place = np.arange(len(items)) - np.repeat(np.cumsum(counts) - counts, counts)
            first = place < np.repeat(np.asarray(leads, dtype=np.int64), counts)
            if not first.all():
                depth[LEAD] = _binary_csr(items[first], index.prefix_of[5][code_ids[first]], size,
                                          len(index.prefixes[5]))
        keys = [" ".join(texts_of_item) for texts_of_item in texts]
        numbers: dict[str, int] = {}  # many items share a text: each distinct one is cut into trigrams once
        rows = np.fromiter((numbers.setdefault(key, len(numbers)) for key in keys), dtype=np.int64, count=size)
        text = _top_grams(index.occupations.trigrams.vectors(list(numbers)))
        if len(numbers) < size:
            text = text[rows]
        count = np.bincount(items, minlength=size)
        helper = (count > 0) & (np.bincount(items, weights=index.is_helper[code_ids], minlength=size) == count)
        haupt = np.zeros(size, dtype=np.uint64)
        np.bitwise_or.at(haupt, items, np.left_shift(np.uint64(1), index.prefix_of[2][code_ids].astype(np.uint64)))
        return cls(depth, resolutions, text, helper, haupt)


def _codes_of(resolutions: list[tuple[Resolution, ...]], index: ConceptIndex) -> tuple[np.ndarray, np.ndarray]:
    """(item, code position) of every occupation of every item."""
    codes = index.codes
    items = np.repeat(np.arange(len(resolutions)),
                      np.fromiter(map(len, resolutions), dtype=np.int64, count=len(resolutions)))
    code_ids = np.fromiter((codes[r.code] for found in resolutions for r in found), dtype=np.int64, count=len(items))
    return items, code_ids


@dataclass
class SlotPool:
    specs: list[SlotSpec]
    occupations: Occupations
    required: sparse.csr_matrix  # required features, each row's requirements sum to 1
    stated: np.ndarray  # the employer listed the requirements (else they are the occupation's typical skills)
    min_rank: np.ndarray
    support: np.ndarray
    district: np.ndarray
    bezirk: np.ndarray
    kind: np.ndarray
    start: np.ndarray

    def __post_init__(self):
        # Worked out once per pool, not once per query.
        self.ids = np.empty(len(self.specs), dtype=object)  # picked by numpy for each batch of matches
        self.ids[:] = [spec.id for spec in self.specs]
        # Listed requirements are met by what a person has or probably has; an occupation's typical
        # skills only by what the person says they can do (no guess meets another guess).
        self.typical = scale_rows(self.required, (~self.stated).astype(np.float64))
        self.listed = scale_rows(self.required, self.stated.astype(np.float64))
        self.stacks: dict[tuple, sparse.csr_matrix] = {}  # the scorer's matrices, made once per pool
        self.memo: dict[str, list] = {}  # the explainer's rows of this pool, made once when first asked
        # What the scorer asks of every pair's slot, in one byte: 1 a Helfer slot (by kind or code), 2 stated.
        helper = self.occupations.helper | (self.kind == KINDS.index("helfer"))
        self.flags = (helper.astype(np.int8) | (self.stated.astype(np.int8) << 1)).astype(np.int8)

    def __len__(self) -> int:
        return len(self.specs)


@dataclass
class CandidatePool:
    specs: list[CandidateSpec]
    occupations: Occupations  # occupations the person has worked in or named
    features: sparse.csr_matrix  # skills (1), named occupations (1), skills typical of them (implied)
    said: sparse.csr_matrix  # the same without the implied skills: what the person says
    rank: np.ndarray
    permit: np.ndarray
    kinds: np.ndarray  # bit mask of desired kinds; 0 = any
    listed: np.ndarray  # districts named (Ortsteile or whole Stadtbezirke), as bits (see _bit_words)
    bezirke: np.ndarray  # Stadtbezirke of everything named, as bits
    no_districts: np.ndarray
    available: np.ndarray

    def __post_init__(self):
        self.ids = np.empty(len(self.specs), dtype=object)  # picked by numpy for each batch of matches
        self.ids[:] = [spec.id for spec in self.specs]
        self.stacks: dict[tuple, sparse.csr_matrix] = {}  # the scorer's matrices, made once per pool
        self.memo: dict[str, list] = {}  # the explainer's rows of this pool, made once when first asked

    def __len__(self) -> int:
        return len(self.specs)


class Reader:
    """Texts of either side to skills, codes and free text, with the engine's caches."""

    def __init__(self, mapper: TextMapper, index: ConceptIndex, resolve, resolved: dict):
        """`resolve(text)` resolves through the engine's cache `resolved` (text -> resolutions)."""
        self.mapper = mapper
        self.index = index
        self.resolve = resolve
        self.resolved = resolved
        self._memo: dict[str, dict[str, tuple]] = {"title": {}, "skills": {}, "person": {}}
        self._columns: dict[str, dict[str, tuple[int, ...]]] = {"skills": {}, "person": {}}
        self.split = True  # a large pool may be prepared in two processes (see _in_two)

    def read(self, texts: Sequence[str], confirmed: Sequence[str] = (), kind: str = "skills"
             ) -> tuple[list[str], list[Resolution], list[str], int]:
        """(skill ids, occupations, occupation texts, how many occupations lead) of one item's texts.

        kind "title": a slot's title names an occupation whenever the list knows one.
        kind "skills": a slot's skill tags; a tag naming a skill is that skill.
        kind "person": a person's texts; a skill that our own layer knows as work ("Putzen")
        names that occupation too. Every occupation text stays as text for the likeness.
        The occupations come in order: first those that lead (confirmed, or the first a text
        names), then those a text names after another ("Bestatter, davor Tischler")."""
        skills: list[str] = []
        lead: dict[str, Resolution] = {}
        for code in confirmed:
            if code in self.index.codes:
                title = self.index.occupations.display_title(code) or code
                lead.setdefault(code, Resolution(code, title, 1.0, "confirmed"))
        later: dict[str, Resolution] = {}
        occupation_texts: list[str] = []
        for text in texts:
            reading = self._reading(text, kind)
            skills += reading[0]
            if reading[1]:
                lead.setdefault(reading[1][0].code, reading[1][0])
                for resolution in reading[1][1:]:
                    later.setdefault(resolution.code, resolution)
            if reading[2] is not None:
                occupation_texts.append(reading[2])
        found = [*lead.values(), *(r for code, r in later.items() if code not in lead)]
        return skills, found, occupation_texts, len(lead)

    def _reading(self, text: str, kind: str) -> tuple[tuple[str, ...], tuple[Resolution, ...], str | None]:
        memo = self._memo[kind]
        reading = memo.get(text)
        if reading is None:
            reading = memo[text] = self._read_one(text, kind)
        return reading

    def columns(self, text: str, kind: str) -> tuple[int, ...]:
        """The feature columns one text gives an item. kind "skills" (a slot's tag): the skills and
        the occupations it names, as requirements; kind "person": the skills it names and what they
        imply (the person's occupations are columns of their own, `prepare_candidates`)."""
        memo = self._columns[kind]
        found = memo.get(text)
        if found is None:
            skills, codes, _ = self._reading(text, kind)
            index = self.index
            if kind == "person":
                found = tuple(index.skills[s] for s in index.with_implied(list(skills)))
            else:
                found = tuple(dict.fromkeys([*(index.skills[s] for s in skills),
                                             *(index.code_feature(r.code) for r in codes)]))
            memo[text] = found
        return found

    def _read_one(self, text: str, kind: str) -> tuple[tuple[str, ...], tuple[Resolution, ...], str | None]:
        """(skill ids, occupations, occupation text or None) of one text, as `read` takes it; a
        city's texts repeat, so each distinct text is worked out once per kind."""
        if kind == "title":  # a title names occupations, never a skill: only its key is wanted, for the likeness
            return (), self.resolve(text), _CODE_WORDS.sub("", self.mapper.normaliser.keys(text)[0]).strip()
        mapped = self.mapper.map(text)
        named = tuple(c.id for c in mapped.concepts if c.kind == "skill")
        if named and not mapped.fuzzy:
            work = ()
            if kind == "person":
                work = self.resolve(text)
                if mapped.partial and work:
                    # Skills named inside a longer text that names an occupation: both, and the text
                    # for the likeness ("Anlagentechnikerin für EDV-Wartung" names EDV, and is a
                    # technician however it was recognised).
                    return named, work, _CODE_WORDS.sub("", mapped.key).strip()
                work = tuple(r for r in work if r.how in WORK_STAGES)
            return named, work, None
        resolved = self.resolve(text)
        if kind == "skills":
            resolved = tuple(r for r in resolved if r.how not in NO_REQUIREMENT)
        if not resolved and named:
            return named, (), None
        return (), tuple(resolved), _CODE_WORDS.sub("", mapped.key).strip()  # a code in the text is no likeness

    @paused()
    def read_all(self, texts, lazy: Collection[str] = (), titles: Collection[str] = ()) -> None:
        """Read a batch of texts before their items are built: each new distinct text resolved to
        occupations and mapped to skills, in one fuzzy pass for those that name no occupation
        either (most texts of a city name one: guessing a skill for them is wasted). Texts in
        `lazy` (a slot's skill tags) are resolved only where the skills they name exactly leave
        words unexplained: a tag that is a skill asks for no occupation (`_read_one`). Texts in
        `titles` (a slot's titles, not its tags) are only resolved: a title asks for no skill."""
        knows, resolved = self.mapper.knows, self.resolved
        new = [text for text in dict.fromkeys(texts)
               if (text not in resolved and text not in lazy) or (not knows(text) and text not in titles)]
        for text in new:
            if text not in lazy:
                self.resolve(text)
        self.mapper.map_many([text for text in new if text not in titles], fuzzy=lambda text: not self.resolve(text))

    def remember(self, resolved: dict[str, tuple], mapped: dict[str, tuple]) -> None:
        """Readings made in a forked process (`_pool_in_child`), as plain tuples."""
        self.resolved.update(_all_rebuilt(resolved))
        self.mapper.remember(mapped)

    def known(self, texts) -> tuple[dict[str, tuple], dict[str, tuple]]:
        """What `remember` takes, for texts read in this process. Texts that read alike share one
        plain tuple: it crosses the pipe once and is rebuilt once."""
        texts = list(dict.fromkeys(texts))
        resolved, plain = self.resolved, _plain_once()
        return ({text: plain(found) for text in texts if (found := resolved.get(text)) is not None},
                self.mapper.known(texts))

    def unread(self, texts) -> Iterator[str]:
        """The distinct texts of these the reader has not read yet (neither mapped nor resolved), in order."""
        knows, resolved, seen = self.mapper.knows, self.resolved, set()
        for text in texts:
            if text not in seen:
                seen.add(text)
                if not knows(text) and text not in resolved:
                    yield text

    def new_texts(self, texts, enough: int | None = None) -> int:
        """How many distinct texts of these the reader has not read yet; counted up to `enough` at
        most, when given (a large new pool need not be read through to know it is large)."""
        return sum(1 for _ in islice(self.unread(texts), enough))


PARALLEL_TEXTS = 4_000  # new distinct texts from which a pool is prepared in two processes
_FORKED: tuple | None = None  # what the forked process works with: (reader, its task, argument), as at the fork
_FORK_LOCK = threading.Lock()  # one forked preparation at a time per process


def _can_fork() -> bool:
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _in_two(reader: Reader, own, theirs, argument):
    """`own()` here while a forked copy of this process runs `theirs(reader, argument)` (both as
    they are at the fork: nothing is sent to the copy); returns what `theirs` returned. Each
    process works on one core, and neither splits its work again."""
    global _FORKED
    with _FORK_LOCK:
        _FORKED = (reader, theirs, argument)
        reader.mapper.workers, reader.split = 1, False
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as child:
                result = child.submit(_run_in_child)
                own()
                if not result.done():
                    collector.while_waiting()
                return result.result()
        finally:
            _FORKED = None
            reader.mapper.workers, reader.split = None, True


def _plain(found: tuple[Resolution, ...]) -> tuple[tuple, ...]:
    """Resolutions as plain tuples: they cross the pipe from a forked copy several times faster
    than the dataclass."""
    return tuple((r.code, r.title, r.confidence, r.how) for r in found)


def _rebuilt(plain: tuple[tuple, ...], made: dict[tuple, Resolution]) -> tuple[Resolution, ...]:
    """`_plain`'s tuples as resolutions again, one object per distinct resolution (`made`)."""
    return tuple(made.get(fields) or made.setdefault(fields, Resolution(*fields)) for fields in plain)


def _plain_once():
    """`_plain` once per distinct reading: a shared tuple is pickled once."""
    return once_each(_plain)


def _all_rebuilt(plain: dict[str, tuple[tuple, ...]] | list[tuple[tuple, ...]]) -> dict | list:
    """`_rebuilt` for many readings (a dict by text, or a list), once per shared plain tuple."""
    made: dict[tuple, Resolution] = {}
    rebuilt = once_each(lambda found: _rebuilt(found, made), key=id)
    if isinstance(plain, dict):
        return {text: rebuilt(found) for text, found in plain.items()}
    return [rebuilt(found) for found in plain]


def _run_in_child():
    collector.off()
    reader, theirs, argument = _FORKED
    return theirs(reader, argument)


def _pool_in_child(reader: Reader, work: tuple) -> tuple[dict, dict, dict]:
    """In the forked process: a pool of `specs`, packed (`_packed`), and what was read for it
    that the parent, preparing `others` meanwhile, does not read itself (`Reader.known`): it
    keeps every text read, so that the next pool of a changed city reads only what is new."""
    specs, implied, others = work
    theirs = set(_texts(others))
    new = [text for text in reader.unread(_texts(specs)) if text not in theirs]
    return _packed(_prepare(specs, reader, implied)), *reader.known(new)


def _people(specs: list) -> bool:
    """Whether the specs are people (else slots)."""
    return bool(specs) and isinstance(specs[0], CandidateSpec)


def _texts(specs: list) -> Iterator[str]:
    return candidate_texts(specs) if _people(specs) else slot_texts(specs)


def _prepare(specs: list, reader: Reader, implied: float) -> SlotPool | CandidatePool:
    return prepare_candidates(specs, reader, implied) if _people(specs) else prepare_slots(specs, reader)


def _packed(pool: SlotPool | CandidatePool) -> dict:
    """A pool's fields without its specs (the parent has them), resolutions as plain tuples."""
    fields = {name: getattr(pool, name) for name in type(pool).__dataclass_fields__ if name != "specs"}
    plain = _plain_once()
    fields["occupations"] = replace(pool.occupations, resolutions=[plain(r) for r in pool.occupations.resolutions])
    return fields


def _unpacked(fields: dict) -> dict:
    occupations = fields["occupations"]
    return {**fields, "occupations": replace(occupations, resolutions=_all_rebuilt(occupations.resolutions))}


def _stacked(first, second):
    """Two pools' field values, the first's items followed by the second's."""
    if isinstance(first, sparse.csr_matrix):
        return sparse.vstack([first, second], format="csr")
    if isinstance(first, np.ndarray):
        return np.concatenate([first, second])
    if isinstance(first, list):
        return first + second
    if isinstance(first, dict):
        return {key: _stacked(value, second[key]) for key, value in first.items()}
    return type(first)(**{name: _stacked(getattr(first, name), getattr(second, name))
                          for name in first.__dataclass_fields__})


def _number_districts(index: ConceptIndex, candidates: Sequence[CandidateSpec], slots: Sequence[SlotSpec]) -> None:
    """Districts numbered before a fork, in the order one process would number them: both
    processes then give every district the same position."""
    for spec in candidates:
        for name in spec.districts:
            index.district(name)
    for spec in slots:
        index.district(spec.district)


def _worth_splitting(reader: Reader, texts) -> bool:
    return reader.split and _can_fork() and reader.new_texts(texts, enough=PARALLEL_TEXTS) >= PARALLEL_TEXTS


# The forked copy's share of a split pool's items: besides its half it finds which texts it reads
# that this process does not, packs and sends what it read, and copies every page it writes that
# it shares with this process; measured on the benchmark's pools, it finished about 0.5 s after
# this process when each did one half (100,000 slots: 5.2 s against 4.7 s). Since the copy no
# longer collects (`collector.off`), with this share the copy still ends last, 0.05 to 0.35 s
# after this process, which collects meanwhile (`collector.while_waiting`).
FORKED_SHARE = 0.47


def parent_share(items: int) -> int:
    """How many of a split pool's items (the first ones) this process prepares itself."""
    return items - int(items * FORKED_SHARE)


def _pool_in_two(specs: list, reader: Reader, implied: float) -> SlotPool | CandidatePool:
    """A large pool prepared in two processes: a forked copy reads and prepares the second half
    of the items while this one does the first, and the halves are stacked. Each item's reading
    depends on its own texts alone, so the split changes no result; texts both halves share
    (a fifth of a city's) are read in both; the parent keeps what the copy read."""
    people = _people(specs)
    _number_districts(reader.index, specs if people else (), () if people else specs)
    half = parent_share(len(specs))
    first: list = []
    second, resolved, mapped = _in_two(reader, lambda: first.append(_prepare(specs[:half], reader, implied)),
                                       _pool_in_child, (specs[half:], implied, specs[:half]))
    reader.remember(resolved, mapped)
    fields = _unpacked(second)
    pool = first[0]
    return type(pool)(specs=specs, **{name: _stacked(getattr(pool, name), value) for name, value in fields.items()})


@paused()
def prepare_both(candidates: Sequence[CandidateSpec], slots: Sequence[SlotSpec], reader: Reader,
                 implied: float) -> tuple[CandidatePool, SlotPool]:
    """Both sides of a whole city at once: a forked copy of this process reads and prepares the
    slots while this one does the candidates (the texts of the two sides are read where they are
    used). A few texts both sides share are read in both. Districts are numbered first, in the
    order the two pools, made one after the other, would number them, so the result is the same
    either way."""
    candidates, slots = list(candidates), list(slots)
    if not _worth_splitting(reader, chain(candidate_texts(candidates), slot_texts(slots))) or not slots:
        return prepare_candidates(candidates, reader, implied), prepare_slots(slots, reader)
    _number_districts(reader.index, candidates, slots)
    candidate_pool: list[CandidatePool] = []
    fields, resolved, mapped = _in_two(
        reader, lambda: candidate_pool.append(prepare_candidates(candidates, reader, implied)), _pool_in_child,
        (slots, implied, candidates))
    reader.remember(resolved, mapped)
    return candidate_pool[0], SlotPool(specs=slots, **_unpacked(fields))


def slot_texts(specs: Sequence[SlotSpec]) -> Iterator[str]:
    return (text for spec in specs for text in (spec.title, *spec.skills))


def candidate_texts(specs: Sequence[CandidateSpec]) -> Iterator[str]:
    return (text for spec in specs for text in spec.skills)


_LEVEL = {level: n for n, level in enumerate(LEVELS)}
_PERMIT = {permit: n for n, permit in enumerate(PERMITS)}
_KIND = {kind: n for n, kind in enumerate(KINDS)}


@paused()
def prepare_slots(specs: Sequence[SlotSpec], reader: Reader) -> SlotPool:
    specs = list(specs)
    if len(specs) > 1 and _worth_splitting(reader, slot_texts(specs)):
        return _pool_in_two(specs, reader, 0.0)
    index = reader.index
    titles = {spec.title for spec in specs}
    tags = {tag for spec in specs for tag in spec.skills}
    reader.read_all(slot_texts(specs), lazy=tags - titles, titles=titles - tags)
    resolutions, texts = [], []
    by_title: dict[str, tuple] = {}  # a title without a confirmed code reads the same in every slot
    for spec in specs:
        found = None if spec.occupation_code else by_title.get(spec.title)
        if found is None:
            _, title_codes, title_texts, _ = reader.read([spec.title], (spec.occupation_code,)
                                                         if spec.occupation_code else (), kind="title")
            if spec.occupation_code in index.codes:  # a confirmed code beats the guess
                title_codes = [r for r in title_codes if r.code == spec.occupation_code]
            found = (tuple(title_codes), title_texts or [spec.title.casefold()])
            if not spec.occupation_code:
                by_title[spec.title] = found
        resolutions.append(found[0])
        texts.append(found[1])
    size, width = len(specs), index.n_features
    # What the employer asks for: the skills and occupations the skill tags name, each tag read once.
    numbers: dict[str, int] = {}
    owners, picks = _occurrences([spec.skills for spec in specs], numbers)
    rows, columns = _picked(_table([reader.columns(text, "skills") for text in numbers], width), picks, owners)
    stated = np.bincount(rows, minlength=size) > 0
    # Where the employer lists nothing: the skills typical of the title's occupation.
    items, code_ids = _codes_of(resolutions, index)
    unstated = ~stated[items]
    typical_rows, typical_columns = _picked(index.typical_table(implied=False), code_ids[unstated], items[unstated])
    required = _binary_csr(np.concatenate([rows, typical_rows]), np.concatenate([columns, typical_columns]),
                           size, width)
    counts = np.diff(required.indptr)
    required.data /= np.repeat(np.maximum(counts, 1), counts)  # each row's requirements sum to 1
    districts = np.fromiter((index.district(s.district) for s in specs), dtype=np.int32, count=size)
    parents = np.asarray([*index.parent, -1], dtype=np.int32)[districts]  # -1: no district, no parent
    return SlotPool(
        specs=specs,
        occupations=Occupations.build(resolutions, texts, index),
        required=required,
        stated=stated,
        min_rank=np.fromiter((_LEVEL[s.min_german] for s in specs), dtype=np.int8, count=size),
        support=np.fromiter((bool(s.language_support) for s in specs), dtype=bool, count=size),
        district=districts,
        bezirk=np.where(parents >= 0, parents, districts).astype(np.int32),
        kind=np.fromiter((_KIND[s.kind] for s in specs), dtype=np.int8, count=size),
        start=np.fromiter((_days(s.start) for s in specs), dtype=np.int32, count=size),
    )


@paused()
def prepare_candidates(specs: Sequence[CandidateSpec], reader: Reader, implied: float) -> CandidatePool:
    specs = list(specs)
    if len(specs) > 1 and _worth_splitting(reader, candidate_texts(specs)):
        return _pool_in_two(specs, reader, implied)
    index = reader.index
    reader.read_all(candidate_texts(specs))
    resolutions, texts, leads = [], [], []
    for spec in specs:
        _, codes, occupation_texts, lead = reader.read(spec.skills, spec.occupation_codes, kind="person")
        resolutions.append(tuple(codes))
        texts.append(occupation_texts)
        leads.append(lead)
    size, width = len(specs), index.n_features
    # What the person says: skills (with what they imply) and occupations, each text read once.
    numbers: dict[str, int] = {}
    owners, picks = _occurrences([spec.skills for spec in specs], numbers)
    rows, columns = _picked(_table([reader.columns(text, "person") for text in numbers], width), picks, owners)
    items, code_ids = _codes_of(resolutions, index)
    said = distinct(np.concatenate([rows * width + columns, items * width + len(index.skills) + code_ids]))
    # What the person probably has besides: the skills typical of their occupations.
    typical_rows, typical_columns = _picked(index.typical_table(implied=True), code_ids, items)
    probable = distinct(typical_rows * width + typical_columns)
    probable = probable[~np.isin(probable, said, assume_unique=True)]
    cells = np.concatenate([said, probable])
    order = np.argsort(cells, kind="stable")
    values = np.concatenate([np.ones(len(said)), np.full(len(probable), implied)])[order]
    # Districts the person named (Ortsteile or whole Stadtbezirke), and the Stadtbezirke of them.
    named = [(n, index.district(name)) for n, spec in enumerate(specs) for name in spec.districts if name]
    named_owners = np.fromiter((n for n, _ in named), dtype=np.int64, count=len(named))
    named_ids = np.fromiter((d for _, d in named), dtype=np.int64, count=len(named))
    parents = np.asarray(index.parent, dtype=np.int64)[named_ids] if len(named) else named_ids
    places = len(index.parent)
    return CandidatePool(
        specs=specs,
        occupations=Occupations.build(resolutions, texts, index, leads),
        features=_cells_csr(cells[order], values, size, width),
        said=_cells_csr(said, np.ones(len(said)), size, width),
        rank=np.fromiter((_LEVEL[s.german] for s in specs), dtype=np.int8, count=size),
        permit=np.fromiter((_PERMIT[s.work_permit] for s in specs), dtype=np.int8, count=size),
        kinds=np.fromiter((_kinds(tuple(s.desired_kinds)) for s in specs), dtype=np.uint8, count=size),
        listed=_bit_words(named_owners, named_ids, size, places),
        bezirke=_bit_words(named_owners, np.where(parents >= 0, parents, named_ids), size, places),
        no_districts=np.fromiter((not s.districts for s in specs), dtype=bool, count=size),
        available=np.fromiter((_days(s.available_from) for s in specs), dtype=np.int32, count=size),
    )


@lru_cache(maxsize=256)
def _kinds(kinds: tuple[str, ...]) -> int:
    """The desired kinds as a bit mask; 0 = any."""
    return sum(1 << _KIND[kind] for kind in set(kinds))
