"""Colleagues join an organisation by an emailed invitation link."""

import re

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Invitation, User
from tests.factories import caseworker, employer_user


def _invite(client, email, name=""):
    return client.post("/team/invite", data={"email": email, "display_name": name})


def _link(mailbox, email) -> str:
    [message] = mailbox.to(email)
    return re.search(r"http://kurzer-draht\.test(/invitation/\S+)", mailbox.text(message)).group(1)


def _accept(client, path, name="Neue Kollegin"):
    return client.post(path, data={"display_name": name, "phone": "", "password": "willkommen-im-team",
                                   "confirm": "willkommen-im-team"})


def test_an_invited_colleague_joins_the_same_organisation(client, login_as, mailbox, app):
    boss = employer_user()
    login_as(boss)
    assert _invite(client, "Kollegin@Example.org", "Lena").status_code == 302
    path = _link(mailbox, "kollegin@example.org")
    newcomer = app.test_client()
    page = newcomer.get(path)
    assert boss.organisation.name in page.text
    assert _accept(newcomer, path, "Lena Kraus").status_code == 302
    user = db.session.scalars(sa.select(User).where(User.email == "kollegin@example.org")).one()
    assert user.organisation_id == boss.organisation_id
    assert newcomer.get("/home").headers["Location"] == "/employer/"


def test_an_invitation_link_works_only_once(client, login_as, mailbox, app):
    login_as(caseworker())
    _invite(client, "neu@example.org")
    path = _link(mailbox, "neu@example.org")
    _accept(app.test_client(), path)
    assert app.test_client().get(path).status_code == 400


def test_a_revoked_invitation_link_no_longer_works(client, login_as, mailbox, app):
    login_as(employer_user())
    _invite(client, "neu@example.org")
    path = _link(mailbox, "neu@example.org")
    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert client.post(f"/team/invitations/{invitation.id}/revoke").status_code == 302
    assert app.test_client().get(path).status_code == 400


def test_an_expired_invitation_link_is_refused(client, login_as, mailbox, app):
    login_as(employer_user())
    _invite(client, "neu@example.org")
    path = _link(mailbox, "neu@example.org")
    app.config["INVITATION_MAX_AGE"] = -1
    assert app.test_client().get(path).status_code == 400


def test_inviting_an_existing_user_answers_as_for_anyone_and_sends_nothing(client, login_as, mailbox):
    """The attack: the invite form told which addresses have accounts."""
    other = caseworker(email="vergeben@example.org")
    login_as(employer_user())
    taken = _invite(client, "VERGEBEN@example.org")
    free = _invite(client, "frei@example.org")
    assert taken.status_code == free.status_code == 302
    assert "sofern es zu der Adresse noch keinen Zugang gibt" in client.get("/team/").text
    assert mailbox.to("vergeben@example.org") == []
    assert other.organisation_id is not None
    assert db.session.scalars(sa.select(Invitation.email)).all() == ["frei@example.org"]


def test_unverified_employers_cannot_invite(client, login_as, mailbox):
    from tests.factories import EmployerFactory

    login_as(employer_user(organisation=EmployerFactory(unverified=True)))
    response = _invite(client, "opfer@example.org", "Ihre Bank: bitte hier klicken")
    assert response.status_code == 422
    assert "sobald die Koordinierungsstelle Ihren Betrieb freigeschaltet hat" in response.text
    assert mailbox.messages == [] and db.session.scalars(sa.select(Invitation)).first() is None


def test_invitations_are_limited_per_person_and_day(client, login_as):
    login_as(employer_user())
    codes = [_invite(client, f"neu{n}@example.org").status_code for n in range(21)]
    assert codes[:20] == [302] * 20 and codes[20] == 429


def test_mail_server_down_keeps_the_invitation_for_a_later_resend(client, login_as, mailbox, app):
    login_as(employer_user())
    app.config["MAIL_PORT"] = 1
    response = _invite(client, "neu@example.org")
    assert response.status_code == 302
    assert "konnte gerade nicht gesendet werden" in client.get("/team/").text
    invitation = db.session.scalars(sa.select(Invitation)).one()
    app.config["MAIL_PORT"] = mailbox.port
    client.post(f"/team/invitations/{invitation.id}/resend")
    assert len(mailbox.to("neu@example.org")) == 1


def test_inviting_twice_resends_the_same_open_invitation(client, login_as, mailbox):
    login_as(employer_user())
    _invite(client, "neu@example.org")
    _invite(client, "neu@example.org")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1
    assert len(mailbox.to("neu@example.org")) == 2


def test_nobody_can_resend_or_revoke_another_organisations_invitation(client, login_as, mailbox, app):
    owner = employer_user()
    owner_client = app.test_client()
    owner_client.post("/login", data={"email": owner.email, "password": "richtig-gutes-passwort"})
    _invite(owner_client, "neu@example.org")
    invitation = db.session.scalars(sa.select(Invitation)).one()
    login_as(employer_user())
    assert client.post(f"/team/invitations/{invitation.id}/revoke").status_code == 404
    assert client.post(f"/team/invitations/{invitation.id}/resend").status_code == 404
    db.session.refresh(invitation)
    assert invitation.is_open
    assert "neu@example.org" not in client.get("/team/").text


def test_the_team_page_shows_only_the_own_organisation(client, login_as):
    me = employer_user(display_name="Ich Selbst")
    caseworker(display_name="Fremde Beraterin")
    employer_user(display_name="Fremder Betrieb")
    login_as(me)
    page = client.get("/team/").text
    assert "Ich Selbst" in page
    assert "Fremde Beraterin" not in page and "Fremder Betrieb" not in page
