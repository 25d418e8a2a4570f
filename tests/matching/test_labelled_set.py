"""The labelled quality set itself: it loads, is big enough, covers every kind of looseness,
refers only to slots and districts that exist, and its labels agree with the language and
permit rules. (How well the engine does on it is tested by the engine's own tests.)"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from matchmaker.matching.specs import KINDS, LEVELS, CandidateSpec, SlotSpec

from .labelled import (
    LABELLED_FILE,
    TAGS,
    LabelledCase,
    LabelledSetError,
    district_names,
    load_labelled,
    ortsteil_names,
    pair_count,
)

MIN_PAIRS = 200
MIN_CASES_PER_TAG = 5


@pytest.fixture(scope="module")
def labelled() -> tuple[list[SlotSpec], list[LabelledCase]]:
    return load_labelled()


def _gap(candidate: CandidateSpec, slot: SlotSpec) -> int:
    """How many German levels the candidate is below the slot's minimum (0 when at or above)."""
    return max(0, LEVELS.index(slot.min_german) - LEVELS.index(candidate.german))


def _allowed(candidate: CandidateSpec, slot: SlotSpec) -> bool:
    if candidate.work_permit == "nicht_erlaubt":
        return False
    gap = _gap(candidate, slot)
    return gap == 0 or (gap == 1 and slot.language_support)


# -- shape and size -----------------------------------------------------------------------------

def test_the_set_loads_into_engine_specs(labelled):
    slots, cases = labelled
    assert 60 <= len(slots) <= 80
    assert len(cases) >= 120
    assert all(isinstance(s, SlotSpec) and isinstance(s.id, str) for s in slots)
    assert all(isinstance(s.skills, tuple) for s in slots)
    for case in cases:
        assert isinstance(case.candidate, CandidateSpec)
        assert case.candidate.id == case.id
        assert isinstance(case.candidate.skills, tuple) and case.candidate.skills
        assert isinstance(case.candidate.desired_kinds, tuple)
        assert isinstance(case.candidate.districts, tuple)


def test_at_least_200_labelled_pairs(labelled):
    _, cases = labelled
    assert pair_count(cases) >= MIN_PAIRS
    assert pair_count(cases) == sum(len(c.best) + len(c.good) + len(c.never) for c in cases)


def test_matching_and_non_matching_pairs_are_both_plentiful(labelled):
    _, cases = labelled
    positive = sum(len(c.best) + len(c.good) for c in cases)
    negative = sum(len(c.never) for c in cases)
    assert positive >= 100
    assert negative >= 100
    assert sum(1 for c in cases if c.best) >= 100


def test_every_looseness_tag_is_covered_at_least_five_times(labelled):
    _, cases = labelled
    counts = Counter(tag for case in cases for tag in case.looseness)
    missing = {tag: counts[tag] for tag in TAGS if counts[tag] < MIN_CASES_PER_TAG}
    assert not missing, f"tags with fewer than {MIN_CASES_PER_TAG} cases: {missing}"


def test_every_slot_is_someones_answer(labelled):
    slots, cases = labelled
    answered = {slot_id for case in cases for slot_id in case.best + case.good}
    assert {s.id for s in slots} - answered == set()


def test_every_kind_appears_in_the_pool(labelled):
    slots, _ = labelled
    assert {s.kind for s in slots} == set(KINDS)


# -- references -------------------------------------------------------------------------------------

def test_cases_reference_only_existing_slots(labelled):
    slots, cases = labelled
    ids = {s.id for s in slots}
    for case in cases:
        assert set(case.best + case.good + case.never) <= ids, case.id


def test_ids_are_unique(labelled):
    slots, cases = labelled
    assert len({s.id for s in slots}) == len(slots)
    assert len({c.id for c in cases}) == len(cases)


def test_districts_exist_in_duisburg(labelled):
    slots, cases = labelled
    ortsteile = ortsteil_names()
    names = district_names()
    assert all(s.district in ortsteile for s in slots if s.district is not None)
    for case in cases:
        assert set(case.candidate.districts) <= names, case.id


def test_no_slot_is_labelled_twice_within_a_case(labelled):
    _, cases = labelled
    for case in cases:
        labelled_ids = case.best + case.good + case.never
        assert len(set(labelled_ids)) == len(labelled_ids), case.id


# -- the labels agree with the language and permit rules ------------------------------------------

def test_best_and_good_slots_are_allowed_by_the_rules(labelled):
    slots, cases = labelled
    by_id = {s.id: s for s in slots}
    wrong = [
        (case.id, slot_id)
        for case in cases
        for slot_id in case.best + case.good
        if not _allowed(case.candidate, by_id[slot_id])
    ]
    assert not wrong, f"best/good slots the language or permit rules exclude: {wrong}"


def test_language_cases_cover_each_rule(labelled):
    slots, cases = labelled
    by_id = {s.id: s for s in slots}
    language = [c for c in cases if "language" in c.looseness]
    assert len(language) >= 5

    def count(labels: str, gap: int, support: bool | None) -> int:
        return sum(
            1
            for case in language
            for slot_id in getattr(case, labels)
            if _gap(case.candidate, by_id[slot_id]) == gap
            and (support is None or by_id[slot_id].language_support is support)
        )

    # one below with language support: still proposed, in best or good
    assert count("best", 1, True) + count("good", 1, True) >= 5
    # one below without support, and two or more below: excluded
    assert count("never", 1, False) >= 5
    assert sum(count("never", gap, None) for gap in range(2, len(LEVELS))) >= 5
    # at or above the minimum
    assert count("best", 0, None) >= 5


def test_permit_cases(labelled):
    _, cases = labelled
    forbidden = [c for c in cases if c.candidate.work_permit == "nicht_erlaubt"]
    consent = [c for c in cases if c.candidate.work_permit == "zustimmung"]
    assert len(forbidden) >= 3 and len(consent) >= 3
    for case in forbidden:
        assert "permit" in case.looseness
        assert not case.best and not case.good
        assert case.never
    for case in consent:
        assert "permit" in case.looseness
        assert case.best


def test_pure_negative_cases_only_list_never(labelled):
    _, cases = labelled
    for case in cases:
        if not case.best:
            assert not case.good and case.never, case.id


# -- the loader refuses a broken file --------------------------------------------------------------

_SLOT = """
[[slot]]
id = "s1"
title = "Koch (m/w/d)"
skills = ["Kochen"]
kind = "ausbildung"
min_german = "A2"
district = "Marxloh"
"""

_CASE = """
[[case]]
id = "c1"
skills = ["Koch"]
german = "A2"
looseness = ["none"]
best = ["s1"]
never = []
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "labelled.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loader_reads_a_minimal_file(tmp_path):
    slots, cases = load_labelled(_write(tmp_path, _SLOT + _CASE))
    assert [s.id for s in slots] == ["s1"]
    assert cases[0].candidate.work_permit == "erlaubt"
    assert pair_count(cases) == 1


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('best = ["s1"]', 'best = ["s2"]', "unknown slot"),
        ('looseness = ["none"]', 'looseness = ["sloppy"]', "unknown looseness tag"),
        ('district = "Marxloh"', 'district = "Kreuzberg"', "not an Ortsteil"),
        ('district = "Marxloh"', 'district = "Hamborn"', "not an Ortsteil"),
        ('german = "A2"', 'german = "B3"', "german"),
        ('kind = "ausbildung"', 'kind = "lehre"', "kind"),
        ('looseness = ["none"]', 'looseness = ["none"]\nwork_permit = "ja"', "work_permit"),
        ('looseness = ["none"]', 'looseness = ["none"]\ndistricts = ["Atlantis"]', "not in duisburg.json"),
        ('looseness = ["none"]', 'looseness = ["none"]\ndesired_kinds = ["minijob"]', "desired kind"),
        ('never = []', 'never = ["s1"]', "in both best and never"),
        ('looseness = ["none"]', 'looseness = ["none"]\nage = 31', "unknown keys"),
    ],
)
def test_loader_rejects(tmp_path, old, new, message):
    text = _SLOT + _CASE.replace(old, new) if old in _CASE else _SLOT.replace(old, new) + _CASE
    with pytest.raises(LabelledSetError, match=message):
        load_labelled(_write(tmp_path, text))


def test_bundled_file_is_next_to_the_loader():
    assert LABELLED_FILE.name == "labelled.toml"
    assert LABELLED_FILE.is_file()
