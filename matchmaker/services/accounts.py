"""Accounts: sign-in, employer self-registration, invitations and password resets."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from .. import mail, transaction
from ..extensions import db
from ..models import (
    Invitation,
    Organisation,
    OrganisationKind,
    Role,
    User,
    normalise_email,
    utcnow,
)
from ..models.audit import AuditAction, pseudonym, record
from . import tokens

log = logging.getLogger(__name__)

# Checked when no user matches, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


class AccountError(ValueError):
    """A rule about accounts was broken; the message is German and meant for the user."""


def find_user_by_email(email: str) -> User | None:
    return db.session.scalars(
        sa.select(User).where(sa.func.lower(User.email) == normalise_email(email))
    ).first()


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None; inactive users are refused too."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()


def ensure_email_free(email: str) -> None:
    if find_user_by_email(email) is not None:
        raise AccountError(_("Für diese E-Mail-Adresse gibt es schon einen Zugang."))


def register_employer(organisation: dict, person: dict) -> User | None:
    """Create an unverified employer organisation with its first, unconfirmed user, and mail
    the confirmation link once stored. An address that has an account already gets a mail
    saying so instead, and the caller answers the same either way: the form tells nobody
    which addresses have accounts."""
    existing = find_user_by_email(person["email"])
    if existing is not None:
        check_password_hash(_DUMMY_HASH, person["password"])  # about as slow as making an account
        transaction.after_commit("mail about an existing account",
                                 lambda: _queue_mail("already_registered", existing.id, existing))
        return None
    org = Organisation(kind=OrganisationKind.EMPLOYER, **organisation)
    user = User(
        organisation=org,
        email=person["email"],
        display_name=person["display_name"],
        phone=person.get("phone", ""),
    )
    user.set_password(person["password"])
    db.session.add_all([org, user])
    db.session.flush()
    user.email_confirmed_at = None  # the column's default confirms; this address is not yet
    record(user, AuditAction.ORGANISATION_REGISTER, org)
    transaction.after_commit("mail with the confirmation link", lambda: queue_confirmation(user))
    return user


def queue_confirmation(user: User) -> None:
    """Mail the confirmation link (again), as a job."""
    _queue_mail("confirm_email", user.id, user)


def _queue_mail(template: str, object_id: int, person: User) -> None:
    """One account mail as a job (`jobs.mail`): the click does not wait for the mail server, and
    a failing one is retried."""
    from .. import jobs

    jobs.mail("account", template, object_id, person.id)


def deliver(template: str, object_id: int, user_id: int) -> None:
    """The mail job: one account mail to one person, as things are now. An address confirmed or
    a person deactivated since gets none; a failing mail server raises (the job retries)."""
    person = db.session.get(User, user_id)
    if person is None or not person.active:
        return
    if template == "confirm_email":
        if person.email_confirmed_at is None:
            send_confirmation(person)
    elif template == "already_registered":
        _tell_already_registered(person)
    else:  # "employer_registered" or "employer_registered_again": object_id is the organisation
        org = db.session.get(Organisation, object_id)
        if org is not None:
            _tell_coordinator(person, org, again=template.endswith("_again"))


def send_confirmation(user: User) -> None:
    token = tokens.make_token("confirm-email", {"user": user.id})
    mail.send_template(user.email, _("Bitte bestätigen Sie Ihre E-Mail-Adresse"), "confirm_email", user=user,
                       link=mail.absolute_url("auth.confirm_email", token=token),
                       days=current_app.config["INVITATION_MAX_AGE"] // 86400)


def _tell_already_registered(user: User) -> None:
    mail.send_template(user.email, _("Ihr Zugang bei Kurzer Draht"), "already_registered", user=user,
                       login=mail.absolute_url("auth.login"), reset=mail.absolute_url("auth.forgot_password"))


def confirm_email(token: str) -> User | None:
    """The user a confirmation link was made for, once: the first use confirms (and tells the
    coordinators that a new employer waits for verification); later uses are refused, so the
    link never works as a login link again."""
    user, _payload = tokens.load_from_token("confirm-email", token, current_app.config["INVITATION_MAX_AGE"],
                                            User, "user")
    if user is None or not user.active or user.email_confirmed_at is not None:
        return None
    user.email_confirmed_at = utcnow()
    org = user.organisation
    transaction.after_commit("mail to the coordinators", lambda: tell_coordinators_about(org))
    return user


def tell_coordinators_about(org: Organisation, again: bool = False) -> None:
    """An employer waits for verification, new or again; each coordinator hears of it by a mail
    job of their own."""
    coordinators = db.session.scalars(
        sa.select(User)
        .join(User.organisation)
        .where(Organisation.kind == OrganisationKind.COORDINATION, User.active.is_(True))
    )
    template = "employer_registered_again" if again else "employer_registered"
    for coordinator in coordinators:
        _queue_mail(template, org.id, coordinator)


def _tell_coordinator(coordinator: User, org: Organisation, again: bool) -> None:
    mail.send_template(
        coordinator.email,
        _("Betrieb bittet um erneute Prüfung: %(name)s", name=org.name) if again
        else _("Neuer Betrieb wartet auf Freischaltung: %(name)s", name=org.name),
        "employer_registered",
        organisation=org,
        link=mail.absolute_url("coordinator.organisation", organisation_id=org.id),
        again=again,
    )


def invite(actor: User, organisation: Organisation, email: str, display_name: str = "") -> Invitation | None:
    """Invite a person into an organisation; an open invitation to the same address is reused.
    Once stored, `send_invitation` mails the link. An address that has an account already gets
    nothing, and the caller answers as if it had (no guessing which addresses have accounts).
    Only verified organisations invite: their names are what the invitation mail shows."""
    if not organisation.is_verified:
        raise AccountError(_("Einladungen sind möglich, sobald die Koordinierungsstelle Ihren Betrieb "
                             "freigeschaltet hat."))
    if find_user_by_email(email) is not None:
        return None
    email = normalise_email(email)
    invitation = db.session.scalars(
        sa.select(Invitation).where(
            Invitation.organisation_id == organisation.id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    ).first()
    if invitation is None:
        invitation = Invitation(
            organisation=organisation, email=email, display_name=display_name, invited_by=actor
        )
        db.session.add(invitation)
        db.session.flush()
        record(actor, AuditAction.INVITATION_CREATE, invitation, email=pseudonym(email))
    return invitation


def send_invitation(invitation: Invitation) -> bool:
    """Mail the invitation link; False when the mail server did not take it."""
    token = tokens.make_token("invitation", {"invitation": invitation.id})
    try:
        mail.send_template(
            invitation.email,
            _("Einladung zu Kurzer Draht: %(name)s", name=invitation.organisation.name),
            "invitation",
            invitation=invitation,
            link=mail.absolute_url("auth.accept_invitation", token=token),
            days=current_app.config["INVITATION_MAX_AGE"] // 86400,
        )
    except mail.MailError:
        log.warning("invitation %s not sent", invitation.id, exc_info=True)
        return False
    return True


def invitation_from_token(token: str) -> Invitation | None:
    invitation, _ = tokens.load_from_token("invitation", token, current_app.config["INVITATION_MAX_AGE"],
                                           Invitation, "invitation")
    if invitation is None or not invitation.is_open:
        return None
    return invitation


def revoke_invitation(actor: User, invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()
    record(actor, AuditAction.INVITATION_REVOKE, invitation)


def accept_invitation(invitation: Invitation, display_name: str, phone: str, password: str) -> User:
    """Claim the invitation first, with one conditional UPDATE: of two people accepting the same
    link at once, one gets the account and the other a message (not an error page)."""
    used = AccountError(_("Diese Einladung wurde schon verwendet oder zurückgezogen."))
    claimed = db.session.execute(
        sa.update(Invitation).where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None),
                                    Invitation.revoked_at.is_(None)).values(accepted_at=utcnow()),
        execution_options={"synchronize_session": False})
    if claimed.rowcount != 1:
        raise used
    ensure_email_free(invitation.email)
    user = User(
        organisation=invitation.organisation,
        email=invitation.email,
        display_name=display_name,
        phone=phone,
    )
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # the address got an account this very moment (another invitation)
        db.session.rollback()
        raise used from None
    record(user, AuditAction.INVITATION_ACCEPT, invitation)
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address belongs to an active user; silent otherwise."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    token = tokens.make_token(
        "password-reset", {"user": user.id, "pw": tokens.fingerprint(user.password_hash)}
    )
    mail.send_template(
        user.email,
        _("Passwort zurücksetzen"),
        "password_reset",
        user=user,
        link=mail.absolute_url("auth.reset_password", token=token),
        minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
    )


def user_from_reset_token(token: str) -> User | None:
    """The user a reset link was made for, unless expired, forged or already used."""
    user, payload = tokens.load_from_token("password-reset", token, current_app.config["PASSWORD_RESET_MAX_AGE"],
                                           User, "user")
    if user is None or not user.active:
        return None
    if payload.get("pw") != tokens.fingerprint(user.password_hash):
        return None
    return user


def update_profile(user: User, display_name: str, phone: str) -> None:
    """A person changes their own name and phone (what the other side sees after acceptance)."""
    user.display_name, user.phone = display_name.strip(), (phone or "").strip()
    record(user, AuditAction.USER_PROFILE_UPDATE, user)


def change_password(user: User, current: str, new: str) -> None:
    """A signed-in person sets a new password, knowing the old one; every other login ends."""
    if not user.check_password(current):
        raise AccountError(_("Das bisherige Passwort stimmt nicht."))
    user.set_password(new)
    record(user, AuditAction.USER_PASSWORD_CHANGE, user)


def reset_password(user: User, password: str) -> None:
    user.set_password(password)
    record(user, AuditAction.USER_PASSWORD_RESET, user)


def create_coordinator(email: str, display_name: str, password: str) -> User:
    """Create a coordinator (and the coordination office on first use)."""
    ensure_email_free(email)
    office = db.session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.COORDINATION)
    ).first()
    if office is None:
        office = Organisation(kind=OrganisationKind.COORDINATION, name=_("Koordinierungsstelle"))
        db.session.add(office)
    user = User(organisation=office, email=email, display_name=display_name)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    assert user.role is Role.COORDINATOR
    record(None, AuditAction.USER_CREATE_COORDINATOR, user)
    return user
