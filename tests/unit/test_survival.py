"""Time to placement with censoring (Kaplan–Meier), against examples worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.models import Contact, ContactStatus, Initiator, SlotKind, StatusChange
from matchmaker.services.evaluation import Filters
from matchmaker.services.evaluation.survival import kaplan_meier, time_to_placement
from tests.factories import AgencyFactory, CandidateFactory, SlotFactory, district

JAN_1 = date(2024, 1, 1)


def test_the_worked_example_counts_people_still_waiting_as_at_risk():
    """Ten people; placed after 10, 30, 40, 60, 80, 100 days, last seen waiting after 20, 50, 70, 90.
    Day 10: 10 at risk, one placed: S = 9/10 = 0.9.
    Day 30: 8 at risk (one left at 20): S = 0.9 * 7/8 = 0.7875.
    Day 40: 7 at risk: S = 0.7875 * 6/7 = 0.675.
    Day 60: 5 at risk (one left at 50): S = 0.675 * 4/5 = 0.54.
    Day 80: 3 at risk (one left at 70): S = 0.54 * 2/3 = 0.36.
    Day 100: 1 at risk (one left at 90): S = 0.
    Placed within 30 days: 1 - 0.7875 = 21 %; within 90: 1 - 0.36 = 64 %; median: day 80.
    The naive median of the six placed (40 days) looks twice as good: it forgets the waiting."""
    curve = kaplan_meier([10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
                         [True, False, True, True, False, True, False, True, False, True])
    assert curve.times == (10, 30, 40, 60, 80, 100)
    assert curve.survival == pytest.approx((0.9, 0.7875, 0.675, 0.54, 0.36, 0.0))
    assert curve.placed_by(30) == pytest.approx(0.2125) and curve.placed_by(90) == pytest.approx(0.64)
    assert curve.placed_by(29) == pytest.approx(0.1)
    assert curve.median() == 80 and (curve.people, curve.placed, curve.longest) == (10, 6, 100)
    assert curve.placed_by(101) is None  # nobody was observed that long


def test_someone_censored_on_a_placement_day_is_still_at_risk_that_day():
    curve = kaplan_meier([5, 5, 9], [True, False, False])
    assert curve.survival == pytest.approx((2 / 3,))  # three at risk on day 5, not two
    assert curve.median() is None  # never reached: "nicht erreicht"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def _placed(person, slot, after_days: int) -> None:
    day = JAN_1 + timedelta(days=after_days)
    db.session.add(Contact(slot=slot, candidate=person, initiated_by=Initiator.CASEWORKER, created_at=_at(JAN_1),
                           answered_at=_at(JAN_1), status=ContactStatus.CLOSED, placed_on=day))
    db.session.commit()


@pytest.fixture
def followed(app):
    """Ten people registered on 1 January 2024 (agency in Marxloh), followed through 2024:
    placed through a Praktikum after 10, 30, 40, 60, 80 and 100 days; placed another way after
    20 days; consent withdrawn after 50 days; one still waiting; one placed only in 2025."""
    agency = AgencyFactory(district=district("Marxloh"))
    praktikum = SlotFactory(kind=SlotKind.PRAKTIKUM, district=district("Marxloh"), open_positions=20)
    people = [CandidateFactory(agency=agency, birth_year=2000, created_at=_at(JAN_1)) for _ in range(10)]
    for person, days in zip(people, (10, 30, 40, 60, 80, 100), strict=False):
        _placed(person, praktikum, days)
    people[6].placed_on = JAN_1 + timedelta(days=20)  # found work elsewhere
    db.session.add(StatusChange(subject="candidates", subject_id=people[7].id, status="withdrawn",
                                changed_at=_at(JAN_1 + timedelta(days=50))))
    db.session.commit()
    _placed(people[9], praktikum, 400)
    return agency, praktikum, people


def _table(dimension: str, **kwargs):
    return next(s for s in time_to_placement(Filters.year(2024), today=date(2025, 6, 1), **kwargs)
                if s.dimension == dimension)


def test_time_to_placement_follows_everyone_registered_and_censors_those_still_waiting(followed):
    """Durations: placed 10, 30, 40, 60, 80, 100; censored 20 (elsewhere), 50 (withdrawn), and
    365 twice (still waiting at the year's end; the 2025 placement is after the period).
    S: 0.9, 0.7875 (day 30), 0.675, 0.54 (day 60, 5 at risk), 0.405 (day 80, 4 at risk), 0.27."""
    total = _table("age_group").total
    assert (total.size, total.median) == (10, 80)
    assert total.shares[1:] == pytest.approx((0.595, 0.73))
    # 21 % after 30 days rests on two placements (10 people x 0.2125): too few to show
    assert total.shares[0] is None and total.share_texts == ("< 5 Pers.", "60 %", "73 %")
    kinds = {g.key: g for g in _table("slot_kind").groups}
    praktikum = kinds[SlotKind.PRAKTIKUM.value]
    assert (praktikum.size, praktikum.median, praktikum.target_days) == (6, 80, 30)
    assert praktikum.within_target is None and praktikum.within_target_text == "< 5 Pers."  # two by day 30
    assert praktikum.points[0] == (0, 0.0) and praktikum.points[2] == (14, 0.1)  # week by week
    assert (kinds[SlotKind.AUSBILDUNG.value].size_text, kinds[SlotKind.AUSBILDUNG.value].points) == ("0", ())


def test_a_period_follows_only_until_its_end(followed):
    """Through March (90 days): the placements after 10, 30, 40, 60 and 80 days; the rest wait."""
    total = next(s for s in time_to_placement(Filters.quarter(2024, 1), today=date(2025, 6, 1))
                 if s.dimension == "age_group").total
    assert total.median == 80 and total.shares[2] is None  # nobody observed for 180 days yet


def test_small_groups_are_withheld_as_a_whole_and_a_lone_one_takes_a_neighbour(followed):
    agency, _slot, _people = followed
    for _ in range(3):
        CandidateFactory(agency=agency, birth_year=1980, created_at=_at(JAN_1))
    groups = {g.label: g for g in _table("age_group").groups}
    assert groups["35 und älter"].size_text == "< 10" and groups["35 und älter"].points == ()
    assert groups["35 und älter"].shares == (None, None, None)
    assert groups["unter 25"].size_text == "•" and groups["unter 25"].median is None  # 10 - but 13 - 10 = 3
    assert _table("age_group").total.size == 13


def test_an_agency_follows_only_its_own_people(followed):
    other = AgencyFactory()
    assert _table("age_group", agency_id=other.id).total.size_text == "0"
    for _ in range(2):
        CandidateFactory(agency=other, created_at=_at(JAN_1))
    assert _table("age_group", agency_id=other.id).total.size_text == "< 10"


# -- cohorts ----------------------------------------------------------------------------------

def test_cohort_shares_count_everyone_registered_and_wait_until_they_can_be_known(app):
    """Ten people registered on 1 January 2024: six had a contact accepted after 5 days, one after
    40; five were placed after 60 days, one after 150. Twelve registered on 1 April: nothing yet.
    First quarter: 6/10 = 60 % within 30 days, 5/10 = 50 % placed within 90, 6/10 = 60 % within
    180. Second quarter: 0 %. Third quarter (nobody): "–" for 30 and 90 days, but 180 days after
    30 September lie beyond 31 December: "noch offen", as for everything of the fourth."""
    from matchmaker.services.evaluation.cohorts import cohorts

    agency = AgencyFactory(district=district("Marxloh"))
    slot = SlotFactory(kind=SlotKind.PRAKTIKUM, open_positions=20)
    january = [CandidateFactory(agency=agency, birth_year=2000, created_at=_at(JAN_1)) for _ in range(10)]
    for n, person in enumerate(january[:7]):
        answered = JAN_1 + timedelta(days=5 if n < 6 else 40)
        placed = {0: 60, 1: 60, 2: 60, 3: 60, 4: 60, 5: 150}.get(n)
        db.session.add(Contact(slot=slot, candidate=person, initiated_by=Initiator.CASEWORKER, created_at=_at(JAN_1),
                               answered_at=_at(answered), status=ContactStatus.ACCEPTED,
                               placed_on=placed and JAN_1 + timedelta(days=placed)))
    for _ in range(12):
        CandidateFactory(agency=agency, birth_year=2000, created_at=_at(date(2024, 4, 1)))
    db.session.commit()
    everyone = next(t for t in cohorts(Filters.year(2024), today=date(2025, 6, 1)) if t.dimension is None)
    assert [(r.cohort, r.size_text, r.shares) for r in everyone.rows] == [
        ("1. Quartal 2024", "10", ("60 %", "50 %", "60 %")),
        ("2. Quartal 2024", "12", ("0 %", "0 %", "0 %")),
        ("3. Quartal 2024", "0", ("–", "–", "noch offen")),
        ("4. Quartal 2024", "0", ("noch offen", "noch offen", "noch offen")),
    ]
    march = next(t for t in cohorts(Filters.quarter(2024, 1), today=date(2025, 6, 1)) if t.dimension is None)
    assert [(r.cohort, r.shares) for r in march.rows] == [
        ("Januar 2024", ("60 %", "noch offen", "noch offen")), ("Februar 2024", ("–", "noch offen", "noch offen")),
        ("März 2024", ("noch offen", "noch offen", "noch offen"))]  # 31 March + 30 days lies in April


def test_a_cohort_share_resting_on_fewer_than_five_people_is_not_given(app):
    from matchmaker.services.evaluation.cohorts import cohorts

    agency = AgencyFactory(district=district("Marxloh"))
    slot = SlotFactory(open_positions=20)
    people = [CandidateFactory(agency=agency, birth_year=2000, created_at=_at(JAN_1)) for _ in range(10)]
    for person in people[:2]:
        db.session.add(Contact(slot=slot, candidate=person, initiated_by=Initiator.CASEWORKER, created_at=_at(JAN_1),
                               answered_at=_at(JAN_1), status=ContactStatus.ACCEPTED))
    db.session.commit()
    row = next(t for t in cohorts(Filters.year(2024), today=date(2025, 6, 1)) if t.dimension == "age_group").rows[0]
    assert (row.label, row.size_text, row.shares[0]) == ("unter 25", "10", "< 5 Pers.")


def test_cohort_sizes_hide_a_lone_small_one_along_both_sums():
    """Cohorts add up to the group's size in the curves' table, groups to the cohort's size.
    35+ in Q1 (3) is small; along its row Q2's 12 hides, along Q1's column u25's 12, then along
    Q2's column u25's 11: no line keeps a lone hidden size."""
    from matchmaker.services.evaluation.survival import withhold

    shown = withhold({"u25": {"Q1": 12, "Q2": 11}, "35+": {"Q1": 3, "Q2": 12}}, 10)
    assert {g: {c: text for c, (_v, text) in row.items()} for g, row in shown.items()} == {
        "u25": {"Q1": "•", "Q2": "•"}, "35+": {"Q1": "< 10", "Q2": "•"}}
    assert withhold({"all": {"Q1": 10, "Q2": 0}}, 10) == {"all": {"Q1": (10, "10"), "Q2": (0, "0")}}


def test_a_filtered_view_shows_its_group_as_the_city_withholds_it(app):
    """Agencies of 4, 12 and 30 people: the city's total shows 46, so were the agencies' views
    sized on their own, 46 - 12 - 30 would give the small agency's 4. Each view shows the group
    of the city's own system instead: the 4 "< 10", the 12 withheld beside it ("•"). A Stadtbezirk's
    view is the city's group for it; a sector's view is everyone."""
    from matchmaker.models import Sector
    from matchmaker.services.evaluation import publish

    sizes = {}
    for name, count in (("Marxloh", 4), ("Altstadt", 12), ("Wedau", 30)):
        agency = AgencyFactory(district=district(name))
        for _ in range(count):
            CandidateFactory(agency=agency, created_at=_at(JAN_1))
        sizes[count] = agency.id
    db.session.commit()
    year = Filters.year(2024)
    city = publish(year).survival[0]
    assert city.total.size == 46
    agency_view = {count: publish(Filters.year(2024, agency_id=aid)).survival for count, aid in sizes.items()}
    assert [agency_view[n][0].total.size_text for n in (4, 12, 30)] == ["< 10", "•", "30"]
    assert [t.dimension for t in agency_view[30]] == ["selection"]
    by_bezirk = {g.key: g.size_text for g in next(t for t in publish(year).survival if t.dimension == "bezirk").groups}
    hamborn = district("Hamborn").id
    assert publish(Filters.year(2024, bezirk_id=hamborn)).survival[0].total.size_text == by_bezirk[hamborn]
    assert publish(Filters.year(2024, sector=Sector.HANDEL.value)).survival[0].total.size == 46
    cohort_rows = publish(Filters.year(2024, agency_id=sizes[12])).cohorts[0].rows
    assert cohort_rows and all(row.size_text in ("•", "< 10", "0") for row in cohort_rows)


def test_a_share_resting_on_one_to_four_placements_is_not_shown(followed):
    """Twelve people aged 35 and over, one placed: 1/12 = 8 % would say "one person". The group
    keeps its size, but no share, no curve, no median."""
    agency, praktikum, _people = followed
    older = [CandidateFactory(agency=agency, birth_year=1980, created_at=_at(JAN_1)) for _ in range(12)]
    _placed(older[0], praktikum, 15)
    group = next(g for g in _table("age_group").groups if g.key == "35+")
    assert (group.size_text, group.points, group.median) == ("12", (), None)
    assert group.share_texts == ("< 5 Pers.",) * 3 and group.shares == (None,) * 3
