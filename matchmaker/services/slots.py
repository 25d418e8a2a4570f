"""Slots: create, edit and move through their life (draft, open, paused, filled, closed)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from .. import mail, transaction
from ..domain import clock
from ..domain import slots as rules
from ..domain.fields import FieldError
from ..extensions import db
from ..matching.normalise import fold
from ..models import (
    District,
    GermanLevel,
    Organisation,
    PayUnit,
    Role,
    SchoolCertificate,
    Slot,
    SlotKind,
    SlotStatus,
    User,
    WorkingTime,
    utcnow,
)
from ..models.audit import AuditAction, record
from . import matching, occupations
from . import skills as skill_tags


class SlotError(ValueError):
    """A slot rule was broken; the message is German and meant for the user."""


@dataclass
class SlotData:
    """A validated slot, from the form or an import row."""

    title: str
    kind: SlotKind
    min_german: GermanLevel
    district_id: int | None = None
    description: str = ""
    skills: list[str] = field(default_factory=list)
    language_support: bool = False
    street_address: str = ""
    start_date: date | None = None
    open_positions: int = 1
    weekly_hours: int | None = None
    duration_weeks: int | None = None
    driving_licence_required: bool = False
    shift_work: bool = False
    transit_note: str = ""
    contact_person_id: int | None = None
    occupation_code: str | None = None  # KldB 2010, confirmed by the employer; None: recognised from the title
    pay_from: int | None = None
    pay_to: int | None = None
    pay_unit: PayUnit | None = None
    pay_collective: bool = False
    working_time: WorkingTime | None = None
    fixed_term_months: int | None = None
    school_certificate: SchoolCertificate | None = None
    publish_until: date | None = None


def _remember_tags(organisation: Organisation, tags: list[str]) -> None:
    """Tags other people get suggested come only from verified employers' slots: never from
    profiles (a caseworker's words about a person) and never from unchecked sign-ups."""
    if rules.may_publish(organisation):
        skill_tags.remember(tags)


def search_text(title: str, skills: list[str]) -> str:
    return fold(" | ".join([title, *skills]))


def _columns(data: SlotData, title_for=None) -> dict:
    try:  # the field rules of matchmaker/domain/slots.py, whoever calls
        rules.check_title(data.title), rules.check_description(data.description)
        rules.check_place(data.street_address), rules.check_place(data.transit_note)
        rules.check_pay(data.pay_from, data.pay_to)
    except FieldError as error:
        raise SlotError(str(error)) from None
    if data.district_id is not None and db.session.get(District, data.district_id) is None:
        raise SlotError(_("Diesen Stadtteil gibt es nicht."))
    values = asdict(data)
    try:
        values["occupation_code"] = occupations.clean_code(data.occupation_code, title_for)
    except occupations.CodeError as error:
        raise SlotError(str(error)) from None
    values["skills"] = skill_tags.clean_tags(data.skills)
    if not data.kind.has_duration:
        values["duration_weeks"] = None
    if data.pay_from is None and data.pay_to is None:
        values["pay_unit"] = None
    elif data.pay_unit is None:
        values["pay_unit"] = PayUnit.MONAT
    values["search_text"] = search_text(data.title, values["skills"])
    return values


def _check_contact_person(organisation: Organisation, data: SlotData, actor: User) -> None:
    if data.contact_person_id is None:
        data.contact_person_id = actor.id
        return
    person = db.session.get(User, data.contact_person_id)
    if person is None or person.organisation_id != organisation.id or not person.active:
        raise SlotError(_("Die Ansprechperson muss zu Ihrem Betrieb gehören."))


def _ensure_may_publish(organisation: Organisation) -> None:
    if not rules.may_publish(organisation):
        raise SlotError(
            _("Ihr Betrieb ist noch nicht freigeschaltet. Sie können Entwürfe speichern und nach der "
              "Freischaltung veröffentlichen.")
        )


def create_slot(actor: User, organisation: Organisation, data: SlotData, publish: bool = True) -> Slot:
    if actor.role is not Role.EMPLOYER or actor.organisation_id != organisation.id:
        raise SlotError(_("Angebote legt ein Betrieb für sich selbst an."))
    _check_contact_person(organisation, data, actor)
    if publish:
        _ensure_may_publish(organisation)
    slot = Slot(organisation=organisation, created_by=actor, **_columns(data))
    slot.status = SlotStatus.OPEN if publish else SlotStatus.DRAFT
    slot.published_at = utcnow() if publish else None
    db.session.add(slot)
    _remember_tags(organisation, slot.skills)
    db.session.flush()
    record(actor, AuditAction.SLOT_CREATE, slot, status=slot.status.value)
    matching.rematch_after_commit("slot", [slot.id])
    return slot


def update_slot(actor: User, slot: Slot, data: SlotData) -> Slot:
    if not rules.manages(slot, actor):
        raise SlotError(_("Dieses Angebot gehört zu einem anderen Betrieb."))
    _check_contact_person(slot.organisation, data, actor)
    old_skills = {fold(s) for s in slot.skills}
    for name, value in _columns(data).items():
        setattr(slot, name, value)
    _remember_tags(slot.organisation, [s for s in slot.skills if fold(s) not in old_skills])
    record(actor, AuditAction.SLOT_UPDATE, slot)
    db.session.flush()
    matching.rematch_after_commit("slot", [slot.id])
    return slot


def change_status(actor: User, slot: Slot, action: str) -> Slot:
    if action not in rules.TRANSITIONS:
        raise SlotError(_("Unbekannte Aktion."))
    if not rules.manages(slot, actor):
        raise SlotError(_("Dieses Angebot gehört zu einem anderen Betrieb."))
    allowed_from, target = rules.TRANSITIONS[action]
    if slot.status not in allowed_from:
        raise SlotError(
            _("Ein Angebot im Status „%(status)s“ kann das nicht.", status=slot.status.label)
        )
    if target is SlotStatus.OPEN:
        _ensure_may_publish(slot.organisation)
        if slot.open_positions < 1:
            slot.open_positions = 1
        if slot.publish_until is not None and slot.publish_until < clock.today():
            slot.publish_until = None  # reopened after it ran out: open until the employer says otherwise
        slot.published_at = slot.published_at or utcnow()
    slot.status = target
    record(actor, AuditAction(f"slot.{action}"), slot)
    db.session.flush()
    matching.rematch_after_commit("slot", [slot.id])
    return slot


def close_expired(today: date) -> list[Slot]:
    """Slots published until a day before `today` close themselves; each employer is told once
    the closing is stored (run daily: `flask slots close-expired`)."""
    expired = db.session.scalars(sa.select(Slot).where(rules.expired_sql(today)).order_by(Slot.id)).all()
    for slot in expired:
        slot.status = SlotStatus.CLOSED
        record(None, AuditAction.SLOT_EXPIRE, slot, until=slot.publish_until.isoformat())
        matching.rematch_after_commit("slot", [slot.id])
        transaction.after_commit("mail about an expired slot", lambda slot=slot: _tell_expired(slot))
    db.session.flush()
    return list(expired)


def _tell_expired(slot: Slot) -> None:
    """Each of the employer's people hears of it by a mail job of their own (retried if the mail
    server fails)."""
    from .. import jobs
    from . import contacts

    for person in contacts.employer_people(slot):
        jobs.mail("slot", "slot_expired", slot.id, person.id)


def deliver(template: str, slot_id: int, user_id: int) -> None:
    """The mail job: a slot's mail ("slot_expired") to one person; none if either is gone."""
    slot, person = db.session.get(Slot, slot_id), db.session.get(User, user_id)
    if slot is None or person is None or not person.active:
        return
    mail.send_template(person.email, _("Ihr Angebot ist abgelaufen: %(title)s", title=slot.title), template,
                       slot=slot, person=person, link=mail.absolute_url("employer.slot", slot_id=slot.id))


def create_slots_bulk(actor: User, organisation: Organisation, rows: list[SlotData], publish: bool) -> list[int]:
    """Insert many slots in one statement; the caller commits (all or nothing) and then
    refreshes their matches (`matching.refresh_many`). Returns the new ids."""
    if publish:
        _ensure_may_publish(organisation)
    now = utcnow()
    status = SlotStatus.OPEN if publish else SlotStatus.DRAFT
    colleagues = set(db.session.scalars(
        sa.select(User.id).where(User.organisation_id == organisation.id, User.active.is_(True))
    ))
    values = []
    title_for = matching.engine().title_for
    for data in rows:
        data.contact_person_id = data.contact_person_id or (actor.id if actor.id in colleagues else None)
        if data.contact_person_id not in colleagues | {None}:
            raise SlotError(_("Die Ansprechperson muss zu Ihrem Betrieb gehören."))
        values.append({
            **_columns(data, title_for), "organisation_id": organisation.id, "created_by_id": actor.id,
            "status": status, "published_at": now if publish else None, "created_at": now, "updated_at": now,
        })
    if not values:
        return []
    ids = list(db.session.scalars(sa.insert(Slot).returning(Slot.id, sort_by_parameter_order=True), values))
    _remember_tags(organisation, [tag for v in values for tag in v["skills"]])
    record(actor, AuditAction.SLOT_IMPORT, organisation, rows=len(values))
    return ids


def filtered(query: sa.Select, filters: dict) -> sa.Select:
    """Apply list filters to a scoped slot query: q, status, kind, german (exactly this level),
    german_at_most (slots a person with this level can take), district, starts_by (a date:
    slots that start by then or at once)."""
    from sqlalchemy.orm import joinedload

    from .districts import with_ortsteile

    if text := filters.get("q"):
        found = Slot.search_text.contains(fold(text), autoescape=True)
        if text.strip().isdigit():  # a KldB 2010 code or its first digits
            found = sa.or_(found, Slot.occupation_code.startswith(text.strip(), autoescape=True))
        query = query.where(found)
    if status := filters.get("status"):
        query = query.where(Slot.status == SlotStatus(status))
    if kind := filters.get("kind"):
        query = query.where(Slot.kind == SlotKind(kind))
    if german := filters.get("german"):
        query = query.where(Slot.min_german == GermanLevel(german))
    if level := filters.get("german_at_most"):
        query = query.where(Slot.min_german.in_([g for g in GermanLevel if g.rank <= GermanLevel(level).rank]))
    if district := filters.get("district"):
        query = query.where(Slot.district_id.in_(with_ortsteile(district)))
    if starts_by := filters.get("starts_by"):
        query = query.where(sa.or_(Slot.start_date.is_(None), Slot.start_date <= starts_by))
    # each slot has one of each: joined into the page's query, no row more, no query more
    return query.options(joinedload(Slot.district), joinedload(Slot.contact_person),
                         joinedload(Slot.organisation)).order_by(
        Slot.created_at.desc(), Slot.id.desc()
    )
