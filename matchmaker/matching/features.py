"""Prepare one side of the match (slots or candidates) once: text mapped, sparse matrices built.

Concepts share one index for both sides: occupations, their fields, and "features" (the
vocabulary's skills followed by the occupations, so that a skill tag naming an occupation
is a requirement like any other). Text outside the vocabulary keeps its normalised key and
is linked to the other side's text fuzzily at scoring time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from .mapping import TextMapper
from .normalise import stem
from .specs import KINDS, LEVELS, PERMITS, CandidateSpec, SlotSpec
from .vocabulary import Vocabulary

NO_DATE = np.iinfo(np.int32).min  # "now": available already / starts at once


class ConceptIndex:
    """Positions of occupations, fields, features and districts in the matrices."""

    def __init__(self, vocabulary: Vocabulary, districts: Mapping[str, str | None] | None):
        self.vocabulary = vocabulary
        self.occupations = {oid: n for n, oid in enumerate(vocabulary.occupations)}
        self.fields = {fid: n for n, fid in enumerate(vocabulary.fields)}
        self.skills = {sid: n for n, sid in enumerate(vocabulary.skills)}
        self.n_features = len(self.skills) + len(self.occupations)
        self.districts: dict[str, int] = {}
        self.parent: list[int] = []
        for name, parent in (districts or {}).items():
            self.district(name, parent)

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

    def occupation_feature(self, occupation_id: str) -> int:
        return len(self.skills) + self.occupations[occupation_id]


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


def _days(value: date | None) -> int:
    return NO_DATE if value is None else value.toordinal()


class _Keys:
    """Distinct free-text keys of one side, numbered."""

    def __init__(self):
        self.numbers: dict[str, int] = {}

    def __call__(self, key: str) -> int:
        return self.numbers.setdefault(key, len(self.numbers))

    @property
    def keys(self) -> list[str]:
        return list(self.numbers)


@dataclass
class SlotPool:
    specs: list[SlotSpec]
    occupation: sparse.csr_matrix  # title's occupations
    field: sparse.csr_matrix  # their fields
    required: sparse.csr_matrix  # required features, each row's requirements sum to 1 with required_free
    required_free: sparse.csr_matrix
    title_free: sparse.csr_matrix  # a title outside the vocabulary, by its key
    free_keys: list[str]
    min_rank: np.ndarray
    support: np.ndarray
    district: np.ndarray
    bezirk: np.ndarray
    kind: np.ndarray
    start: np.ndarray
    has_requirements: np.ndarray

    def __post_init__(self):
        # Worked out once per pool, not once per query.
        self.ids = [spec.id for spec in self.specs]
        self.free_stems = [stem(key) for key in self.free_keys]
        self.free_stems_joined = [key.replace(" ", "") for key in self.free_stems]
        self.occupation_t = self.occupation.T.tocsr()
        self.field_t = self.field.T.tocsr()
        self.required_t = self.required.T.tocsr()
        self.required_free_t = self.required_free.T.tocsr()
        self.title_free_t = self.title_free.T.tocsr()

    def __len__(self) -> int:
        return len(self.specs)


@dataclass
class CandidatePool:
    specs: list[CandidateSpec]
    occupation: sparse.csr_matrix  # occupations the person has worked in or named
    related: sparse.csr_matrix  # occupations related to those
    field: sparse.csr_matrix
    features: sparse.csr_matrix  # skills (1), named occupations (1), skills typical of them (implied)
    text: sparse.csr_matrix  # every text of the person by its key, for free-text links
    text_keys: list[str]
    rank: np.ndarray
    permit: np.ndarray
    kinds: np.ndarray  # bit mask of desired kinds; 0 = any
    listed: np.ndarray  # candidates x districts: named (Ortsteile or whole Stadtbezirke)
    bezirke: np.ndarray  # candidates x districts: Stadtbezirke of everything named
    no_districts: np.ndarray
    available: np.ndarray

    def __post_init__(self):
        self.ids = [spec.id for spec in self.specs]
        self.text_stems = [stem(key) for key in self.text_keys]
        self.text_stems_joined = [key.replace(" ", "") for key in self.text_stems]
        lengths = np.array([len(key) for key in self.text_stems_joined], dtype=np.int32)
        order = np.argsort(lengths, kind="stable")
        self.stems_by_length = (order, lengths[order])
        # Transposed once: concept -> candidates, an inverted index for single-slot queries.
        self.occupation_t = self.occupation.T.tocsr()
        self.related_t = self.related.T.tocsr()
        self.field_t = self.field.T.tocsr()
        self.features_t = self.features.T.tocsr()
        self.text_t = self.text.T.tocsr()

    def __len__(self) -> int:
        return len(self.specs)


def _concepts(mapper: TextMapper, texts: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """(occupation ids, skill ids, keys of texts outside the vocabulary)."""
    occupations, skills, free = [], [], []
    for text in texts:
        mapped = mapper.map(text)
        for concept in mapped.concepts:
            (occupations if concept.kind == "occupation" else skills).append(concept.id)
        if not mapped.concepts and mapped.key:
            free.append(mapped.key)
    return occupations, skills, free


def prepare_slots(specs: Sequence[SlotSpec], mapper: TextMapper, index: ConceptIndex) -> SlotPool:
    specs = list(specs)
    mapper.map_many(text for spec in specs for text in (spec.title, *spec.skills))
    vocabulary, keys = index.vocabulary, _Keys()
    occ_rows, field_rows, req_rows, req_free_rows, title_rows = [], [], [], [], []
    for spec in specs:
        title_occ, title_skills, title_free = _concepts(mapper, [spec.title])
        occ, skills, free = _concepts(mapper, spec.skills)
        occ_rows.append({index.occupations[o]: 1.0 for o in title_occ})
        field_rows.append({index.fields[vocabulary.occupations[o].field]: 1.0 for o in title_occ})
        title_rows.append({keys(k): 1.0 for k in title_free})
        required = {index.skills[s] for s in (*skills, *title_skills)}
        required |= {index.occupation_feature(o) for o in occ}
        free_required = {keys(k) for k in free}
        share = 1.0 / max(1, len(required) + len(free_required))
        req_rows.append(dict.fromkeys(required, share))
        req_free_rows.append(dict.fromkeys(free_required, share))
    width = len(keys.numbers)
    districts = np.array([index.district(s.district) for s in specs], dtype=np.int32)
    return SlotPool(
        specs=specs,
        occupation=_csr(occ_rows, len(index.occupations)),
        field=_csr(field_rows, len(index.fields)),
        required=_csr(req_rows, index.n_features),
        required_free=_csr(req_free_rows, width),
        title_free=_csr(title_rows, width),
        free_keys=keys.keys,
        min_rank=np.array([LEVELS.index(s.min_german) for s in specs], dtype=np.int8),
        support=np.array([bool(s.language_support) for s in specs], dtype=bool),
        district=districts,
        bezirk=np.array([index.bezirk(d) for d in districts], dtype=np.int32),
        kind=np.array([KINDS.index(s.kind) for s in specs], dtype=np.int8),
        start=np.array([_days(s.start) for s in specs], dtype=np.int32),
        has_requirements=np.array([bool(r) or bool(f) for r, f in zip(req_rows, req_free_rows, strict=True)]),
    )


def _candidate_features(occ: list[str], skills: list[str], index: ConceptIndex, implied: float) -> dict[int, float]:
    vocabulary = index.vocabulary
    features: dict[int, float] = {}
    for o in occ:
        for typical in vocabulary.occupations[o].skills:
            features[index.skills[typical]] = implied
    features.update({index.skills[s]: 1.0 for s in skills})
    features.update({index.occupation_feature(o): 1.0 for o in occ})
    return features


def prepare_candidates(
    specs: Sequence[CandidateSpec], mapper: TextMapper, index: ConceptIndex, implied: float
) -> CandidatePool:
    specs = list(specs)
    mapper.map_many(text for spec in specs for text in spec.skills)
    vocabulary, keys = index.vocabulary, _Keys()
    occ_rows, rel_rows, field_rows, feature_rows, text_rows, listed_rows, bezirk_rows = [], [], [], [], [], [], []
    for spec in specs:
        occ, skills, _free = _concepts(mapper, spec.skills)
        own = set(occ)
        occ_rows.append({index.occupations[o]: 1.0 for o in own})
        related = {r for o in own for r in vocabulary.occupations[o].related} - own
        rel_rows.append({index.occupations[r]: 1.0 for r in related})
        field_rows.append({index.fields[vocabulary.occupations[o].field]: 1.0 for o in own})
        feature_rows.append(_candidate_features(occ, skills, index, implied))
        text_rows.append({keys(mapper.map(t).key): 1.0 for t in spec.skills if mapper.map(t).key})
        named = [index.district(name) for name in spec.districts if name]
        listed_rows.append(dict.fromkeys(named, 1.0))
        bezirk_rows.append(dict.fromkeys((index.bezirk(d) for d in named), 1.0))
    return CandidatePool(
        specs=specs,
        occupation=_csr(occ_rows, len(index.occupations)),
        related=_csr(rel_rows, len(index.occupations)),
        field=_csr(field_rows, len(index.fields)),
        features=_csr(feature_rows, index.n_features),
        text=_csr(text_rows, len(keys.numbers)),
        text_keys=keys.keys,
        rank=np.array([LEVELS.index(s.german) for s in specs], dtype=np.int8),
        permit=np.array([PERMITS.index(s.work_permit) for s in specs], dtype=np.int8),
        kinds=np.array([sum(1 << KINDS.index(k) for k in set(s.desired_kinds)) for s in specs], dtype=np.uint8),
        listed=_csr(listed_rows, max(1, len(index.parent))).toarray() > 0,
        bezirke=_csr(bezirk_rows, max(1, len(index.parent))).toarray() > 0,
        no_districts=np.array([not s.districts for s in specs], dtype=bool),
        available=np.array([_days(s.available_from) for s in specs], dtype=np.int32),
    )
