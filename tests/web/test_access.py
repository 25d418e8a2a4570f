"""Access rules: every role boundary and every organisation boundary, tried from outside."""

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Invitation, User
from tests.factories import EmployerFactory, caseworker, coordinator, employer_user

ROLE_PAGES = {
    "employer": ["/employer/"],
    "caseworker": ["/caseworker/"],
    "coordinator": ["/coordinator/", "/coordinator/organisations", "/coordinator/agencies/new"],
}
MAKERS = {"employer": employer_user, "caseworker": caseworker, "coordinator": coordinator}


@pytest.mark.parametrize("role", MAKERS)
@pytest.mark.parametrize("owner", ROLE_PAGES)
def test_role_pages_are_only_for_their_role(client, login_as, role, owner):
    login_as(MAKERS[role]())
    for path in ROLE_PAGES[owner]:
        response = client.get(path)
        assert response.status_code == (200 if role == owner else 403), path
        if role != owner:
            assert "Kein Zugriff" in response.text


@pytest.mark.parametrize(
    "path", ["/employer/", "/caseworker/", "/coordinator/", "/coordinator/organisations", "/team/", "/account", "/home"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["employer", "caseworker"])
def test_only_coordinators_can_verify_employers(client, login_as, role):
    target = EmployerFactory(unverified=True)
    login_as(MAKERS[role]())
    assert client.post(f"/coordinator/organisations/{target.id}/verify").status_code == 403
    db.session.refresh(target)
    assert target.verified_at is None


@pytest.mark.parametrize("role", ["employer", "caseworker"])
def test_only_coordinators_can_deactivate_users(client, login_as, role):
    victim = employer_user()
    login_as(MAKERS[role]())
    assert client.post(f"/coordinator/users/{victim.id}/deactivate").status_code == 403
    db.session.refresh(victim)
    assert victim.active


@pytest.mark.parametrize("role", ["employer", "caseworker"])
def test_only_coordinators_can_see_organisation_details(client, login_as, role):
    other = EmployerFactory(name="Geheimer Betrieb", phone="0203 999999")
    login_as(MAKERS[role]())
    response = client.get(f"/coordinator/organisations/{other.id}")
    assert response.status_code == 403
    assert "Geheimer Betrieb" not in response.text and "999999" not in response.text


@pytest.mark.parametrize("role", ["employer", "caseworker"])
def test_only_coordinators_can_create_agencies(client, login_as, role):
    login_as(MAKERS[role]())
    response = client.post("/coordinator/agencies/new", data={
        "name": "Fake", "carrier": "staedtisch", "first_user_name": "X", "first_user_email": "x@example.org"})
    assert response.status_code == 403
    assert db.session.scalars(sa.select(Invitation)).first() is None


def test_unknown_objects_are_not_found(client, login_as):
    login_as(coordinator())
    assert client.get("/coordinator/organisations/999999").status_code == 404
    assert client.post("/coordinator/users/999999/deactivate").status_code == 404


def test_unverified_employers_can_sign_in_and_prepare(client, login_as):
    owner = employer_user(organisation=EmployerFactory(unverified=True))
    login_as(owner)
    assert client.get("/employer/").status_code == 200
    assert client.get("/team/").status_code == 200


def test_colleagues_of_another_organisation_stay_invisible(client, login_as):
    me = caseworker()
    stranger = caseworker(email="fremd@example.org")
    login_as(me)
    assert stranger.email not in client.get("/team/").text
    assert db.session.get(User, stranger.id).organisation_id != me.organisation_id
