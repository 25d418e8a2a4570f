"""Caseworkers keep consented, pseudonymous profiles; nobody outside the agency sees them."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.domain import clock
from matchmaker.extensions import db
from matchmaker.models import AuditLog, Candidate, CandidateStatus, OriginRegion
from tests.factories import AgencyFactory, CandidateFactory, caseworker, coordinator, district, employer_user


def _form(**overrides):
    data = {"first_name": "Amira", "last_initial": "K", "birth_year": "1999", "origin_region": "nahost",
            "german_level": "B1", "other_languages": "Arabisch, Englisch", "skills": "Kassieren:2, Lager",
            "occupations": "Bäckerin:3", "qualifications": "Bäckerin (in Anerkennung)",
            "desired_kinds": ["ausbildung", "eq"], "districts": [str(district("Marxloh").id)],
            "work_permit": "erlaubt", "notes": "ruft abends zurück", "consent": "y",
            "consent_given_on": clock.today().isoformat()}
    data.update(overrides)
    return data


def _candidates():
    return db.session.scalars(sa.select(Candidate).order_by(Candidate.id)).all()


def _actions(candidate):
    return [a.action for a in db.session.scalars(
        sa.select(AuditLog).where(AuditLog.object_type == "candidates", AuditLog.object_id == candidate.id)
        .order_by(AuditLog.id))]


def test_a_profile_is_created_with_consent_and_a_random_pseudonym(client, login_as):
    me = caseworker()
    login_as(me)
    response = client.post("/caseworker/candidates/new", data=_form())
    assert response.status_code == 302
    [candidate] = _candidates()
    assert re.fullmatch(r"K-[2-9A-HJKMNP-Z]{4}", candidate.pseudonym)
    assert (candidate.consent_recorded_by_id, candidate.consent_given_on) == (me.id, clock.today())
    assert candidate.consent_scope == "pseudonymous_profile_to_verified_employers"
    assert candidate.skills == [{"name": "Kassieren", "years": 2.0}, {"name": "Lager", "years": None}]
    assert candidate.qualifications == [{"name": "Bäckerin", "recognition": "in_anerkennung"}]
    assert candidate.desired_kinds == ["ausbildung", "eq"]
    assert [d.name for d in candidate.districts] == ["Marxloh"]
    assert candidate.origin_region is OriginRegion.NAHOST
    assert _actions(candidate) == ["candidate.create"]


def test_without_consent_no_profile_exists(client, login_as):
    login_as(caseworker())
    data = _form()
    del data["consent"]
    response = client.post("/caseworker/candidates/new", data=data)
    assert response.status_code == 422
    assert "Ohne Einwilligung kann kein Profil angelegt werden." in response.text
    assert _candidates() == []
    assert 'value="Amira"' in response.text  # nothing typed is lost


def test_consent_cannot_be_dated_in_the_future(client, login_as):
    login_as(caseworker())
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    response = client.post("/caseworker/candidates/new", data=_form(consent_given_on=tomorrow))
    assert "Das Datum liegt in der Zukunft." in response.text
    assert _candidates() == []


def test_pseudonyms_are_not_derived_from_personal_data(client, login_as):
    login_as(caseworker())
    client.post("/caseworker/candidates/new", data=_form())
    client.post("/caseworker/candidates/new", data=_form())
    first, second = _candidates()
    assert first.pseudonym != second.pseudonym
    assert not {"AMIRA", "K"} & {first.pseudonym[2:], second.pseudonym[2:]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("first_name", "", "Bitte geben Sie den Vornamen an."),
     ("last_initial", "Kowalski", "Bitte nur die Initiale"),
     ("birth_year", "1900", "Bitte ein Geburtsjahr von"),
     ("skills", "Kassieren:zwei", "ist die Jahresangabe keine Zahl von 0 bis 60"),
     ("qualifications", "Friseurin (vielleicht)", "ist die Anerkennung unbekannt"),
     ("german_level", "D1", "Keine gültige Auswahl."),
     ("districts", "999999", "Bitte wählen Sie nur aus der Liste."),
     ("desired_kinds", "zirkus", "Bitte wählen Sie nur aus der Liste.")],
)
def test_bad_profile_input_gets_a_field_message_and_saves_nothing(client, login_as, field, value, message):
    login_as(caseworker())
    response = client.post("/caseworker/candidates/new", data=_form(**{field: value}))
    assert response.status_code == 422
    assert f'data-testid="error-{field}"' in response.text
    assert message in response.text
    assert _candidates() == []


def test_every_view_and_change_is_written_to_the_audit_log(client, login_as):
    me = caseworker()
    candidate = CandidateFactory(agency=me.organisation)
    login_as(me)
    client.get(f"/caseworker/candidates/{candidate.id}")
    client.post(f"/caseworker/candidates/{candidate.id}/edit", data=_form(first_name="Amira"))
    client.post(f"/caseworker/candidates/{candidate.id}/pause")
    page = client.get(f"/caseworker/candidates/{candidate.id}").text
    assert _actions(candidate) == ["candidate.view", "candidate.update", "candidate.pause", "candidate.view"]
    assert f'href="/caseworker/candidates/{candidate.id}/verlauf"' in page
    history = client.get(f"/caseworker/candidates/{candidate.id}/verlauf").text
    assert "Profil angesehen" in history and "Profil geändert" in history and "pausiert" in history
    assert len(_actions(candidate)) == 4  # the history names no more than the pseudonym: not recorded



def test_the_history_shows_every_entry_but_the_list_entries_newest_first_in_pages(client, login_as):
    me = caseworker()
    candidate = CandidateFactory(agency=me.organisation)
    login_as(me)
    client.post(f"/caseworker/candidates/{candidate.id}/pause")
    for _ in range(25):
        client.get("/caseworker/candidates/")  # one list entry each, kept in the log
    for _ in range(60):
        client.get(f"/caseworker/candidates/{candidate.id}")
    assert _actions(candidate).count("candidate.list") == 25

    def entries(path):
        return re.search(r'data-testid="history">(.*?)</ul>', client.get(path).text, re.S).group(1)

    first = entries(f"/caseworker/candidates/{candidate.id}/verlauf")
    assert first.count("<li>") == 50 and first.count("Profil angesehen") == 50
    second = entries(f"/caseworker/candidates/{candidate.id}/verlauf?page=2")
    assert second.count("<li>") == 11 and second.count("Profil angesehen") == 10
    assert second.rstrip().endswith("pausiert</li>")  # the oldest last
    assert "Profilliste" not in first + second
    assert f'href="/caseworker/candidates/{candidate.id}/verlauf?page=2"' in client.get(
        f"/caseworker/candidates/{candidate.id}/verlauf").text
    assert "Noch keine Einträge" in client.get(f"/caseworker/candidates/{candidate.id}/verlauf?page=9").text


def test_colleagues_of_the_same_agency_see_the_profile(client, login_as):
    agency = AgencyFactory()
    candidate = CandidateFactory(agency=agency, first_name="Jamal")
    login_as(caseworker(organisation=agency))
    assert "Jamal" in client.get(f"/caseworker/candidates/{candidate.id}").text
    assert "Jamal" in client.get("/caseworker/candidates/").text


def test_another_agency_sees_nothing_of_a_profile(client, login_as):
    candidate = CandidateFactory(first_name="Jamal", pseudonym="K-ABCD")
    login_as(caseworker())
    for path in (f"/caseworker/candidates/{candidate.id}", f"/caseworker/candidates/{candidate.id}/edit",
                 f"/caseworker/candidates/{candidate.id}/withdraw", f"/caseworker/candidates/{candidate.id}/verlauf"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Jamal" not in response.text
    assert client.post(f"/caseworker/candidates/{candidate.id}/placed").status_code == 404
    listing = client.get("/caseworker/candidates/?q=K-ABCD").text
    assert "Jamal" not in listing and 'data-testid="candidate-link"' not in listing
    db.session.refresh(candidate)
    assert candidate.status is CandidateStatus.ACTIVE


@pytest.mark.parametrize("make_user", [employer_user, coordinator])
def test_profile_pages_are_for_caseworkers_only(client, login_as, make_user):
    candidate = CandidateFactory()
    login_as(make_user())
    assert client.get("/caseworker/candidates/").status_code == 403
    response = client.get(f"/caseworker/candidates/{candidate.id}")
    assert response.status_code == 403
    assert candidate.first_name not in response.text


def test_withdrawing_consent_erases_personal_fields_and_keeps_anonymous_figures(client, login_as):
    me = caseworker()
    login_as(me)
    client.post("/caseworker/candidates/new", data=_form())
    [candidate] = _candidates()
    confirmation = client.get(f"/caseworker/candidates/{candidate.id}/withdraw").text
    assert "Das lässt sich nicht rückgängig machen" in confirmation
    client.post(f"/caseworker/candidates/{candidate.id}/withdraw")
    db.session.refresh(candidate)
    assert candidate.status is CandidateStatus.WITHDRAWN
    assert (candidate.first_name, candidate.last_initial, candidate.notes) == (None, None, None)
    assert candidate.skills == candidate.occupations == candidate.qualifications == candidate.other_languages == []
    assert candidate.districts == [] and candidate.work_permit is None and candidate.search_text == ""
    assert (candidate.birth_year, candidate.origin_region.value, candidate.german_level.value) == (1999, "nahost", "B1")
    page = client.get(f"/caseworker/candidates/{candidate.id}").text
    assert "Amira" not in page and "ruft abends" not in page and "Kassieren" not in page
    assert client.post(f"/caseworker/candidates/{candidate.id}/edit", data=_form()).status_code == 302
    db.session.refresh(candidate)
    assert candidate.first_name is None
    assert client.get("/caseworker/candidates/?q=amira").text.count("K-") == 0


def test_status_changes(client, login_as):
    me = caseworker()
    candidate = CandidateFactory(agency=me.organisation)
    login_as(me)
    for action, status in [("pause", "paused"), ("activate", "active"), ("placed", "placed")]:
        client.post(f"/caseworker/candidates/{candidate.id}/{action}")
        db.session.refresh(candidate)
        assert candidate.status.value == status


def test_the_list_filters_by_text_level_district_and_kind(client, login_as):
    me = caseworker()
    agency = me.organisation
    a = CandidateFactory(agency=agency, first_name="Amira", german_level="B2", desired_kinds=["ausbildung"],
                         skills=[{"name": "Bäcker", "years": 3}], search_text="amira | baecker",
                         districts=[district("Marxloh")])
    b = CandidateFactory(agency=agency, first_name="Boris", german_level="A2", desired_kinds=[],
                         skills=[{"name": "Lager", "years": None}], search_text="boris | lager",
                         districts=[district("Hochfeld")], status=CandidateStatus.PAUSED)
    login_as(me)

    def names(query):
        page = client.get(f"/caseworker/candidates/?{query}").text
        return {n for n in ("Amira", "Boris") if n in page}

    assert names("q=B%C3%A4cker") == {"Amira"}
    assert names(f"q={b.pseudonym.lower()}") == {"Boris"}
    assert names("german=B1") == {"Amira"}
    assert names(f"district={district('Hamborn').id}") == {"Amira"}
    assert names("kind=ausbildung") == {"Amira", "Boris"}  # no wish means any kind
    assert names("kind=helfer") == {"Boris"}
    assert names("status=paused") == {"Boris"}
    assert names("german=Z9&kind=nix") == {"Amira", "Boris"}
    assert a.id != b.id


def _count_queries(app, func):
    statements = []

    def listener(*args):
        statements.append(args[2])

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        func()
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def test_list_pages_need_the_same_number_of_queries_for_5_or_25_rows(client, login_as, app):
    from tests.factories import SlotFactory

    worker, boss = caseworker(), employer_user()
    CandidateFactory.create_batch(5, agency=worker.organisation, districts=[district("Marxloh")])
    SlotFactory.create_batch(5, organisation=boss.organisation)
    employer_client = app.test_client()
    employer_client.post("/login", data={"email": boss.email, "password": "richtig-gutes-passwort"})
    login_as(worker)
    client.get("/caseworker/candidates/")  # what a process keeps (the district choices) is read once
    few = (_count_queries(app, lambda: client.get("/caseworker/candidates/")),
           _count_queries(app, lambda: employer_client.get("/employer/slots/")))
    CandidateFactory.create_batch(20, agency=worker.organisation, districts=[district("Hochfeld")])
    SlotFactory.create_batch(20, organisation=boss.organisation)
    many = (_count_queries(app, lambda: client.get("/caseworker/candidates/")),
            _count_queries(app, lambda: employer_client.get("/employer/slots/")))
    assert few == many


def test_withdrawing_twice_is_harmless(client, login_as):
    me = caseworker()
    candidate = CandidateFactory(agency=me.organisation)
    login_as(me)
    assert client.post(f"/caseworker/candidates/{candidate.id}/withdraw").status_code == 302
    second = client.post(f"/caseworker/candidates/{candidate.id}/withdraw", follow_redirects=True)
    assert second.status_code == 200
    assert _actions(candidate).count("candidate.withdraw_consent") == 1


def test_detail_pages_read_their_matches_with_employers_and_places_in_one_query(client, login_as, app):
    """A profile page shows each match's slot, employer and district; a slot page each match's
    pseudonym: read with the matches, not once per match nor once more per kind of row."""
    from tests.factories import MatchFactory, SlotFactory

    worker, boss = caseworker(), employer_user()
    candidate = CandidateFactory(agency=worker.organisation)
    mine = SlotFactory(organisation=boss.organisation, district=district("Marxloh"))
    MatchFactory(slot=mine, candidate=candidate)
    employer_client = app.test_client()
    employer_client.post("/login", data={"email": boss.email, "password": "richtig-gutes-passwort"})
    login_as(worker)
    pages = ((client, f"/caseworker/candidates/{candidate.id}"), (employer_client, f"/employer/slots/{mine.id}"))
    for page_client, path in pages:
        page_client.get(path)  # what a process keeps is read once
    one = [_count_queries(app, lambda c=c, p=p: c.get(p)) for c, p in pages]
    for n, place in enumerate(("Hochfeld", "Hamborn", "Neumühl", "Ruhrort", "Wedau", "Beeck")):
        MatchFactory(slot=SlotFactory(district=district(place)), candidate=candidate)  # another employer each
        MatchFactory(slot=mine, candidate=CandidateFactory(agency=worker.organisation, pseudonym=f"K-X{n}"))
    pages_text = [c.get(p).text for c, p in pages]
    assert "Hamborn" in pages_text[0] and "K-X5" in pages_text[1]
    seven = [_count_queries(app, lambda c=c, p=p: c.get(p)) for c, p in pages]
    assert seven == one
    assert one[0] <= 7 and one[1] <= 6  # user, profile or slot, matches with what they show, and the page's own
