"""Evaluation figures on a small hand-built data set, with expectations worked out by hand."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import (
    Candidate,
    CandidateStatus,
    Contact,
    ContactStatus,
    DeclineReason,
    Initiator,
    Match,
    Sector,
    SlotKind,
    SlotStatus,
    StatusChange,
)
from matchmaker.services.evaluation import (
    Cell,
    Filters,
    breakdown,
    employer_summary,
    funnel,
    monthly_trend,
    suppress,
)
from matchmaker.services.evaluation.publication import MONTHS, Grid
from tests.differencing import recoverable
from tests.factories import AgencyFactory, CandidateFactory, EmployerFactory, SlotFactory, district

MARCH = Filters.month(2024, 3)


def at(day: date | str, hour: int = 10) -> datetime:
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def people(n, agency, created="2024-01-10", **kwargs):
    return [CandidateFactory(agency=agency, created_at=at(created), **kwargs) for _ in range(n)]


def contact(candidate, slot, created, answered=None, status=ContactStatus.PROPOSED, placed=None):
    row = Contact(slot=slot, candidate=candidate, initiated_by=Initiator.CASEWORKER, created_at=at(created),
                  answered_at=answered and at(answered, 23), status=status,
                  placed_on=placed and date.fromisoformat(placed))
    if status is ContactStatus.DECLINED:
        row.decline_reason = DeclineReason.OTHER
    db.session.add(row)
    db.session.commit()
    return row


def values(cells):
    return [str(c) for c in cells]


@pytest.fixture
def places(app):
    """Agency A advises in Marxloh (Hamborn, a model quarter), agency B in Altstadt (Mitte);
    one Handwerk employer offers a Praktikum in Marxloh."""
    agency_a = AgencyFactory(district=district("Marxloh"))
    agency_b = AgencyFactory(district=district("Altstadt"))
    slot = SlotFactory(district=district("Marxloh"), organisation=EmployerFactory(sector=Sector.HANDWERK),
                       open_positions=3, created_at=at("2024-01-01"))
    return agency_a, agency_b, slot


# -- suppression ------------------------------------------------------------------------

def test_counts_of_one_to_four_show_as_less_than_five_and_zero_shows():
    body, totals, _ = suppress([[0], [7], [0]])
    assert values(r[0] for r in body) == ["0", "7", "0"] and values(totals) == ["7"]
    assert str(Cell(None, True)) == "< 5" and str(Cell(None)) == "–"


def test_a_lone_hidden_cell_takes_the_next_smallest_cell_of_its_column_with_it():
    body, totals, _ = suppress([[3], [12], [10], [0]])
    assert values(r[0] for r in body) == ["< 5", "12", "•", "0"]  # 10 is hidden to protect the 3
    assert values(totals) == ["25"]


def test_two_hidden_cells_in_a_column_need_no_further_suppression():
    body, totals, _ = suppress([[2], [3], [9]])
    assert values(r[0] for r in body) == ["< 5", "< 5", "9"] and values(totals) == ["14"]


def test_suppression_repeats_across_rows_and_columns_until_nothing_can_be_recovered():
    body, totals, row_totals = suppress([[2, 8], [9, 10]], row_totals=True)
    assert all(c.suppressed and c.value is None for row in body for c in row)
    assert values(totals) == ["11", "18"] and values(row_totals) == ["10", "19"]


def test_a_total_below_five_is_itself_hidden():
    _body, totals, _ = suppress([[1], [2]])
    assert values(totals) == ["< 5"]


# -- differencing across periods ---------------------------------------------------------------

def _published(grid: Grid) -> dict:
    return {key: grid.cell(*key).value for key in grid.values}


def test_a_month_that_would_give_away_a_hidden_month_of_its_quarter_is_hidden_too():
    """The attack: quarter minus the months shown beside the hidden one. January 0, February
    2 (hidden), March 10: the quarter's 12 minus 10 would give 2, so March hides ("•")."""
    grid = Grid()
    grid.flow("placements", {2: 2, 3: 10, 5: 7})
    assert [str(grid.cell("placements", ("month", m))) for m in (1, 2, 3)] == ["0", "< 5", "•"]
    assert str(grid.cell("placements", ("quarter", 1))) == "12" and str(grid.cell("placements", ("year",))) == "19"
    assert recoverable(_published(grid), grid.relations) == {}


def test_naive_suppression_one_period_at_a_time_is_what_the_attack_beats():
    """The same figures suppressed per period, as before: the attacker recovers February."""
    grid = Grid()
    grid.flow("placements", {2: 2, 3: 10, 5: 7})
    months, _totals, _rows = suppress([[grid.values["placements", ("month", m)]] for m in MONTHS],
                                      column_totals=False)
    naive = {key: value for key, value in grid.values.items() if key[1][0] != "month"}
    naive |= {("placements", ("month", m)): c[0].value for m, c in zip(MONTHS, months, strict=True)}
    assert recoverable(naive, grid.relations) == {("placements", ("month", 2)): 2}


@pytest.mark.parametrize("seed", range(60))
def test_no_hidden_cell_can_be_worked_out_from_all_periods_and_breakdowns_together(seed):
    """Random years of small counts: two breakdowns sharing their totals, flows over months,
    quarters and the year and a stock; the attacker solves every published sum at once."""
    rng = random.Random(seed)
    grid = Grid()
    for column in ("proposals", "placements"):
        per_row = {("a", row): {m: rng.choice([0, 0, 0, 1, 2, 3, 4, 5, 6, 9, 14]) for m in MONTHS}
                   for row in range(rng.randint(1, 5))}
        totals = {m: sum(per_month[m] for per_month in per_row.values()) for m in MONTHS}
        b_rows = rng.randint(1, 4)
        for row in range(b_rows):  # the same people by another attribute: a random split of the total
            per_row["b", row] = dict.fromkeys(MONTHS, 0)
        for m, n in totals.items():
            for _person in range(n):
                per_row["b", rng.randrange(b_rows)][m] += 1
        for key, per_month in per_row.items():
            grid.flow((*key, column), per_month)
        grid.flow(("total", column), totals)
        for dimension in ("a", "b"):
            grid.sums(("total", column), [(*k, column) for k in per_row if k[0] == dimension])
    stocks = {row: {m: rng.choice([0, 2, 3, 6, 11]) + m for m in MONTHS} for row in range(3)}
    for row, per_month in stocks.items():
        grid.stock(("stock", row), per_month)
    grid.stock(("stock", "total"), {m: sum(s[m] for s in stocks.values()) for m in MONTHS})
    grid.sums(("stock", "total"), [("stock", row) for row in stocks])
    published = _published(grid)
    assert any(v is None for v in published.values())
    assert recoverable(published, grid.relations) == {}


def test_periods_cover_whole_months_quarters_and_years():
    assert (MARCH.start, MARCH.end) == (date(2024, 3, 1), date(2024, 3, 31))
    assert Filters.quarter(2024, 1).end == date(2024, 3, 31)
    assert Filters.year(2023).months()[-1] == "2023-12"
    assert Filters.quarter(2024, 1).months() == ["2024-01", "2024-02", "2024-03"]
    assert [Filters.month(2024, 3).key, Filters.quarter(2024, 2).key, Filters.year(2024).key] == [
        ("month", 3), ("quarter", 2), ("year",)]
    for start, end in [(date(2024, 2, 1), date(2024, 1, 1)), (date(2024, 1, 15), date(2024, 3, 1)),
                       (date(2024, 2, 1), date(2024, 4, 30)), (date(2024, 1, 1), date(2024, 2, 29)),
                       (date(2024, 7, 1), date(2025, 6, 30))]:
        with pytest.raises(ValueError):
            Filters(start, end)


# -- funnel -----------------------------------------------------------------------------

@pytest.fixture
def march(places):
    """7 active profiles (A), a paused one, one created after March; 10 matches and 8
    proposals in March, 6 acceptances and 6 placements (5 Praktikum, 1 Ausbildung)."""
    agency_a, _b, praktikum = places
    ausbildung = SlotFactory(kind=SlotKind.AUSBILDUNG, district=district("Altstadt"), open_positions=2,
                             organisation=EmployerFactory(sector=Sector.HANDEL), created_at=at("2024-01-01"))
    SlotFactory(status=SlotStatus.DRAFT, created_at=at("2024-01-01"))
    active = people(7, agency_a)
    paused = people(1, agency_a, status=CandidateStatus.PAUSED)[0]
    people(1, agency_a, created="2024-04-02")
    pairs = [(p, praktikum) for p in active] + [(p, ausbildung) for p in active[:3]]
    db.session.add_all(Match(slot=s, candidate=p, score=80, created_at=at("2024-03-05")) for p, s in pairs)
    db.session.add(Match(slot=praktikum, candidate=paused, score=80, created_at=at("2023-12-05")))
    for p in active[:5]:
        contact(p, praktikum, "2024-03-06", "2024-03-07", ContactStatus.CLOSED, placed="2024-03-15")
    contact(active[5], praktikum, "2024-03-06", "2024-03-07", ContactStatus.DECLINED)
    contact(active[6], praktikum, "2024-03-06")
    contact(active[0], ausbildung, "2024-03-08")
    contact(paused, ausbildung, "2023-12-20", "2024-03-01", ContactStatus.ACCEPTED, placed="2024-03-20")
    return places


def test_funnel_counts_distinct_people_each_on_its_own_date(march):
    """10 matches of 7 people; 8 proposals of 7 people (one person twice); the rest one each."""
    steps = {s.key: s for s in funnel(MARCH)}
    assert {k: str(steps[k].value) for k in ("profiles", "open_slots", "matches", "proposals", "accepted",
                                              "placements")} == {
        "profiles": "7", "open_slots": "2", "matches": "7", "proposals": "7", "accepted": "6", "placements": "6"}
    assert all(steps[k].definition for k in steps)


def test_funnel_gives_conversion_rates_between_people(march):
    rates = {s.key: s.rate_from_previous for s in funnel(MARCH)}
    assert (rates["profiles"], rates["proposals"], rates["accepted"], rates["placements"]) == (None, 1.0, 6 / 7, 1.0)


def test_one_person_in_several_months_is_one_person_in_the_quarter_and_the_year(places):
    """Six people, each proposed in January and again in February (two slots): 6 in January,
    6 in February, 6 (not 12) in the quarter and the year."""
    agency, _b, praktikum = places
    other = SlotFactory(district=district("Marxloh"), created_at=at("2024-01-01"))
    for person in people(6, agency):
        contact(person, praktikum, "2024-01-15")
        contact(person, other, "2024-02-15")
    proposals = {f.key: str(next(s for s in funnel(f) if s.key == "proposals").value)
                 for f in (Filters.month(2024, 1), Filters.month(2024, 2), Filters.quarter(2024, 1),
                           Filters.year(2024))}
    assert proposals == {("month", 1): "6", ("month", 2): "6", ("quarter", 1): "6", ("year",): "6"}


def test_profiles_count_as_of_each_period_end_from_the_history_not_todays_status(places):
    """Eight profiles created in January; two paused from 10 February to 5 April, one placed on
    20 May, one created paused. Today all are active again but the placed one. As of January 7
    active (the one created paused never counts), February and March 5, April 7, May and later 6."""
    agency, _b, _slot = places
    everyone = people(7, agency)
    people(1, agency, status=CandidateStatus.PAUSED)
    for person in everyone[:2]:
        for status, day in (("paused", "2024-02-10"), ("active", "2024-04-05")):
            db.session.add(StatusChange(subject="candidates", subject_id=person.id, status=status,
                                        changed_at=at(day)))
    db.session.add(StatusChange(subject="candidates", subject_id=everyone[2].id, status="placed",
                                changed_at=at("2024-05-20")))
    db.session.commit()
    counts = [str(next(s for s in funnel(Filters.month(2024, m)) if s.key == "profiles").value) for m in (1, 2, 3, 4,
                                                                                                         5, 6)]
    assert counts == ["7", "5", "5", "7", "6", "6"]
    assert str(next(s for s in funnel(Filters.quarter(2024, 1)) if s.key == "profiles").value) == "5"


def test_placements_by_kind_hide_the_large_kind_too_when_one_kind_is_small(march):
    steps = {s.key: s for s in funnel(MARCH)}
    assert str(steps["placements_ausbildung"].value) == "< 5"
    assert str(steps["placements_praktikum"].value) == "•"  # 5, hidden so the 1 cannot be worked out
    assert str(steps["placements_eq"].value) == "0"


def test_a_month_before_counts_only_what_happened_then(march):
    steps = {s.key: str(s.value) for s in funnel(Filters.month(2023, 12))}
    assert (steps["matches"], steps["proposals"], steps["accepted"], steps["placements"]) == ("< 5", "< 5", "0", "0")


def test_funnel_filters_by_stadtbezirk_agency_and_sector(march):
    """A filtered view shows the city's cells: Hamborn's proposals are the city's row Hamborn,
    hidden ("•") there to protect Mitte's "< 5", so hidden here too."""
    hamborn = district("Hamborn").id
    mitte = {s.key: str(s.value) for s in funnel(Filters.month(2024, 3, bezirk_id=district("Mitte").id))}
    assert (mitte["profiles"], mitte["open_slots"], mitte["proposals"]) == ("0", "1", "< 5")
    ham = {s.key: str(s.value) for s in funnel(Filters.month(2024, 3, bezirk_id=hamborn))}
    assert (ham["profiles"], ham["open_slots"], ham["proposals"], ham["placements"]) == ("7", "1", "•", "•")
    city = {row.key: row for row in breakdown(MARCH, "bezirk").rows}
    assert (str(city[hamborn].profiles), str(city[hamborn].proposals), str(city[hamborn].placements)) == \
        ("7", "•", "•")
    handel = {s.key: str(s.value) for s in funnel(Filters.month(2024, 3, sector=Sector.HANDEL.value))}
    assert (handel["profiles"], handel["proposals"], handel["placements"]) == ("7", "< 5", "< 5")
    other = {s.key: str(s.value) for s in funnel(Filters.month(2024, 3, agency_id=march[1].id))}
    assert (other["profiles"], other["proposals"]) == ("0", "0")
    assert not any(s.key.startswith("placements_") for s in funnel(Filters.month(2024, 3, bezirk_id=hamborn)))


def test_a_coordinator_takes_one_filter_at_a_time(march):
    """Two filters at once would be a further system of cells (a Stadtbezirk's sector): refused."""
    with pytest.raises(ValueError):
        funnel(Filters.month(2024, 3, bezirk_id=district("Hamborn").id, sector=Sector.HANDEL.value))
    assert breakdown(Filters.month(2024, 3, sector=Sector.HANDEL.value, agency_id=march[0].id),
                     "age_group", agency_id=march[0].id).rows  # an agency's own view takes any filter


def test_an_agency_sees_only_its_own_candidates_whatever_filter_it_asks_for(march):
    agency_a, agency_b, _slot = march
    own = {s.key: str(s.value) for s in funnel(Filters.month(2024, 3, agency_id=agency_a.id), agency_id=agency_b.id)}
    assert (own["profiles"], own["proposals"], own["open_slots"]) == ("0", "0", "2")


def test_employer_summary_counts_only_that_employers_slots(march):
    summary = employer_summary(march[2].organisation_id, MARCH)
    assert values([summary.proposals, summary.accepted, summary.placements]) == ["7", "5", "5"]
    assert values(vars(employer_summary(EmployerFactory().id, MARCH)).values()) == ["0", "0", "0"]


# -- breakdowns -------------------------------------------------------------------------

@pytest.fixture
def spread(places):
    """A: 5 profiles born 2000; B: 6 born 1995, 2 born 1980, 1 without a birth year.
    B's six 1995-born people were proposed for A's Marxloh Praktikum in March."""
    agency_a, agency_b, praktikum = places
    people(5, agency_a, birth_year=2000)
    young_adults = people(6, agency_b, birth_year=1995)
    people(2, agency_b, birth_year=1980)
    people(1, agency_b, birth_year=None)
    for person in young_adults:
        contact(person, praktikum, "2024-03-10")
    return places


def rows(table):
    return [(r.label, str(r.profiles), str(r.proposals), str(r.accepted), str(r.placements))
            for r in [*table.rows, table.total]]


def test_age_groups_count_from_the_period_end_year(spread):
    assert rows(breakdown(MARCH, "age_group")) == [
        ("unter 25", "5", "0", "0", "0"), ("25 bis 34", "6", "6", "0", "0"),
        ("35 und älter", "< 5", "0", "0", "0"), ("ohne Angabe", "< 5", "0", "0", "0"),
        ("Gesamt", "14", "6", "0", "0")]


def test_profiles_sit_in_their_agencys_district_and_contacts_in_the_slots(spread):
    assert rows(breakdown(MARCH, "bezirk")) == [
        ("Hamborn", "5", "6", "0", "0"), ("Mitte", "9", "0", "0", "0"), ("Gesamt", "14", "6", "0", "0")]
    assert [r.label for r in breakdown(MARCH, "ortsteil").rows] == ["Altstadt", "Marxloh"]
    assert rows(breakdown(MARCH, "model_quarter"))[:2] == [
        ("Modellquartiere", "5", "6", "0", "0"), ("übrige Stadtteile", "9", "0", "0", "0")]


def test_slot_side_breakdowns_show_no_profile_counts(spread):
    assert rows(breakdown(MARCH, "sector")) == [("Handwerk", "–", "6", "0", "0"), ("Gesamt", "–", "6", "0", "0")]
    assert rows(breakdown(MARCH, "slot_kind"))[0] == ("Praktikum", "–", "6", "0", "0")


def test_person_breakdowns_follow_the_vocabulary_order(spread):
    assert rows(breakdown(MARCH, "german_level")) == [("B1 – selbstständig", "14", "6", "0", "0"),
                                                      ("Gesamt", "14", "6", "0", "0")]
    assert rows(breakdown(MARCH, "origin_region"))[0][:2] == ("keine Angabe", "14")


def test_a_lone_small_row_in_a_breakdown_hides_its_next_smallest_neighbour(places):
    agency_a, agency_b, _slot = places
    people(3, agency_a)
    people(6, agency_b)
    people(9, AgencyFactory(district=district("Wedau")))
    assert [r[1] for r in rows(breakdown(MARCH, "bezirk"))] == ["< 5", "•", "9", "18"]


def test_an_unknown_dimension_is_refused(app):
    with pytest.raises(ValueError):
        breakdown(MARCH, "religion")


# -- trend ------------------------------------------------------------------------------

def test_monthly_trend_lists_every_month_with_proposals_and_placements(places):
    agency, _b, praktikum = places
    for person in people(5, agency):
        contact(person, praktikum, "2024-01-20", "2024-01-25", ContactStatus.CLOSED, placed="2024-02-01")
    for person in people(6, agency):
        contact(person, praktikum, "2024-02-29")
    assert [(p.month, str(p.proposals), str(p.placements)) for p in monthly_trend(Filters.quarter(2024, 1))] == [
        ("2024-01", "5", "0"), ("2024-02", "6", "5"), ("2024-03", "0", "0")]


def test_a_breakdown_without_any_data_has_zero_totals(app):

    from matchmaker.services.evaluation import DIMENSIONS, Filters, breakdown

    for dimension in DIMENSIONS:
        table = breakdown(Filters.month(2020, 1), dimension)
        assert table.rows == [] and str(table.total.proposals) == "0" and str(table.total.placements) == "0"


# -- computed once per data version ------------------------------------------------------------

def test_figures_are_computed_once_per_data_version_and_anew_after_any_change(march):
    from matchmaker.services.evaluation import publish

    first = publish(MARCH)
    assert publish(MARCH) is first  # the same data: not counted again
    agency_a = march[0]
    people(1, agency_a)  # a new profile: a new version
    again = publish(MARCH)
    assert again is not first and str(again.funnel[0].value) == "8"
    december = Filters.month(2026, 12)
    assert str(publish(december).funnel[0].value) == "9"  # today: 7 + the one of April + the new one
    newest = db.session.scalars(sa.select(Candidate).order_by(Candidate.id.desc())).first()
    db.session.execute(sa.update(Candidate).where(Candidate.id == newest.id).values(status=CandidateStatus.PAUSED))
    db.session.commit()  # a bulk status change, as a script would make it: the history moves on
    after = publish(MARCH)
    assert after is not again  # counted anew, and March stays as it was: the pause began today
    assert str(after.funnel[0].value) == "8" and str(publish(december).funnel[0].value) == "8"


# -- model quarters against the rest -------------------------------------------------------------

def test_model_quarters_and_the_rest_side_by_side_with_the_change_from_the_period_before(places):
    """Agency A advises in Marxloh (a model quarter): 6 of its people were proposed in February,
    8 others in March, 5 of those accepted in March. Nothing happened in the rest of the city."""
    from matchmaker.services.evaluation import compare, publish

    agency_a, _b, praktikum = places
    for person in people(6, agency_a):
        contact(person, praktikum, "2024-02-12")
    for n, person in enumerate(people(8, agency_a)):
        contact(person, praktikum, "2024-03-04", "2024-03-05" if n < 5 else None,
                ContactStatus.ACCEPTED if n < 5 else ContactStatus.PROPOSED)
    rows = {c.label: c for c in compare(publish(MARCH), publish(MARCH.previous()))}
    model = {label: (c.model.now, c.model.before, c.model.change) for label, c in rows.items()}
    assert model == {
        "Aktive Profile am Ende des Zeitraums": ("14", "14", "±0"),
        "Personen mit Anfrage": ("8", "6", "+2"),
        "Personen mit angenommenem Kontakt": ("5", "0", "+5"),
        "Personen mit begonnener Vermittlung": ("0", "0", "±0"),
        "Anteil angenommen (von Personen mit Anfrage)": ("62 %", "0 %", "+62 Pp."),
        "Anteil vermittelt (von Personen mit Anfrage)": ("0 %", "0 %", "±0 Pp."),
    }
    rest = rows["Personen mit Anfrage"].rest
    assert (rest.now, rest.before, rest.change) == ("0", "0", "±0")
    assert rows["Anteil angenommen (von Personen mit Anfrage)"].rest.now == "–"  # nobody to take a share of


def test_a_change_is_not_given_where_either_count_is_hidden(places):
    from matchmaker.services.evaluation import compare, publish

    agency_a, _b, praktikum = places
    for person in people(2, agency_a):
        contact(person, praktikum, "2024-02-12")
    for person in people(7, agency_a):
        contact(person, praktikum, "2024-03-04")
    proposals = next(c for c in compare(publish(MARCH), publish(MARCH.previous())) if c.label == "Personen mit Anfrage")
    assert (proposals.model.now, proposals.model.before, proposals.model.change) == ("•", "< 5", "–")


def test_people_with_a_new_match_stay_counted_after_their_matches_are_removed(march):
    """Pausing or placing a person removes today's matches; March keeps the seven people the
    matcher found then. A pair found again later is no new match."""
    db.session.execute(sa.delete(Match))
    db.session.commit()
    steps = {s.key: str(s.value) for s in funnel(MARCH)}
    assert steps["matches"] == "7"
    agency_a, _b, praktikum = march
    person = db.session.scalars(sa.select(Candidate).where(Candidate.agency_id == agency_a.id)
                                .order_by(Candidate.id)).first()
    db.session.add(Match(slot=praktikum, candidate=person, score=80, created_at=at("2024-06-05")))
    db.session.commit()
    assert str(next(s for s in funnel(Filters.month(2024, 6)) if s.key == "matches").value) == "0"
