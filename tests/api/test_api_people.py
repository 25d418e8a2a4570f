"""Profiles, matches, contacts and figures through the API: the web's disclosure, step by step."""

from __future__ import annotations

import sqlalchemy as sa

from matchmaker.domain import clock
from matchmaker.extensions import db
from matchmaker.models import AuditLog, Candidate, OriginRegion
from tests.factories import CandidateFactory, MatchFactory, SlotFactory, caseworker, coordinator, employer_user

from .helpers import bearer, token_for

NEW_PROFILE = {"first_name": "Amira", "last_initial": "K", "german_level": "B1", "birth_year": 1999,
               "origin_region": "sonstige", "notes": "kommt dienstags",
               "occupations": [{"name": "Bäckerin", "years": 3}], "skills": [{"name": "Teig kneten"}],
               "consent_given_on": "2026-11-30"}
PERSONAL = ("first_name", "last_initial", "birth_year", "origin_region", "notes", "consent_given_on")


def _pair():
    """An employer's open slot matched with an agency's active profile."""
    boss, worker = employer_user(), caseworker()
    slot = SlotFactory(organisation=boss.organisation)
    person = CandidateFactory(agency=worker.organisation, birth_year=1990, notes="privat",
                              origin_region=OriginRegion.SONSTIGE)
    match = MatchFactory(slot=slot, candidate=person, reasons=[["skills_brought", {
        "count": 1, "total": 1, "names": ["Kassieren"]}]])
    return boss, worker, slot, person, match


def test_an_agency_creates_a_profile_and_reads_it_whole(client):
    worker = caseworker()
    secret = token_for(worker)
    created = client.post("/api/v1/profiles", json=NEW_PROFILE, headers=bearer(secret))
    assert created.status_code == 201, created.get_json()
    body = client.get(created.headers["Location"], headers=bearer(secret)).get_json()
    assert body["first_name"] == "Amira" and body["pseudonym"].startswith("K-")
    assert body["occupations"][0]["name"] == "Bäckerin"


def test_consent_in_the_future_is_refused(client):
    secret = token_for(caseworker())
    response = client.post("/api/v1/profiles", json={**NEW_PROFILE, "consent_given_on": "2999-01-01"},
                           headers=bearer(secret))
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"pointer": "/consent_given_on",
                                               "detail": "Das Datum liegt in der Zukunft."}]
    assert db.session.scalar(sa.select(sa.func.count(Candidate.id))) == 0


def test_an_employer_sees_a_matched_profile_only_pseudonymously(client):
    boss, _worker, _slot, person, _match = _pair()
    secret = token_for(boss)
    one = client.get(f"/api/v1/profiles/{person.id}", headers=bearer(secret)).get_json()
    listed = client.get("/api/v1/profiles", headers=bearer(secret)).get_json()["items"]
    assert [p["id"] for p in listed] == [person.id]
    for shown in (one, listed[0]):
        assert shown["pseudonym"] == person.pseudonym
        assert not set(PERSONAL) & set(shown), shown
        assert person.first_name not in str(shown)
    views = db.session.scalars(sa.select(AuditLog).where(AuditLog.action == "candidate.view")).all()
    assert views and views[0].details["api_token"] == "Fachverfahren"


def test_an_employer_cannot_read_an_unmatched_profile(client):
    boss = employer_user()
    other = CandidateFactory()
    secret = token_for(boss)
    assert client.get(f"/api/v1/profiles/{other.id}", headers=bearer(secret)).status_code == 404


def test_a_profile_changed_through_the_api_keeps_what_was_not_sent(client):
    worker = caseworker()
    secret = token_for(worker)
    created = client.post("/api/v1/profiles", json=NEW_PROFILE, headers=bearer(secret)).get_json()
    read = client.get(f"/api/v1/profiles/{created['id']}", headers=bearer(secret))
    changed = client.patch(f"/api/v1/profiles/{created['id']}", json={"german_level": "B2"},
                           headers=bearer(secret, **{"If-Match": read.headers["ETag"]}))
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["german_level"] == "B2" and body["notes"] == "kommt dienstags"
    assert body["occupations"] == [{"name": "Bäckerin", "years": 3.0}]


def test_matches_carry_reason_codes_and_sentences(client):
    boss, worker, slot, person, _match = _pair()
    for user in (boss, worker):
        items = client.get("/api/v1/matches", headers=bearer(token_for(user))).get_json()["items"]
        assert [(m["slot_id"], m["profile_id"]) for m in items] == [(slot.id, person.id)]
        reason = items[0]["reasons"][0]
        assert reason["code"] == "skills_brought" and "Kassieren" in reason["text"]


def test_a_contact_goes_propose_accept_outcome_through_the_api(client):
    boss, worker, slot, person, _match = _pair()
    agency, employer = token_for(worker), token_for(boss)
    proposed = client.post("/api/v1/contacts", json={"slot_id": slot.id, "profile_id": person.id,
                                                     "message": "Passt gut."}, headers=bearer(agency))
    assert proposed.status_code == 201, proposed.get_json()
    contact_id = proposed.get_json()["id"]
    assert proposed.get_json()["allowed_actions"] == []
    own_answer = client.post(f"/api/v1/contacts/{contact_id}/answer", json={"accept": True}, headers=bearer(agency))
    assert own_answer.status_code == 409
    waiting = client.get(f"/api/v1/contacts/{contact_id}", headers=bearer(employer)).get_json()
    assert waiting["allowed_actions"] == ["accept", "decline"]
    accepted = client.post(f"/api/v1/contacts/{contact_id}/answer", json={"accept": True}, headers=bearer(employer))
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    outcome = client.post(f"/api/v1/contacts/{contact_id}/outcome",
                          json={"outcome": "praktikum", "on_date": clock.today().isoformat()}, headers=bearer(agency))
    assert outcome.status_code == 200 and outcome.get_json()["outcome"] == "praktikum"


def test_a_contact_needs_a_match(client):
    boss = employer_user()
    slot = SlotFactory(organisation=boss.organisation)
    stranger = CandidateFactory()
    response = client.post("/api/v1/contacts", json={"slot_id": slot.id, "profile_id": stranger.id},
                           headers=bearer(token_for(boss)))
    assert response.status_code == 404


def test_the_city_figures_take_one_filter_at_a_time(client):
    secret = token_for(coordinator())
    year = clock.today().year
    figures = client.get(f"/api/v1/evaluation?year={year}", headers=bearer(secret))
    assert figures.status_code == 200, figures.get_json()
    assert figures.get_json()["funnel"] and "bezirk" in figures.get_json()["breakdowns"]
    two = client.get(f"/api/v1/evaluation?year={year}&sector=handel&agency_id=1", headers=bearer(secret))
    assert two.status_code == 422


def test_an_agency_reads_only_its_own_figures(client):
    worker = caseworker()
    CandidateFactory()  # another agency's person
    CandidateFactory(agency=worker.organisation)
    year = clock.today().year
    body = client.get(f"/api/v1/evaluation?year={year}&agency_id=999", headers=bearer(token_for(worker))).get_json()
    assert body["funnel"]


def test_an_employer_that_is_not_verified_reads_no_proposed_profile_even_with_matches_left(client):
    from matchmaker import access

    boss, _worker, _slot, person, _match = _pair()
    boss.organisation.verified_at = None
    db.session.commit()
    assert db.session.scalars(access.candidates_for_employer(boss)).all() == []
    assert client.get(f"/api/v1/profiles/{person.id}", headers=bearer(token_for(boss))).status_code == 404
