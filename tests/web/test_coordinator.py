"""Coordinators verify or reject employers, create agencies and (de)activate users."""

import re

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import AuditLog, Organisation, OrganisationKind, User, VerificationStatus
from tests.conftest import login
from tests.factories import EmployerFactory, caseworker, coordinator, district, employer_user


def _audit(action):
    return db.session.scalars(sa.select(AuditLog).where(AuditLog.action == action)).all()


def test_verifying_an_employer_lets_it_publish_and_tells_its_people(client, login_as, mailbox):
    boss = coordinator()
    owner = employer_user(organisation=EmployerFactory(unverified=True))
    login_as(boss)
    org_id = owner.organisation_id
    assert client.post(f"/coordinator/organisations/{org_id}/verify").status_code == 302
    org = db.session.get(Organisation, org_id)
    db.session.refresh(org)
    assert org.verification_status is VerificationStatus.VERIFIED
    assert org.verified_by_id == boss.id
    [entry] = _audit("organisation.verify")
    assert (entry.actor_id, entry.object_id) == (boss.id, org_id)
    assert "freigeschaltet" in mailbox.to(owner.email)[0]["Subject"]


def test_rejecting_needs_a_reason_which_the_employer_sees(client, login_as, app, mailbox):
    login_as(coordinator())
    owner = employer_user(organisation=EmployerFactory(unverified=True))
    org_id = owner.organisation_id
    response = client.post(f"/coordinator/organisations/{org_id}/reject", data={"reason": ""})
    assert response.status_code == 422
    assert "Bitte geben Sie eine Begründung an." in response.text
    client.post(f"/coordinator/organisations/{org_id}/reject", data={"reason": "Kein Ausbildungsbetrieb"})
    org = db.session.get(Organisation, org_id)
    db.session.refresh(org)
    assert org.verification_status is VerificationStatus.REJECTED
    assert "Kein Ausbildungsbetrieb" in mailbox.text(mailbox.to(owner.email)[0])
    employer_client = app.test_client()
    login(employer_client, owner)
    assert "Kein Ausbildungsbetrieb" in employer_client.get("/employer/").text


def test_agencies_cannot_be_verified_as_employers(client, login_as):
    login_as(coordinator())
    agency_user = caseworker()
    client.post(f"/coordinator/organisations/{agency_user.organisation_id}/verify")
    assert _audit("organisation.verify") == []


def test_coordinator_creates_an_agency_whose_first_user_accepts_the_invitation(client, login_as, mailbox, app):
    login_as(coordinator())
    response = client.post("/coordinator/agencies/new", data={
        "name": "Caritas Migrationsdienst", "carrier": "frei_gemeinnuetzig", "address": "Hochfelder Str. 1",
        "district": str(district("Hochfeld").id), "phone": "0203 1", "first_user_name": "Sara Demir",
        "first_user_email": "sara@caritas.example",
    })
    assert response.status_code == 302
    agency = db.session.scalars(sa.select(Organisation).where(Organisation.kind == OrganisationKind.AGENCY)).one()
    assert agency.district.name == "Hochfeld"
    text = mailbox.text(mailbox.to("sara@caritas.example")[0])
    path = re.search(r"http://kurzer-draht\.test(/invitation/\S+)", text).group(1)
    newcomer = app.test_client()
    page = newcomer.get(path)
    assert 'value="Sara Demir"' in page.text
    newcomer.post(path, data={"display_name": "Sara Demir", "phone": "", "password": "beraten-ist-gut",
                              "confirm": "beraten-ist-gut"})
    assert newcomer.get("/home").headers["Location"] == "/caseworker/"


def test_creating_an_agency_for_a_taken_email_creates_nothing(client, login_as):
    login_as(coordinator())
    employer_user(email="taken@example.org")
    response = client.post("/coordinator/agencies/new", data={
        "name": "Diakonie", "carrier": "frei_gemeinnuetzig", "first_user_name": "X",
        "first_user_email": "taken@example.org", "district": "",
    })
    assert response.status_code == 200
    assert "Für diese E-Mail-Adresse gibt es schon einen Zugang." in response.text
    assert db.session.scalars(sa.select(Organisation).where(Organisation.name == "Diakonie")).first() is None


def test_deactivating_a_user_signs_them_out_and_reactivating_lets_them_back(client, login_as, app):
    person = caseworker()
    their_client = app.test_client()
    login(their_client, person)
    login_as(coordinator())
    client.post(f"/coordinator/users/{person.id}/deactivate")
    assert their_client.get("/caseworker/").status_code == 302
    assert login(their_client, person).status_code == 200
    client.post(f"/coordinator/users/{person.id}/activate")
    assert login(their_client, person).status_code == 302
    assert [a.action for a in db.session.scalars(sa.select(AuditLog).order_by(AuditLog.id))][-2:] == [
        "user.deactivate", "user.activate"]


def test_a_coordinator_cannot_deactivate_themselves(client, login_as):
    me = coordinator()
    login_as(me)
    assert client.post(f"/coordinator/users/{me.id}/deactivate").status_code == 404
    db.session.refresh(me)
    assert me.active


def test_organisation_list_filters_by_kind_status_and_name(client, login_as):
    login_as(coordinator())
    EmployerFactory(name="Bäckerei Sonne", unverified=True)
    EmployerFactory(name="Friseur Mond")
    caseworker()
    pending = client.get("/coordinator/organisations?status=pending").text
    assert "Bäckerei Sonne" in pending and "Friseur Mond" not in pending
    by_name = client.get("/coordinator/organisations?q=mond").text
    assert "Friseur Mond" in by_name and "Bäckerei Sonne" not in by_name
    agencies = client.get("/coordinator/organisations?kind=agency").text
    assert "Beratungsstelle" in agencies and "Friseur Mond" not in agencies


def test_bad_filter_values_are_ignored_not_an_error(client, login_as):
    login_as(coordinator())
    EmployerFactory(name="Friseur Mond")
    response = client.get("/coordinator/organisations?kind=bogus&status=nope&page=abc")
    assert response.status_code == 200
    assert "Friseur Mond" in response.text


def test_organisation_list_pages_through_many_organisations(client, login_as):
    login_as(coordinator())
    for n in range(30):
        EmployerFactory(name=f"Laden {n:02d}")
    first, second = client.get("/coordinator/organisations").text, client.get("/coordinator/organisations?page=2").text
    shown = set(re.findall(r"Laden \d\d", first)) | set(re.findall(r"Laden \d\d", second))
    assert len(shown) == 30
    assert "Seite 1 von 2" in first


def test_pending_employers_are_listed_on_the_coordinator_home(client, login_as):
    login_as(coordinator())
    EmployerFactory(name="Neuer Betrieb", unverified=True)
    EmployerFactory(name="Alter Betrieb")
    page = client.get("/coordinator/").text
    assert "Neuer Betrieb" in page and "Alter Betrieb" not in page


def test_users_table_counts_every_role(app):
    employer_user(), caseworker(), coordinator()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 3
