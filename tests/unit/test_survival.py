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


def test_cohort_sizes_hide_a_lone_small_one_along_every_sum():
    """Registrations: u25 12 in January, 11 in April; 35+ 3 in January, 12 in April. 35+ in
    January (3) is small; the sums it is in (its quarter, its size after January, January's
    everyone) hide more, until no hidden size follows from the shown ones."""
    from types import SimpleNamespace

    from matchmaker.services.evaluation.sizes import Sizes
    from tests.differencing import recoverable

    def person(month: int, age: str):
        return SimpleNamespace(created=date(2024, month, 2).toordinal(), keys={"age_group": age},
                               placed_on=lambda kind: None)

    people = [person(1, "u25")] * 12 + [person(4, "u25")] * 11 + [person(1, "35+")] * 3 + [person(4, "35+")] * 12
    sizes = Sizes(people, ["age_group"])
    assert sizes.cohort("age_group", "35+", ("month", 1)) == (None, "< 10")
    assert sizes.size("age_group", "35+", 1) == (None, "< 10")  # the same 3, as a size after January
    assert sizes.cohort("age_group", "u25", ("quarter", 3)) == (0, "0")  # nobody: shown, it reveals nobody
    published = {cell: (None if cell in sizes.hidden else value) for cell, value in sizes.values.items()}
    relations = [(("S", *g, m), [("R", *g, m)] + ([("S", *g, m - 1)] if m > 1 else []))
                 for g in ((None, "all"), ("age_group", "u25"), ("age_group", "35+")) for m in range(1, 13)]
    relations += [((c, None, "all", m), [(c, "age_group", "u25", m), (c, "age_group", "35+", m)])
                  for c in ("S", "R") for m in range(1, 13)]
    assert {cell: v for cell, v in recoverable(published, relations).items() if v} == {}


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


def test_sizes_of_months_quarters_and_the_year_give_no_registrations_away(app):
    """The attack on sizes across periods: a curve's group counts everyone registered up to the
    period's end, so February's size subtracted from March's is March's registrations, and the
    cohorts are registrations themselves. Download every month's, quarter's and the year's curves
    and cohorts by age group and solve all their sums: nothing is recovered. Without the joint
    system, 12 in February and 14 in March said "2 registered in March"."""
    from matchmaker.services.evaluation import publish
    from tests.differencing import recoverable

    agency = AgencyFactory(district=district("Marxloh"))
    registrations = {1: (12, 11, 0), 2: (0, 3, 10), 3: (2, 6, 12), 5: (11, 0, 1), 6: (13, 12, 11)}
    for month, counts in registrations.items():
        for birth_year, count in zip((2004, 1995, 1980), counts, strict=True):
            for _ in range(count):
                CandidateFactory(agency=agency, birth_year=birth_year, created_at=_at(date(2024, month, 3)))
    db.session.commit()
    groups = ("u25", "25-34", "35+")
    published, relations = {}, []

    def shown(text: str) -> int | None:
        return int(text) if text.isdigit() else None

    for month in range(1, 13):
        view = publish(Filters.month(2024, month))
        table = next(t for t in view.survival if t.dimension == "age_group")
        published["S", "all", month] = shown(table.total.size_text)
        published.update({("S", g.key, month): shown(g.size_text) for g in table.groups})
        for key in groups:
            published.setdefault(("S", key, month), 0)
        relations.append((("S", "all", month), [("S", key, month) for key in groups]))
        cohort = next(t for t in view.cohorts if t.dimension == "age_group")
        published.update({("R", row.key, month): shown(row.size_text) for row in cohort.rows})
        everyone = next(t for t in view.cohorts if t.dimension is None).rows[0]
        published["R", "all", month] = shown(everyone.size_text)
        for key in (*groups, "all"):
            published.setdefault(("R", key, month), 0)
            relations.append((("S", key, month), [("R", key, month)] + ([("S", key, month - 1)] if month > 1 else [])))
        relations.append((("R", "all", month), [("R", key, month) for key in groups]))
    year = publish(Filters.year(2024))
    for table in (t for t in year.cohorts if t.dimension in ("age_group", None)):
        for n, row in enumerate(table.rows):
            quarter = n // (len(groups) if table.dimension else 1) + 1
            published["C", row.key, quarter] = shown(row.size_text)
    for quarter in range(1, 5):
        for key in (*groups, "all"):
            published.setdefault(("C", key, quarter), 0)
            relations.append((("C", key, quarter), [("R", key, m) for m in range(3 * quarter - 2, 3 * quarter + 1)]))
    assert published["S", "u25", 2] is None or published["S", "u25", 3] is None  # 12, then 14
    # A cell hidden to protect others may be a 0 (nobody registered in April): finding that out
    # reveals nobody; every count of people stays hidden.
    assert {cell: value for cell, value in recoverable(published, relations).items() if value} == {}


def test_a_slot_kinds_placements_of_two_months_do_not_give_the_one_between_away(followed):
    """Praktikum placements by the end of March: 5 (days 10 to 80), by the end of April: 6 (day
    100). Both shown would say "one placement in April"."""
    def praktikum(month: int) -> str:
        table = next(s for s in time_to_placement(Filters.month(2024, month), today=date(2025, 6, 1))
                     if s.dimension == "slot_kind")
        return next(g for g in table.groups if g.key == SlotKind.PRAKTIKUM.value).size_text

    assert not (praktikum(3).isdigit() and praktikum(4).isdigit())
    assert praktikum(12) == "6"  # the year's, as the curve counts them
