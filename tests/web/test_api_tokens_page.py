"""An organisation's people make, see and revoke API tokens on /team/api-tokens."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.domain import clock
from matchmaker.extensions import db
from matchmaker.models import ApiToken, utcnow
from matchmaker.services import api_tokens
from tests.conftest import login
from tests.factories import Committed, caseworker, coordinator, employer_user

PAGE = "/team/api-tokens"


def _create(client, name="Bewerbermanagement", scopes=("slots:read",), days="90"):
    return client.post(PAGE, data={"name": name, "scopes": list(scopes), "days": days})


def _secret(page: str) -> str:
    return re.search(r'value="(kd_[^"]+)"[^>]*data-testid="token-secret"', page).group(1)


def _token() -> ApiToken:
    db.session.expire_all()
    return db.session.scalars(sa.select(ApiToken)).one()


def _status(page: str, token: ApiToken) -> str:
    return re.search(rf'data-testid="token-status-{token.id}">([^<]+)<', page).group(1)


def _signed_in(app, user):
    other = app.test_client()
    assert login(other, user).status_code == 302
    return other


def _offered_scopes(page: str) -> set[str]:
    return set(re.findall(r'<input[^>]*name="scopes"[^>]*value="([^"]+)"', page))


def test_the_team_page_links_to_the_api_tokens(client, login_as):
    login_as(employer_user())
    page = client.get("/team/").text
    assert f'href="{PAGE}"' in page and "API-Zugänge verwalten" in page


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client, login_as):
    login_as(employer_user())
    response = _create(client)
    assert response.status_code == 200
    secret = _secret(response.text)
    assert "Kopieren Sie den Schlüssel jetzt; er wird nicht noch einmal angezeigt." in response.text
    token = _token()
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    hidden_part = secret[len(token.prefix):]  # the prefix is stored on purpose, to tell tokens apart
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            assert hidden_part not in repr(tuple(row)), table.name


def test_the_secret_page_is_not_cached_and_shows_how_to_use_the_secret(client, login_as):
    login_as(employer_user())
    response = _create(client)
    secret = _secret(response.text)
    assert response.headers["Cache-Control"] == "no-store"
    assert f'curl -H "Authorization: Bearer {secret}" http://kurzer-draht.test/api/v1/slots' in response.text
    with client.session_transaction() as session:
        assert secret not in repr(dict(session))


def test_the_list_does_not_show_the_secret_again(client, login_as):
    login_as(employer_user())
    secret = _secret(_create(client).text)
    page = client.get(PAGE).text
    assert "Bewerbermanagement" in page and "Angebote lesen" in page
    assert secret not in page and secret[10:20] not in page
    assert 'data-testid="token-secret"' not in page


def test_the_list_shows_who_made_a_token_when_it_expires_and_that_it_was_never_used(client, login_as):
    boss = employer_user(display_name="Lena Kraus")
    login_as(boss)
    _create(client, scopes=("slots:read", "slots:write"), days="30")
    token = _token()
    page = client.get(PAGE).text
    assert "Angebote lesen, Angebote anlegen und ändern" in page
    assert "von Lena Kraus" in page
    # in the people's timezone: late in the evening (UTC), it is already tomorrow in Duisburg
    assert (utcnow() + timedelta(days=30)).astimezone(clock.timezone()).strftime("%d.%m.%Y") in page
    assert "noch nie" in page and _status(page, token) == "aktiv"


def test_a_new_token_is_valid_for_90_days_unless_chosen_otherwise(client, login_as):
    login_as(employer_user())
    assert '<option selected value="90">' in client.get(PAGE).text
    client.post(PAGE, data={"name": "Standard", "scopes": ["slots:read"]})
    assert abs(_token().expires_at - (utcnow() + timedelta(days=90))) < timedelta(minutes=1)


def test_a_colleague_of_the_same_organisation_sees_and_revokes_the_token(client, login_as, app):
    boss = employer_user()
    login_as(boss)
    _create(client, name="Schnittstelle Lager")
    token = _token()
    colleague = _signed_in(app, employer_user(organisation=boss.organisation))
    assert "Schnittstelle Lager" in colleague.get(PAGE).text
    response = colleague.post(f"{PAGE}/{token.id}/revoke", follow_redirects=True)
    assert response.status_code == 200 and "ist widerrufen" in response.text
    assert _token().revoked_at is not None
    assert _status(response.text, token) == "widerrufen"


def test_a_user_of_another_organisation_neither_sees_nor_revokes_the_token(client, login_as, app):
    login_as(employer_user())
    _create(client, name="Geheime Anbindung")
    token = _token()
    for stranger in (employer_user(), caseworker(), coordinator()):
        other = _signed_in(app, stranger)
        assert "Geheime Anbindung" not in other.get(PAGE).text
        assert other.post(f"{PAGE}/{token.id}/revoke").status_code == 404
        assert other.get(f"{PAGE}/{token.id}/revoke").status_code == 405
    assert _token().revoked_at is None
    with pytest.raises(api_tokens.TokenError):
        api_tokens.revoke(employer_user(), token)  # the service refuses too, should a view forget the scope


def test_revoking_without_a_csrf_token_changes_nothing(client, login_as, app):
    login_as(employer_user())
    _create(client)
    token = _token()
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"{PAGE}/{token.id}/revoke").status_code == 400
    assert _token().revoked_at is None


def test_signed_out_visitors_are_sent_to_the_login(client):
    assert client.get(PAGE).status_code == 302
    assert client.post(PAGE, data={"name": "x", "scopes": ["slots:read"], "days": "90"}).status_code == 302
    assert db.session.scalars(sa.select(ApiToken)).all() == []


def test_a_caseworker_is_not_offered_slots_write_and_cannot_get_it(client, login_as):
    worker = caseworker()
    login_as(worker)
    offered = _offered_scopes(client.get(PAGE).text)
    assert "slots:write" not in offered and {"slots:read", "profiles:write", "evaluation:read"} <= offered
    response = _create(client, scopes=("slots:read", "slots:write"))
    assert response.status_code == 422 and 'data-testid="token-secret"' not in response.text
    assert db.session.scalars(sa.select(ApiToken)).all() == []
    with pytest.raises(api_tokens.TokenError):
        Committed(api_tokens).create(worker, "Trick", ["slots:write"], 90)


def test_an_employer_cannot_get_evaluation_read(client, login_as):
    boss = employer_user()
    login_as(boss)
    assert "evaluation:read" not in _offered_scopes(client.get(PAGE).text)
    assert _create(client, scopes=("evaluation:read",)).status_code == 422
    assert db.session.scalars(sa.select(ApiToken)).all() == []
    with pytest.raises(api_tokens.TokenError):
        Committed(api_tokens).create(boss, "Trick", ["evaluation:read"], 90)


def test_a_coordinator_is_offered_only_evaluation_read(client, login_as):
    login_as(coordinator())
    assert _offered_scopes(client.get(PAGE).text) == {"evaluation:read"}
    assert _create(client, scopes=("evaluation:read",)).status_code == 200
    assert _token().scope_list == ["evaluation:read"]


def test_a_revoked_token_shows_as_revoked_and_offers_no_second_revocation(client, login_as):
    login_as(employer_user())
    _create(client)
    token = _token()
    client.post(f"{PAGE}/{token.id}/revoke")
    page = client.get(PAGE).text
    assert _status(page, token) == "widerrufen"
    assert f'data-testid="revoke-{token.id}"' not in page


def test_an_expired_token_shows_as_expired(client, login_as):
    login_as(employer_user())
    _create(client)
    token = _token()
    token.expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert _status(client.get(PAGE).text, token) == "abgelaufen"


def test_a_token_rests_when_its_creator_is_deactivated(client, login_as, app):
    boss = employer_user()
    colleague = employer_user(organisation=boss.organisation)
    login_as(boss)
    _create(client)
    token = _token()
    boss.active = False
    db.session.commit()
    assert _status(_signed_in(app, colleague).get(PAGE).text, token) == "ruht"


def test_a_token_without_name_or_scope_is_refused_with_field_messages_and_nothing_lost(client, login_as):
    login_as(caseworker())
    response = client.post(PAGE, data={"name": "", "scopes": [], "days": "30"})
    assert response.status_code == 422
    assert "Bitte geben Sie dem Zugang einen Namen." in response.text
    assert "Bitte wählen Sie mindestens eine Berechtigung." in response.text
    assert 'data-testid="error-summary"' in response.text
    kept = client.post(PAGE, data={"name": "x" * 81, "scopes": ["profiles:read"], "days": "30"})
    assert kept.status_code == 422 and "höchstens 80 Zeichen" in kept.text
    assert 'value="' + "x" * 81 + '"' in kept.text
    assert re.search(r'checked[^>]*value="profiles:read"|value="profiles:read"[^>]*checked', kept.text)
    assert '<option selected value="30">' in kept.text
    assert db.session.scalars(sa.select(ApiToken)).all() == []


def test_a_validity_that_is_not_offered_is_refused(client, login_as):
    login_as(employer_user())
    assert _create(client, days="3650").status_code == 422
    assert db.session.scalars(sa.select(ApiToken)).all() == []
