"""What coordinators do with organisations: verify or reject employers, create agencies,
(de)activate users."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from .. import access, mail, transaction
from ..domain import organisations as verification
from ..extensions import db
from ..models import (
    Carrier,
    Invitation,
    Organisation,
    OrganisationKind,
    Slot,
    User,
    VerificationStatus,
    utcnow,
)
from ..models.audit import AuditAction, record
from . import matching
from .accounts import AccountError, ensure_email_free, invite, tell_coordinators_about
from .stats import counts_by

log = logging.getLogger(__name__)


def _tell_employer(org: Organisation, subject: str, template: str, **context) -> None:
    """Every active person of the business; a reply reaches the coordination office."""
    from flask import current_app

    reply_to = current_app.config["COORDINATION_EMAIL"]
    for user in org.users:
        if not user.active:
            continue
        try:
            mail.send_template(
                user.email, subject, template, headers={"Reply-To": reply_to}, organisation=org, user=user,
                link=mail.absolute_url("public.home"), edit_link=mail.absolute_url("employer.business"),
                reply_to=reply_to, phone=current_app.config["COORDINATION_PHONE"], **context,
            )
        except mail.MailError:
            log.warning("could not tell user %s about organisation %s", user.id, org.id)


def verify_employer(actor: User, org: Organisation) -> None:
    if org.kind is not OrganisationKind.EMPLOYER:
        raise AccountError(_("Nur Betriebe werden freigeschaltet."))
    org.verified_at, org.verified_by = utcnow(), actor
    org.rejected_at = org.rejected_by = org.rejection_reason = None
    record(actor, AuditAction.ORGANISATION_VERIFY, org)
    _refresh_slots_of(org)
    transaction.after_commit("mail to the employer", lambda: _tell_employer(
        org, _("Ihr Betrieb ist freigeschaltet"), "employer_verified"))


def reject_employer(actor: User, org: Organisation, reason: str) -> None:
    if org.kind is not OrganisationKind.EMPLOYER:
        raise AccountError(_("Nur Betriebe werden geprüft."))
    org.rejected_at, org.rejected_by, org.rejection_reason = utcnow(), actor, reason
    org.verified_at = org.verified_by = None
    record(actor, AuditAction.ORGANISATION_REJECT, org, reason=reason)
    _refresh_slots_of(org)
    transaction.after_commit("mail to the employer", lambda: _tell_employer(
        org, _("Ihre Anmeldung bei Kurzer Draht"), "employer_rejected", reason=reason))


# A business changes its own data -----------------------------------------------------------

# Who the business is: a change sends a verified business back to review.
IDENTITY = ("name", "chamber", "membership_number")
EDITABLE = (*IDENTITY, "sector", "address", "district_id", "phone")


def update_employer(actor: User, org: Organisation, values: dict) -> bool:
    """A business edits its own data. A rejected business asks for a new review by saving; a
    verified one goes back to review when it changes who it is (name or chamber membership).
    Returns whether the business now waits for review again."""
    if org.kind is not OrganisationKind.EMPLOYER or actor.organisation_id != org.id:
        raise AccountError(_("Nur der Betrieb selbst ändert seine Angaben."))
    before = verification.status(org)
    changed = sorted(name for name in EDITABLE if getattr(org, name) != values[name])
    for name in EDITABLE:
        setattr(org, name, values[name])
    record(actor, AuditAction.ORGANISATION_UPDATE, org, changed=changed)
    review = before is VerificationStatus.REJECTED or (
        before is VerificationStatus.VERIFIED and any(name in IDENTITY for name in changed))
    if review:
        org.verified_at = org.verified_by = None
        org.rejected_at = org.rejected_by = None
        record(actor, AuditAction.ORGANISATION_REVIEW, org)
        _refresh_slots_of(org)
        transaction.after_commit("mail to the coordinators", lambda: tell_coordinators_about(org, again=True))
    return review


def _refresh_slots_of(org: Organisation) -> None:
    """Verification decides whether an employer's open slots are shown to anybody."""
    slot_ids = list(db.session.scalars(sa.select(Slot.id).where(Slot.organisation_id == org.id)))
    if slot_ids:
        matching.rematch_after_commit("slot", slot_ids, batch=f"rematch:slots-of:{org.id}")


def set_user_active(actor: User, user: User, active: bool) -> None:
    if user.id == actor.id:
        raise AccountError(_("Sie können Ihren eigenen Zugang nicht deaktivieren."))
    user.active = active
    if not active:
        user.sign_out_everywhere()
    record(actor, AuditAction.USER_ACTIVATE if active else AuditAction.USER_DEACTIVATE, user)


def create_agency(
    actor: User,
    *,
    name: str,
    carrier: Carrier,
    address: str,
    district_id: int | None,
    phone: str,
    first_user_email: str,
    first_user_name: str,
) -> tuple[Organisation, Invitation]:
    """Create an agency and invite its first caseworker by email."""
    ensure_email_free(first_user_email)
    org = Organisation(
        kind=OrganisationKind.AGENCY, name=name, carrier=carrier, address=address,
        district_id=district_id, phone=phone,
    )
    db.session.add(org)
    db.session.flush()
    record(actor, AuditAction.ORGANISATION_CREATE, org)
    invitation = invite(actor, org, first_user_email, first_user_name)
    assert invitation is not None  # the address was checked free above
    return org, invitation


def organisation_list(
    actor: User, *, text: str | None = None, kind: str | None = None, status: str | None = None
) -> sa.Select:
    """Organisations the actor manages, filtered, newest first (ties broken by id)."""
    query = access.manageable_organisations(actor)
    if text:
        query = query.where(Organisation.name.ilike(f"%{text.strip()}%"))
    if kind:
        query = query.where(Organisation.kind == OrganisationKind(kind))
    if status:
        query = query.where(verification.status_sql(VerificationStatus(status)))
    return query.options(selectinload(Organisation.district)).order_by(
        Organisation.created_at.desc(), Organisation.id.desc()
    )


def totals_by_kind(actor: User) -> dict[OrganisationKind, int]:
    return counts_by(access.manageable_organisations(actor), "kind", OrganisationKind)
