"""The API's common ground: tokens and scopes, problems, ETags, idempotency keys, cursors, limits, audit."""

from __future__ import annotations

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import ApiToken, AuditLog, Slot
from matchmaker.services import api_tokens
from tests.factories import SlotFactory, caseworker, employer_user

from .helpers import bearer, expire, token_for

NEW_SLOT = {"title": "Bäcker/in", "kind": "ausbildung", "min_german": "A2", "skills": ["Teig kneten"]}


def test_the_openapi_document_is_3_1_and_every_operation_names_its_token(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    operations = [op for path in spec["paths"].values() for method, op in path.items() if method != "parameters"]
    assert len(operations) >= 15
    assert all(op.get("security") for op in operations)
    assert spec["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_the_docs_page_lists_every_path(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    for path in ("/api/v1/slots", "/api/v1/profiles", "/api/v1/matches", "/api/v1/contacts", "/api/v1/evaluation"):
        assert path in page


def test_a_call_without_token_is_a_problem_in_german_with_a_challenge(client):
    response = client.get("/api/v1/slots")
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["title"] == "Anmeldung nötig"


def test_a_problem_speaks_english_when_asked(client):
    response = client.get("/api/v1/slots", headers={"Accept-Language": "en"})
    assert response.get_json()["title"] == "Authentication required"


def test_unknown_expired_and_revoked_tokens_are_refused(client):
    user = employer_user()
    secret = token_for(user)
    assert client.get("/api/v1/slots", headers=bearer(secret)).status_code == 200
    assert client.get("/api/v1/slots", headers=bearer(secret[:-2] + "xx")).status_code == 401
    expire(secret)
    assert client.get("/api/v1/slots", headers=bearer(secret)).status_code == 401
    other = token_for(user)
    token = db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id.desc())).first()
    api_tokens.revoke(user, token)
    db.session.commit()
    assert client.get("/api/v1/slots", headers=bearer(other)).status_code == 401


def test_a_token_stops_when_its_maker_is_deactivated(client):
    user = employer_user()
    secret = token_for(user)
    user.active = False
    db.session.commit()
    assert client.get("/api/v1/slots", headers=bearer(secret)).status_code == 401


def test_a_token_without_the_scope_gets_403(client):
    secret = token_for(employer_user(), ["slots:read"])
    response = client.post("/api/v1/slots", json=NEW_SLOT, headers=bearer(secret))
    assert response.status_code == 403
    assert "slots:write" in response.get_json()["detail"]


def test_a_role_cannot_give_its_token_scopes_of_another_role(app):
    import pytest

    with pytest.raises(api_tokens.TokenError):
        api_tokens.create(employer_user(), "x", ["profiles:write"], 90)
    with pytest.raises(api_tokens.TokenError):
        api_tokens.create(caseworker(), "x", ["slots:write"], 90)


def test_last_use_is_recorded(client):
    user = employer_user()
    secret = token_for(user)
    client.get("/api/v1/slots", headers=bearer(secret))
    db.session.expire_all()
    assert db.session.scalars(sa.select(ApiToken)).one().last_used_at is not None


def test_an_employer_creates_and_changes_a_slot_with_etags_and_the_audit_names_the_token(client):
    secret = token_for(employer_user(), name="Warenwirtschaft")
    created = client.post("/api/v1/slots", json=NEW_SLOT, headers=bearer(secret))
    assert created.status_code == 201, created.get_json()
    slot_id = created.get_json()["id"]
    assert created.headers["Location"].endswith(f"/api/v1/slots/{slot_id}")
    read = client.get(f"/api/v1/slots/{slot_id}", headers=bearer(secret))
    etag = read.headers["ETag"]
    assert client.patch(f"/api/v1/slots/{slot_id}", json={"title": "Konditor/in"},
                        headers=bearer(secret)).status_code == 428
    assert client.patch(f"/api/v1/slots/{slot_id}", json={"title": "Konditor/in"},
                        headers=bearer(secret, **{"If-Match": '"stale"'})).status_code == 412
    changed = client.patch(f"/api/v1/slots/{slot_id}", json={"title": "Konditor/in"},
                           headers=bearer(secret, **{"If-Match": etag}))
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["title"] == "Konditor/in" and changed.get_json()["skills"] == ["Teig kneten"]
    entries = db.session.scalars(sa.select(AuditLog).where(AuditLog.object_type == "slots")).all()
    assert {e.action for e in entries} == {"slot.create", "slot.update"}
    assert all(e.details["api_token"] == "Warenwirtschaft" for e in entries)


def test_invalid_input_is_422_with_a_pointer_per_field(client):
    secret = token_for(employer_user())
    response = client.post("/api/v1/slots", json={**NEW_SLOT, "kind": "lehre", "colour": "red"},
                           headers=bearer(secret))
    assert response.status_code == 422
    pointers = {e["pointer"] for e in response.get_json()["errors"]}
    assert {"/kind", "/colour"} <= pointers
    assert db.session.scalar(sa.select(sa.func.count(Slot.id))) == 0


def test_a_rule_of_the_service_is_422_too(client):
    secret = token_for(employer_user())
    response = client.post("/api/v1/slots", json={**NEW_SLOT, "district_id": 999999}, headers=bearer(secret))
    assert response.status_code == 422
    assert "Stadtteil" in response.get_json()["detail"]


def test_a_post_repeated_with_its_idempotency_key_does_its_work_once(client):
    secret = token_for(employer_user())
    headers = bearer(secret, **{"Idempotency-Key": "import-2026-12-04-1"})
    first = client.post("/api/v1/slots", json=NEW_SLOT, headers=headers)
    again = client.post("/api/v1/slots", json=NEW_SLOT, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert db.session.scalar(sa.select(sa.func.count(Slot.id))) == 1
    other = client.post("/api/v1/slots", json={**NEW_SLOT, "title": "Maler/in"}, headers=headers)
    assert other.status_code == 422


def test_a_refused_post_does_not_keep_its_key(client):
    secret = token_for(employer_user())
    headers = bearer(secret, **{"Idempotency-Key": "k1"})
    assert client.post("/api/v1/slots", json={"title": ""}, headers=headers).status_code == 422
    assert client.post("/api/v1/slots", json=NEW_SLOT, headers=headers).status_code == 201


def test_cursors_walk_through_every_slot_once(client):
    user = employer_user()
    for _ in range(5):
        SlotFactory(organisation=user.organisation)
    secret = token_for(user)
    seen, url = [], "/api/v1/slots?limit=2"
    while url:
        response = client.get(url, headers=bearer(secret))
        body = response.get_json()
        seen += [item["id"] for item in body["items"]]
        url = f"/api/v1/slots?limit=2&cursor={body['next_cursor']}" if body["next_cursor"] else None
        assert ("Link" in response.headers) == bool(url)
    assert len(seen) == len(set(seen)) == 5 and seen == sorted(seen, reverse=True)
    assert client.get("/api/v1/slots?cursor=nonsense", headers=bearer(secret)).status_code == 422


def test_too_many_calls_get_429_with_retry_after(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    secret = token_for(employer_user())
    statuses = [client.get("/api/v1/districts", headers=bearer(secret)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    last = client.get("/api/v1/districts", headers=bearer(secret))
    assert last.content_type == "application/problem+json"
    assert 1 <= int(last.headers["Retry-After"]) <= 61


def test_occupations_are_found_by_title_and_by_code(client):
    secret = token_for(employer_user())
    found = client.get("/api/v1/occupations?q=Anlagenmechaniker SHK", headers=bearer(secret)).get_json()
    assert found[0]["code"] == "34212"
    by_code = client.get("/api/v1/occupations?q=34212", headers=bearer(secret)).get_json()
    assert by_code[0]["code"] == "34212"


def test_an_unknown_api_path_is_a_problem_not_a_page(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.content_type == "application/problem+json"


def test_control_characters_are_refused_not_a_server_error(client):
    secret = token_for(employer_user())
    listed = client.get("/api/v1/slots?q=B%C3%A4cker%00", headers=bearer(secret))
    assert listed.status_code == 422 and listed.get_json()["errors"][0]["parameter"] == "q"
    created = client.post("/api/v1/slots", json={**NEW_SLOT, "title": "Bäcker\x00in"}, headers=bearer(secret))
    assert created.status_code == 422 and created.get_json()["errors"][0]["pointer"] == "/title"


def test_kept_answers_of_idempotency_keys_are_erased_after_a_day(client):
    from datetime import timedelta

    from matchmaker import transaction
    from matchmaker.models import IdempotentRequest, utcnow
    from matchmaker.services import retention

    secret = token_for(employer_user())
    client.post("/api/v1/slots", json=NEW_SLOT, headers=bearer(secret, **{"Idempotency-Key": "k"}))
    assert db.session.scalar(sa.select(sa.func.count(IdempotentRequest.id))) == 1
    assert retention.plan(utcnow() + timedelta(days=2)).api_answers == 1
    retention.run(utcnow() + timedelta(days=2))
    transaction.commit()
    assert db.session.scalar(sa.select(sa.func.count(IdempotentRequest.id))) == 0
