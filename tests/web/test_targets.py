"""Coordinators set realistic time targets per slot kind; nobody else can."""

import pytest

from matchmaker.extensions import db
from matchmaker.models import SlotKind, target_days
from tests.factories import caseworker, coordinator, employer_user

DEFAULTS = {"praktikum": 30, "eq": 90, "ausbildung": 180, "teilzeitausbildung": 180, "helfer": 120, "fachkraft": 120}


def test_the_defaults_are_the_realistic_ones(app):
    assert {kind.value: days for kind, days in target_days().items()} == DEFAULTS


def test_a_coordinator_sees_and_changes_the_targets(client, login_as):
    login_as(coordinator())
    page = client.get("/coordinator/targets").text
    assert 'value="180"' in page and "Einstiegsqualifizierung" in page
    response = client.post("/coordinator/targets", data={**{k: str(v) for k, v in DEFAULTS.items()}, "eq": "60"})
    assert response.status_code == 302
    db.session.expire_all()
    assert target_days()[SlotKind.EQ] == 60 and target_days()[SlotKind.PRAKTIKUM] == 30


@pytest.mark.parametrize("value", ["0", "1001", "viele", ""])
def test_bad_targets_get_a_message_and_change_nothing(client, login_as, value):
    login_as(coordinator())
    response = client.post("/coordinator/targets", data={**{k: str(v) for k, v in DEFAULTS.items()}, "eq": value})
    assert response.status_code == 422
    assert 'data-testid="error-eq"' in response.text
    assert target_days()[SlotKind.EQ] == 90


@pytest.mark.parametrize("make_user", [employer_user, caseworker])
def test_only_coordinators_set_targets(client, login_as, make_user):
    login_as(make_user())
    assert client.get("/coordinator/targets").status_code == 403
    assert client.post("/coordinator/targets", data={"eq": "1"}).status_code == 403
    assert target_days()[SlotKind.EQ] == 90
