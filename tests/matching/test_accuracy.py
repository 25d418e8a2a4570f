"""The matcher against the labelled set: floors on top-1 and top-5, no false proposals, and the
language and permit rules on the labelled cases."""

from datetime import date

import pytest

from matchmaker.matching import MatchEngine
from matchmaker.services.districts import read_district_file

from .accuracy import evaluate
from .labelled import load_labelled

# Measured 0.84 and 0.99 since occupations are read through the BA's list (was 0.92 and 0.97 with
# the vocabulary's own 276 occupations, from whose words this set was written); the held-out
# and hand-written sets in test_heldout.py measure what this set cannot.
TOP1_FLOOR = 0.81
TOP5_FLOOR = 0.97


def _districts() -> dict[str, str | None]:
    hierarchy: dict[str, str | None] = {}
    for bezirk in read_district_file()["bezirke"]:
        hierarchy[bezirk["name"]] = None
        hierarchy.update({o["name"]: bezirk["name"] for o in bezirk["ortsteile"]})
    return hierarchy


@pytest.fixture(scope="module")
def engine() -> MatchEngine:
    return MatchEngine(districts=_districts(), today=date(2026, 11, 24))


@pytest.fixture(scope="module")
def result(engine):
    return evaluate(engine)


def test_top_1_accuracy_stays_above_its_floor(result):
    assert result.top1 >= TOP1_FLOOR, "\n".join(result.misses)


def test_top_5_accuracy_stays_above_its_floor(result):
    assert result.top5 >= TOP5_FLOOR, "\n".join(result.misses)


def test_no_non_matching_pair_scores_at_or_above_the_minimum(result):
    assert result.negatives >= 400
    assert result.false_positives == 0, "\n".join(result.wrong_pairs)


def test_every_kind_of_looseness_mostly_finds_its_slot(result):
    weak = {tag: hits for tag, hits in result.by_tag.items() if hits[0] < 0.6 * hits[1]}
    assert not weak


PAIRS = [("koch", "koch_a1"), ("fkl_exact", "fkl_a2"), ("erzieherin_c1", "erzieherin_b1"), ("mfa", "mfa_a2"),
         ("elektriker_a2", "elektriker_a1")]


def test_one_level_below_never_scores_higher_and_says_why(engine):
    """Same text, one German level less: never a better score; where the workplace supports
    German, still proposed, with the reason saying so."""
    slots, cases = load_labelled()
    by_id = {case.id: case for case in cases}
    pool = engine.pool(slots)
    explained = 0
    for at_level, below in PAIRS:
        upper = {m.slot_id: m for m in engine.rank_slots(by_id[at_level].candidate, pool, limit=len(slots))}
        lower = {m.slot_id: m for m in engine.rank_slots(by_id[below].candidate, pool, limit=len(slots))}
        for sid, match in lower.items():
            assert sid in upper and match.score <= upper[sid].score, (at_level, sid)
            explained += any("eine Stufe unter dem Minimum" in r and "fördert" in r for r in match.reasons)
    assert explained >= 2


def test_no_work_permit_is_never_proposed_and_consent_needed_is_explained(engine):
    slots, cases = load_labelled()
    pool = engine.pool(slots)
    for case in cases:
        found = engine.rank_slots(case.candidate, pool, limit=len(slots))
        if case.candidate.work_permit == "nicht_erlaubt":
            assert found == []
        if case.candidate.work_permit == "zustimmung" and found:
            assert any("Zustimmung der Ausländerbehörde" in r for r in found[0].reasons)
