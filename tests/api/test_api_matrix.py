"""Every object endpoint, asked with every other organisation's token: 403 or 404, never data.

Organisation A is an employer and an agency with a draft slot, an open slot, a profile matched to
it and a contact; B is another employer, another agency and the coordination office, each with a
token holding every scope its role may have. An open slot of a verified employer is the one thing
every agency may read (as on the web); it is checked separately."""

from __future__ import annotations

import pytest

from matchmaker.models import ContactStatus, Initiator, SlotStatus
from tests.factories import (
    CandidateFactory,
    ContactFactory,
    MatchFactory,
    SlotFactory,
    caseworker,
    coordinator,
    employer_user,
)

from .helpers import bearer, token_for


@pytest.fixture
def world(app):
    boss, worker = employer_user(), caseworker()
    draft = SlotFactory(organisation=boss.organisation, status=SlotStatus.DRAFT)
    open_slot = SlotFactory(organisation=boss.organisation)
    person = CandidateFactory(agency=worker.organisation)
    MatchFactory(slot=open_slot, candidate=person)
    contact = ContactFactory(slot=open_slot, candidate=person, initiated_by=Initiator.CASEWORKER,
                             proposed_by=worker, status=ContactStatus.ACCEPTED)
    others = {"employer": token_for(employer_user()), "agency": token_for(caseworker()),
              "coordinator": token_for(coordinator())}
    return {"draft": draft.id, "slot": open_slot.id, "profile": person.id, "contact": contact.id,
            "own_agency": token_for(worker), "others": others}


def _calls(w: dict) -> list[tuple[str, str, dict | None]]:
    return [
        ("GET", f"/api/v1/slots/{w['draft']}", None),
        ("PATCH", f"/api/v1/slots/{w['draft']}", {"title": "x"}),
        ("PATCH", f"/api/v1/slots/{w['slot']}", {"title": "x"}),
        ("POST", f"/api/v1/slots/{w['slot']}/status", {"action": "close"}),
        ("GET", f"/api/v1/profiles/{w['profile']}", None),
        ("PATCH", f"/api/v1/profiles/{w['profile']}", {"notes": "x"}),
        ("GET", f"/api/v1/contacts/{w['contact']}", None),
        ("POST", f"/api/v1/contacts/{w['contact']}/answer", {"accept": True}),
        ("POST", f"/api/v1/contacts/{w['contact']}/outcome", {"outcome": "failed", "on_date": "2026-12-01"}),
        ("POST", "/api/v1/contacts", {"slot_id": w["slot"], "profile_id": w["profile"]}),
    ]


@pytest.mark.parametrize("role", ["employer", "agency", "coordinator"])
def test_no_object_endpoint_answers_another_organisation(client, world, role):
    secret = world["others"][role]
    for method, url, body in _calls(world):
        response = client.open(url, method=method, json=body, headers=bearer(secret, **{"If-Match": '"x"'}))
        assert response.status_code in (403, 404), (role, method, url, response.status_code, response.get_json())
        assert response.content_type == "application/problem+json"


@pytest.mark.parametrize("role", ["employer", "agency", "coordinator"])
def test_no_list_shows_another_organisations_objects(client, world, role):
    secret = world["others"][role]
    private = {str(world[k]) for k in ("draft", "profile", "contact")}
    for url in ("/api/v1/slots", "/api/v1/profiles", "/api/v1/matches", "/api/v1/contacts",
                f"/api/v1/matches?slot_id={world['slot']}", f"/api/v1/contacts?profile_id={world['profile']}"):
        response = client.get(url, headers=bearer(secret))
        if response.status_code in (403, 404):
            continue
        items = response.get_json()["items"]
        ids = {str(item["id"]) for item in items}
        assert not ids & private, (role, url)
        assert not [i for i in items if str(i.get("profile_id")) == str(world["profile"])], (role, url)
        assert not [i for i in items if str(i.get("slot_id")) == str(world["slot"])], (role, url)


def test_an_open_slot_is_the_one_thing_other_agencies_read(client, world):
    response = client.get(f"/api/v1/slots/{world['slot']}", headers=bearer(world["others"]["agency"]))
    assert response.status_code == 200
    assert "contact_person_id" not in response.get_json()


def test_the_own_agency_reads_what_others_cannot(client, world):
    for url in (f"/api/v1/profiles/{world['profile']}", f"/api/v1/contacts/{world['contact']}"):
        assert client.get(url, headers=bearer(world["own_agency"])).status_code == 200
