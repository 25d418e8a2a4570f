"""Prepare one side of the match (slots or candidates) once: text resolved, sparse matrices built.

Occupations are KldB 2010 codes, held at four depths (Berufsgattung, -untergruppe, -gruppe,
-hauptgruppe), so that a product finds every pair that meets at any of them (the scorer puts
all of a side's matrices side by side, `scoring._candidate_stack`, `_slot_stack`). Skills come
from the vocabulary; "features" are its skills followed by the codes, so that a skill tag naming
an occupation is a requirement like any other. Every occupation text also keeps a trigram vector,
for a graded likeness where codes do not meet and to tell apart slots of one code.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from itertools import chain

import numpy as np
from scipy import sparse

from .arrays import distinct
from .kldb import OccupationIndex, Resolution
from .mapping import TextMapper
from .ngrams import row_norms
from .specs import KINDS, LEVELS, PERMITS, CandidateSpec, SlotSpec
from .vocabulary import Vocabulary

NO_DATE = np.iinfo(np.int32).min  # "now": available already / starts at once
DEPTHS = (5, 4, 3, 2)  # digits of a KldB code compared, finest first
_CODE_WORDS = re.compile(r"\b(?:kldb|\d{5})\b")
WORK_STAGES = ("exact", "colloquial", "helper", "worker", "code")  # sure enough to call a skill work
NO_REQUIREMENT = ("worker",)  # a slot's skill tag read this way ("Gruppenleitung") asks for no occupation
TOP_GRAMS = 8  # the rarest trigrams of a text stand for it: cheap products, same ranking


_PAUSES = 0  # readings and preparations under way that keep the cyclic collector paused
_PAUSE_LOCK = threading.Lock()
_WAS_ENABLED = True  # the collector's state when the first pause began


@contextmanager
def collector_paused():
    """Reading a city's texts and preparing its pools make hundreds of thousands of small objects,
    none of them in a cycle. The cyclic collector's full passes over the process's whole memory cost
    a fifth of that time (1.3 s of 7 for 100,000 slots), so it waits until the work is done; nested
    and concurrent uses keep it paused until the last one ends."""
    global _PAUSES, _WAS_ENABLED
    with _PAUSE_LOCK:
        if _PAUSES == 0:
            _WAS_ENABLED = gc.isenabled()
            gc.disable()
        _PAUSES += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _PAUSES -= 1
            if _PAUSES == 0 and _WAS_ENABLED:
                gc.enable()


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
        self._typical_columns: dict[str, tuple[int, ...]] = {}
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

    def typical_columns(self, code: str) -> tuple[int, ...]:
        """Columns of the skills typical of a code and what they imply, worked out once per code."""
        found = self._typical_columns.get(code)
        if found is None:
            skills = self.with_implied(list(self.typical.get(code, ())))
            found = self._typical_columns[code] = tuple(self.skills[s] for s in skills)
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


def _csr(rows: Sequence[Mapping[int, float]], width: int) -> sparse.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indices: list[int] = []
    data: list[float] = []
    for n, row in enumerate(rows):
        indices.extend(row)
        data.extend(row.values())
        indptr[n + 1] = len(indices)
    return sparse.csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int32), indptr), shape=(len(rows), width)
    )


def _binary_only(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Only the entries at 1: what was said, not what was implied."""
    matrix = matrix.copy()
    matrix.data[matrix.data < 1.0] = 0.0
    matrix.eliminate_zeros()
    return matrix


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
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(cells // width, minlength=size), out=indptr[1:])
    return sparse.csr_matrix((np.ones(len(cells)), (cells % width).astype(np.int32), indptr), shape=(size, width))


def _bit_words(rows: Sequence[Mapping[int, float]], width: int) -> np.ndarray:
    """Each row's columns as bits of 64-bit words (rows x words): column c is bit c % 64 of word
    c // 64. A few words per person are read faster, pair by pair, than a row of booleans."""
    words = np.zeros((len(rows), max(1, (width + 63) // 64)), dtype=np.uint64)
    owners = np.fromiter((n for n, row in enumerate(rows) for _ in row), dtype=np.int64)
    columns = np.fromiter((c for row in rows for c in row), dtype=np.int64)
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

    depth: dict[int, sparse.csr_matrix]  # items x prefixes of that depth
    resolutions: list[tuple[Resolution, ...]]
    text: sparse.csr_matrix  # items x trigrams
    helper: np.ndarray  # item's codes are all Helfer codes (fifth digit 1)
    haupt: np.ndarray  # bit mask of the item's Berufshauptgruppen (37 of them: one uint64)

    @classmethod
    def build(cls, resolutions: list[tuple[Resolution, ...]], texts: list[list[str]], index: ConceptIndex):
        size = len(resolutions)
        codes = index.codes
        items = np.fromiter((n for n, found in enumerate(resolutions) for _ in found), dtype=np.int64)
        code_ids = np.fromiter((codes[r.code] for found in resolutions for r in found), dtype=np.int64)
        depth = {}
        for d in DEPTHS:  # two codes of one item in one group count once
            depth[d] = _binary_csr(items, index.prefix_of[d][code_ids], size, len(index.prefixes[d]))
        keys = [" ".join(texts_of_item) for texts_of_item in texts]
        text = _top_grams(index.occupations.trigrams.vectors(keys))
        count = np.bincount(items, minlength=size)
        helper = (count > 0) & (np.bincount(items, weights=index.is_helper[code_ids], minlength=size) == count)
        haupt = np.zeros(size, dtype=np.uint64)
        np.bitwise_or.at(haupt, items, np.left_shift(np.uint64(1), index.prefix_of[2][code_ids].astype(np.uint64)))
        return cls(depth, resolutions, text, helper, haupt)


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
        self.split = True  # a large pool may be prepared in two processes (see _in_two)

    def read(self, texts: Sequence[str], confirmed: Sequence[str] = (), kind: str = "skills"
             ) -> tuple[list[str], list[Resolution], list[str]]:
        """(skill ids, occupations, occupation texts) of one item's texts.

        kind "title": a slot's title names an occupation whenever the list knows one.
        kind "skills": a slot's skill tags; a tag naming a skill is that skill.
        kind "person": a person's texts; a skill that our own layer knows as work ("Putzen")
        names that occupation too. Every occupation text stays as text for the likeness."""
        skills: list[str] = []
        found: dict[str, Resolution] = {}
        for code in confirmed:
            if code in self.index.codes:
                title = self.index.occupations.display_title(code) or code
                found.setdefault(code, Resolution(code, title, 1.0, "confirmed"))
        occupation_texts: list[str] = []
        memo = self._memo[kind]
        for text in texts:
            reading = memo.get(text)
            if reading is None:
                reading = memo[text] = self._read_one(text, kind)
            skills += reading[0]
            for resolution in reading[1]:
                found.setdefault(resolution.code, resolution)
            if reading[2] is not None:
                occupation_texts.append(reading[2])
        return skills, list(found.values()), occupation_texts

    def _read_one(self, text: str, kind: str) -> tuple[tuple[str, ...], tuple[Resolution, ...], str | None]:
        """(skill ids, occupations, occupation text or None) of one text, as `read` takes it; a
        city's texts repeat, so each distinct text is worked out once per kind."""
        mapped = self.mapper.map(text)
        named = tuple(c.id for c in mapped.concepts if c.kind == "skill")
        if named and not mapped.fuzzy and kind != "title":
            work = ()
            if kind == "person":
                work = tuple(r for r in self.resolve(text) if r.how in WORK_STAGES)
            return named, work, None
        resolved = self.resolve(text)
        if kind == "skills":
            resolved = tuple(r for r in resolved if r.how not in NO_REQUIREMENT)
        if not resolved and named:
            return named, (), None
        return (), tuple(resolved), _CODE_WORDS.sub("", mapped.key).strip()  # a code in the text is no likeness

    @collector_paused()
    def read_all(self, texts) -> None:
        """Read a batch of texts before their items are built: each new distinct text resolved to
        occupations and mapped to skills, in one fuzzy pass for those that name no occupation
        either (most texts of a city name one: guessing a skill for them is wasted)."""
        self._read_new([text for text in dict.fromkeys(texts)
                        if text not in self.resolved or not self.mapper.knows(text)])

    def remember(self, resolved: dict[str, tuple], mapped: dict[str, tuple]) -> None:
        """Readings made in a forked process (`_pool_in_child`), as plain tuples."""
        made: dict[tuple, Resolution] = {}
        self.resolved.update({text: _rebuilt(found, made) for text, found in resolved.items()})
        self.mapper.remember(mapped)

    def known(self, texts) -> tuple[dict[str, tuple], dict[str, tuple]]:
        """What `remember` takes, for texts read in this process."""
        texts = list(dict.fromkeys(texts))
        return {text: _plain(self.resolved[text]) for text in texts}, self.mapper.known(texts)

    def new_texts(self, texts) -> int:
        """How many distinct texts of these the reader has not read yet."""
        return sum(1 for text in dict.fromkeys(texts) if text not in self.resolved)

    def _read_new(self, texts: list[str]) -> None:
        for text in texts:
            self.resolve(text)
        self.mapper.map_many(texts, fuzzy=lambda text: not self.resolve(text))


PARALLEL_TEXTS = 4_000  # new distinct texts from which a pool is prepared in two processes
_FORKED: tuple | None = None  # what the forked process works with: (reader, its task, argument), as at the fork
_FORK_LOCK = threading.Lock()  # one forked preparation at a time per process


def _can_fork() -> bool:
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _in_two(reader: Reader, own, theirs, argument):
    """`own()` here while a forked copy of this process runs `theirs(reader, argument)` (both as
    they are at the fork: nothing is sent to the copy); returns what `theirs` returned. Each
    process works on one core, and neither splits its work again.

    """
    global _FORKED
    with _FORK_LOCK:
        _FORKED = (reader, theirs, argument)
        reader.mapper.workers, reader.split = 1, False
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as child:
                result = child.submit(_run_in_child)
                own()
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


def _run_in_child():
    reader, theirs, argument = _FORKED
    return theirs(reader, argument)


def _pool_in_child(reader: Reader, work: tuple) -> tuple[dict, dict, dict]:
    """In the forked process: a pool of `specs`, packed (`_packed`), and what was read for it
    that the parent, preparing `others` meanwhile, does not read itself (`Reader.known`): it
    keeps every text read, so that the next pool of a changed city reads only what is new."""
    specs, implied, others = work
    theirs = set(_texts(others))
    new = [text for text in dict.fromkeys(_texts(specs)) if text not in reader.resolved and text not in theirs]
    return _packed(_prepare(specs, reader, implied)), *reader.known(new)


def _texts(specs: list) -> Iterator[str]:
    return candidate_texts(specs) if specs and isinstance(specs[0], CandidateSpec) else slot_texts(specs)


def _prepare(specs: list, reader: Reader, implied: float) -> SlotPool | CandidatePool:
    if specs and isinstance(specs[0], CandidateSpec):
        return prepare_candidates(specs, reader, implied)
    return prepare_slots(specs, reader)


def _packed(pool: SlotPool | CandidatePool) -> dict:
    """A pool's fields without its specs (the parent has them), resolutions as plain tuples."""
    fields = {name: getattr(pool, name) for name in type(pool).__dataclass_fields__ if name != "specs"}
    fields["occupations"] = replace(pool.occupations, resolutions=[_plain(r) for r in pool.occupations.resolutions])
    return fields


def _unpacked(fields: dict, made: dict[tuple, Resolution]) -> dict:
    occupations = fields["occupations"]
    return {**fields, "occupations": replace(occupations, resolutions=[
        _rebuilt(found, made) for found in occupations.resolutions])}


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
    return reader.split and _can_fork() and reader.new_texts(texts) >= PARALLEL_TEXTS


def _pool_in_two(specs: list, reader: Reader, implied: float) -> SlotPool | CandidatePool:
    """A large pool prepared in two processes: a forked copy reads and prepares the second half
    of the items while this one does the first, and the halves are stacked. Each item's reading
    depends on its own texts alone, so the split changes no result; texts both halves share
    (a fifth of a city's) are read in both; the parent keeps what the copy read."""
    people = isinstance(specs[0], CandidateSpec)
    _number_districts(reader.index, specs if people else (), () if people else specs)
    half = len(specs) // 2
    first: list = []
    second, resolved, mapped = _in_two(reader, lambda: first.append(_prepare(specs[:half], reader, implied)),
                                       _pool_in_child, (specs[half:], implied, specs[:half]))
    reader.remember(resolved, mapped)
    fields = _unpacked(second, {})
    pool = first[0]
    return type(pool)(specs=specs, **{name: _stacked(getattr(pool, name), value) for name, value in fields.items()})


@collector_paused()
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
    return candidate_pool[0], SlotPool(specs=slots, **_unpacked(fields, {}))


def slot_texts(specs: Sequence[SlotSpec]) -> Iterator[str]:
    return (text for spec in specs for text in (spec.title, *spec.skills))


def candidate_texts(specs: Sequence[CandidateSpec]) -> Iterator[str]:
    return (text for spec in specs for text in spec.skills)


@collector_paused()
def prepare_slots(specs: Sequence[SlotSpec], reader: Reader) -> SlotPool:
    specs = list(specs)
    if len(specs) > 1 and _worth_splitting(reader, slot_texts(specs)):
        return _pool_in_two(specs, reader, 0.0)
    index = reader.index
    reader.read_all(slot_texts(specs))
    resolutions, texts, req_rows, stated = [], [], [], []
    for spec in specs:
        _, title_codes, title_texts = reader.read([spec.title], (spec.occupation_code,) if spec.occupation_code
                                                  else (), kind="title")
        if spec.occupation_code in index.codes:
            title_codes = [r for r in title_codes if r.code == spec.occupation_code]  # a confirmed code beats the guess
        skills, codes, _ = reader.read(spec.skills)
        resolutions.append(tuple(title_codes))
        texts.append(title_texts or [spec.title.casefold()])
        required = {index.skills[s] for s in skills} | {index.code_feature(r.code) for r in codes}
        stated.append(bool(required))
        if not required:
            required = {index.skills[s] for r in title_codes for s in index.typical.get(r.code, ())}
        share = 1.0 / max(1, len(required))
        req_rows.append(dict.fromkeys(required, share))
    districts = np.array([index.district(s.district) for s in specs], dtype=np.int32)
    return SlotPool(
        specs=specs,
        occupations=Occupations.build(resolutions, texts, index),
        required=_csr(req_rows, index.n_features),
        stated=np.array(stated, dtype=bool),
        min_rank=np.array([LEVELS.index(s.min_german) for s in specs], dtype=np.int8),
        support=np.array([bool(s.language_support) for s in specs], dtype=bool),
        district=districts,
        bezirk=np.array([index.bezirk(d) for d in districts], dtype=np.int32),
        kind=np.array([KINDS.index(s.kind) for s in specs], dtype=np.int8),
        start=np.array([_days(s.start) for s in specs], dtype=np.int32),
    )


def _candidate_features(codes: list[Resolution], skills: list[str], index: ConceptIndex,
                        implied: float) -> dict[int, float]:
    features: dict[int, float] = {}
    for resolution in codes:
        features.update(dict.fromkeys(index.typical_columns(resolution.code), implied))
    features.update({index.skills[s]: 1.0 for s in index.with_implied(skills)})
    features.update({index.code_feature(r.code): 1.0 for r in codes})
    return features


@collector_paused()
def prepare_candidates(specs: Sequence[CandidateSpec], reader: Reader, implied: float) -> CandidatePool:
    specs = list(specs)
    if len(specs) > 1 and _worth_splitting(reader, candidate_texts(specs)):
        return _pool_in_two(specs, reader, implied)
    index = reader.index
    reader.read_all(candidate_texts(specs))
    resolutions, texts, feature_rows, listed_rows, bezirk_rows = [], [], [], [], []
    for spec in specs:
        skills, codes, occupation_texts = reader.read(spec.skills, spec.occupation_codes, kind="person")
        resolutions.append(tuple(codes))
        texts.append(occupation_texts)
        feature_rows.append(_candidate_features(codes, skills, index, implied))
        named = [index.district(name) for name in spec.districts if name]
        listed_rows.append(dict.fromkeys(named, 1.0))
        bezirk_rows.append(dict.fromkeys((index.bezirk(d) for d in named), 1.0))
    return CandidatePool(
        specs=specs,
        occupations=Occupations.build(resolutions, texts, index),
        features=_csr(feature_rows, index.n_features),
        said=_binary_only(_csr(feature_rows, index.n_features)),
        rank=np.array([LEVELS.index(s.german) for s in specs], dtype=np.int8),
        permit=np.array([PERMITS.index(s.work_permit) for s in specs], dtype=np.int8),
        kinds=np.array([sum(1 << KINDS.index(k) for k in set(s.desired_kinds)) for s in specs], dtype=np.uint8),
        listed=_bit_words(listed_rows, len(index.parent)),
        bezirke=_bit_words(bezirk_rows, len(index.parent)),
        no_districts=np.array([not s.districts for s in specs], dtype=bool),
        available=np.array([_days(s.available_from) for s in specs], dtype=np.int32),
    )
