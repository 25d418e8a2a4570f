"""The evaluation pages: who may see them, what they show, and CSV that reads back."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from matchmaker.extensions import db
from matchmaker.models import Contact, ContactStatus, Initiator, Outcome
from tests.factories import AgencyFactory, CandidateFactory, SlotFactory, caseworker, coordinator, employer_user


def _placements(agency, count, day=date(2026, 3, 10)):
    """`count` placed contacts on Ausbildung slots for profiles of `agency`."""
    for _ in range(count):
        slot = SlotFactory(kind="ausbildung")
        candidate = CandidateFactory(agency=agency, status="placed")
        db.session.add(Contact(slot_id=slot.id, candidate_id=candidate.id, initiated_by=Initiator.CASEWORKER,
                               status=ContactStatus.ACCEPTED, created_at=datetime(2026, 2, 1, tzinfo=UTC),
                               answered_at=datetime(2026, 2, 3, tzinfo=UTC), outcome=Outcome.AUSBILDUNG,
                               outcome_on=day, placed_on=day))
    db.session.commit()


@pytest.mark.parametrize("make_user", [employer_user])
def test_employers_do_not_see_the_evaluation(client, login_as, make_user):
    login_as(make_user())
    assert client.get("/evaluation/").status_code == 403
    assert client.get("/evaluation/bezirk.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get("/evaluation/").headers["Location"].startswith("/login")


def test_the_coordinator_dashboard_shows_charts_tables_and_suppresses_small_cells(client, login_as):
    _placements(AgencyFactory(), 6)
    _placements(AgencyFactory(), 2)
    login_as(coordinator())
    page = client.get("/evaluation/?period=year&year=2026").text
    assert page.count("<svg") >= 10 and 'data-testid="funnel-chart"' in page
    assert "Personen mit begonnener Vermittlung" in page and "< 5" in page
    assert "Gezählt werden Personen, nicht Ereignisse" in page
    assert ">8<" in page  # the total of placements is shown


def test_an_agency_sees_only_its_own_candidates(client, login_as):
    own, other = AgencyFactory(), AgencyFactory()
    _placements(own, 6)
    _placements(other, 9)
    login_as(caseworker(organisation=own))
    rows = list(csv.reader(io.StringIO(client.get("/evaluation/trichter.csv?period=year&year=2026")
                                       .get_data().decode("utf-8-sig")), delimiter=";"))
    by_step = {row[0]: row[1] for row in rows[1:]}
    assert by_step["Personen mit begonnener Vermittlung"] == "6"
    assert rows[0][3] == "Was gezählt wird" and rows[1][3].startswith("Profile, deren Status")
    other_agency = client.get(f"/evaluation/trichter.csv?period=year&year=2026&agency={other.id}").get_data()
    # the filter cannot widen the scope
    assert "Personen mit begonnener Vermittlung;6" in other_agency.decode("utf-8-sig")


@pytest.mark.parametrize("name", ["trichter", "zeiten", "verlauf", "bezirk", "age_group", "slot_kind"])
def test_every_table_downloads_as_csv_for_german_excel(client, login_as, name):
    _placements(AgencyFactory(), 5)
    login_as(coordinator())
    response = client.get(f"/evaluation/{name}.csv?period=year&year=2026")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows)


def test_unknown_exports_are_not_found(client, login_as):
    login_as(coordinator())
    assert client.get("/evaluation/nichts.csv").status_code == 404


@pytest.mark.parametrize("query", ["period=quarter&year=2026&quarter=9", "period=month&month=13",
                                   "period=custom&start=2026-05-01&end=2026-01-01", "bezirk=abc&agency=x&sector=zz",
                                   "year=99999"])
def test_bad_filter_values_fall_back_instead_of_failing(client, login_as, query):
    login_as(coordinator())
    assert client.get(f"/evaluation/?{query}").status_code == 200
    assert client.get(f"/evaluation/report?{query}").status_code == 200


def test_periods_narrow_the_figures(client, login_as):
    _placements(AgencyFactory(), 5, day=date(2026, 3, 10))
    login_as(coordinator())
    march = client.get("/evaluation/trichter.csv?period=month&year=2026&month=3").get_data().decode("utf-8-sig")
    april = client.get("/evaluation/trichter.csv?period=month&year=2026&month=4").get_data().decode("utf-8-sig")
    assert "Personen mit begonnener Vermittlung;5" in march and "Personen mit begonnener Vermittlung;0" in april


def test_employers_see_a_small_summary_of_their_own_slots(client, login_as):
    boss = employer_user()
    for _ in range(6):
        slot = SlotFactory(organisation=boss.organisation)
        candidate = CandidateFactory()
        db.session.add(Contact(slot_id=slot.id, candidate_id=candidate.id, initiated_by=Initiator.CASEWORKER,
                               status=ContactStatus.PROPOSED, created_at=datetime.now(UTC)))
    db.session.commit()
    login_as(boss)
    summary = client.get("/employer/").text.split('data-testid="employer-summary"')[1].split("</section>")[0]
    assert '<span class="stat-number">6</span>' in summary
    assert summary.count("0</span>") >= 2  # no contacts or placements yet


def test_an_employer_sees_its_own_small_figures_exactly(client, login_as):
    """The employer's card showed "< 5" for figures the employer knows from its own contact list."""
    boss = employer_user()
    for _ in range(2):
        slot = SlotFactory(organisation=boss.organisation)
        db.session.add(Contact(slot_id=slot.id, candidate_id=CandidateFactory().id, initiated_by=Initiator.CASEWORKER,
                               status=ContactStatus.PROPOSED, created_at=datetime.now(UTC)))
    db.session.commit()
    login_as(boss)
    summary = client.get("/employer/").text.split('data-testid="employer-summary"')[1].split("</section>")[0]
    assert '<span class="stat-number">2</span>' in summary and "&lt; 5" not in summary


def test_the_dashboard_names_its_breakdowns_and_explains_within_target(client, login_as):
    login_as(coordinator())
    page = client.get("/evaluation/").text
    assert "Modellquartiere und übrige Stadtteile" in page and "Nach Modellquartiere" not in page
    assert 'data-testid="within-target-note"' in page
    # the comparison, six time tables, six cohort tables, eight breakdowns
    assert page.count('class="table-scroll" tabindex="0" role="region"') == 21


def test_a_target_set_by_the_coordinator_is_what_the_time_figures_measure_against(client, login_as):
    from matchmaker import transaction
    from matchmaker.models import SlotKind
    from matchmaker.services.evaluation import Filters, time_to_placement
    from matchmaker.services.targets import save_targets

    boss = coordinator()
    _placements(AgencyFactory(), 12, day=date(2026, 3, 10))
    save_targets(boss, {SlotKind.AUSBILDUNG: 10})
    transaction.commit()
    kinds = next(t for t in time_to_placement(Filters.year(2026)) if t.dimension == "slot_kind")
    ausbildung = next(g for g in kinds.groups if g.key == SlotKind.AUSBILDUNG.value)
    assert ausbildung.target_days == 10
    login_as(boss)
    rows = client.get("/evaluation/zeiten.csv?period=year&year=2026").get_data().decode("utf-8-sig")
    assert any(";Ausbildung;12;" in line and ";10;" in line for line in rows.splitlines())
    page = client.get("/evaluation/?period=year&year=2026").text
    assert 'data-testid="survival-slot_kind"' in page and 'class="chart-target chart-line-' in page


def test_the_trend_line_breaks_at_a_hidden_month_instead_of_bridging_it(app):
    from flask import render_template_string

    svg = render_template_string(
        '{% from "macros/charts.html" import lines %}{{ lines(points, ["A"], "t", "t") }}',
        points=[("01", [7]), ("02", [9]), ("03", [None]), ("04", [8]), ("05", [6]), ("06", [None]), ("07", [5])])
    assert svg.count("<polyline") == 2  # 01-02 and 04-05
    assert svg.count("<circle") == 1  # 07 stands alone


def test_the_council_report_holds_every_section_for_the_year_and_no_download_links(client, login_as):
    _placements(AgencyFactory(), 12)
    login_as(coordinator())
    page = client.get("/evaluation/report?year=2026&period=month&month=3").text  # a report is always a year
    for testid in ("report-cover", "report-definitions", "funnel", "comparison", "times", "cohorts", "trend",
                   "breakdown-model_quarter", "report-notes"):
        assert f'data-testid="{testid}"' in page, testid
    assert "Jahresbericht 2026" in page and "01.01.2026 – 31.12.2026" in page
    assert ".csv" not in page and "Zeitraum davor (01.01.2025 – 31.12.2025)" in page
    assert "Profile, deren Status am letzten Tag des Zeitraums" in page  # the definitions


def test_the_report_keeps_an_agency_to_its_own_people_and_employers_out(client, login_as):
    own, other = AgencyFactory(), AgencyFactory()
    _placements(other, 9)
    login_as(caseworker(organisation=own))
    page = client.get(f"/evaluation/report?year=2026&agency={other.id}").text
    assert own.name in page and "Personen mit begonnener Vermittlung</td><td>0<" in page.replace("\n", "")
    client.post("/logout")
    login_as(employer_user())
    assert client.get("/evaluation/report?year=2026").status_code == 403


@pytest.mark.parametrize("name", ["kohorten", "vergleich"])
def test_cohorts_and_the_comparison_download_too(client, login_as, name):
    _placements(AgencyFactory(), 5)
    login_as(coordinator())
    body = client.get(f"/evaluation/{name}.csv?period=year&year=2026").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows)


def test_a_coordinator_filters_one_way_at_a_time_and_sees_totals_only(client, login_as):
    """Two filters at once are refused with a message (the first applies); a filtered view has no
    breakdowns, on the page or as CSV, and says why."""
    from matchmaker.models import Sector
    from tests.factories import district

    agency = AgencyFactory()
    _placements(agency, 6)
    login_as(coordinator())
    hamborn = district("Hamborn").id
    page = client.get(f"/evaluation/?period=year&year=2026&bezirk={hamborn}&sector={Sector.HANDEL.value}")
    assert page.status_code == 200
    assert "Bitte nur einen Filter wählen" in page.text
    assert 'data-testid="breakdowns-none"' in page.text and 'data-testid="breakdown-age_group"' not in page.text
    assert 'data-testid="totals-only-note"' in page.text
    assert client.get(f"/evaluation/age_group.csv?period=year&year=2026&agency={agency.id}").status_code == 404
    funnel = client.get(f"/evaluation/trichter.csv?period=year&year=2026&agency={agency.id}").get_data()
    assert "Personen mit begonnener Vermittlung;6" in funnel.decode("utf-8-sig")
    city = client.get("/evaluation/?period=year&year=2026").text
    assert 'data-testid="breakdown-age_group"' in city and "Bitte nur einen Filter" not in city


def test_while_a_busy_city_writes_the_dashboard_shows_recent_figures_and_counts_anew_behind(client, login_as, app):
    """Figures of the version before a write are shown at once (with their time), while a
    thread counts the new version; the next view has it. With 0 seconds, a write is seen at once."""
    import time

    from matchmaker.services import evaluation
    from matchmaker.services.evaluation import cache

    agency = AgencyFactory()
    _placements(agency, 6)
    login_as(coordinator())
    year = evaluation.Filters.year(2026)
    app.config["EVALUATION_STALE_SECONDS"] = 120
    first = evaluation.publish(year)
    page = client.get("/evaluation/?period=year&year=2026").text
    assert 'data-testid="as-of"' in page and ">6<" in page
    _placements(agency, 2)  # a write: a new data version
    assert evaluation.publish(year) is first  # shown at once, as counted before the write
    entries = app.extensions["evaluation_cache"]
    for _ in range(300):  # the thread counting the new version
        with entries.lock:
            if not entries.refreshing:
                break
        time.sleep(0.05)
    again = evaluation.publish(year)
    assert again is not first and again.funnel != first.funnel
    assert ">8<" in client.get("/evaluation/?period=year&year=2026").text
    app.config["EVALUATION_STALE_SECONDS"] = 0
    _placements(agency, 1)
    assert evaluation.publish(year).funnel != again.funnel  # counted anew for the view that asks
    assert cache.as_of() is None  # outside a request nobody is told a time
