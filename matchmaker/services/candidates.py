"""Candidate profiles: consent first, pseudonyms always, erasure on withdrawal, audit on every look."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from ..domain import candidates as rules
from ..domain import clock
from ..domain.fields import FieldError
from ..extensions import db
from ..matching.normalise import fold
from ..models import (
    CONSENT_SCOPE,
    Candidate,
    CandidateStatus,
    District,
    GermanLevel,
    Organisation,
    OriginRegion,
    Recognition,
    Role,
    SlotKind,
    User,
    WorkPermit,
    candidate_districts,
    utcnow,
)
from ..models.audit import AuditAction, record, record_many
from . import matching
from . import occupations as occupation_codes
from . import skills as skill_tags

# No 0/O, 1/I/L: pseudonyms get read out on the phone.
PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PSEUDONYM_LENGTH = 4


class CandidateError(ValueError):
    """A profile rule was broken; the message is German and meant for the user."""


@dataclass
class Experience:
    name: str
    years: float | None = None
    kldb: str | None = None  # a KldB 2010 code the caseworker confirmed (occupations only)


@dataclass
class Qualification:
    name: str
    recognition: Recognition = Recognition.KEINE


@dataclass
class CandidateData:
    """A validated profile, from the form or an import row."""

    first_name: str
    last_initial: str
    german_level: GermanLevel
    birth_year: int | None = None
    origin_region: OriginRegion = OriginRegion.KEINE_ANGABE
    german_certified: bool = False
    other_languages: list[str] = field(default_factory=list)
    skills: list[Experience] = field(default_factory=list)
    occupations: list[Experience] = field(default_factory=list)
    qualifications: list[Qualification] = field(default_factory=list)
    desired_kinds: list[SlotKind] = field(default_factory=list)
    district_ids: list[int] = field(default_factory=list)
    available_from: date | None = None
    work_permit: WorkPermit = WorkPermit.UNGEKLAERT
    share_work_permit: bool = False
    driving_licence: bool | None = None
    notes: str = ""


def new_pseudonyms(count: int) -> list[str]:
    """Random codes like K-4F7Q, unique among themselves and in the database."""
    chosen: set[str] = set()
    while len(chosen) < count:
        batch = {
            "K-" + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(PSEUDONYM_LENGTH))
            for _ in range(count - len(chosen))
        }
        batch -= chosen
        taken = set(db.session.scalars(sa.select(Candidate.pseudonym).where(Candidate.pseudonym.in_(batch))))
        chosen |= batch - taken
    return list(chosen)


def _experiences(items: list[Experience], title_for=None) -> list[dict]:
    """Stored experience; a confirmed code is checked and kept only where there is one."""
    names = skill_tags.clean_tags(item.name for item in items)
    by_name = {fold(item.name): item for item in items}
    stored = []
    for name in names:
        item = by_name.get(fold(name)) or Experience(name)
        entry = {"name": name, "years": item.years}
        if item.kldb:
            try:
                entry["kldb"] = occupation_codes.clean_code(item.kldb, title_for)
            except occupation_codes.CodeError as error:
                raise CandidateError(str(error)) from None
        stored.append(entry)
    return stored


def _checked(data: CandidateData) -> tuple[str, str, int | None, str]:
    """The field rules of matchmaker/domain/candidates.py, whoever calls (form, import, script)."""
    try:
        return (rules.check_first_name(data.first_name), rules.clean_last_initial(data.last_initial),
                rules.check_birth_year(data.birth_year), rules.check_notes(data.notes or ""))
    except FieldError as error:
        raise CandidateError(str(error)) from None


def _columns(data: CandidateData, title_for=None) -> dict:
    first_name, last_initial, birth_year, notes = _checked(data)
    skills, occupations = _experiences(data.skills), _experiences(data.occupations, title_for)
    return {
        "first_name": first_name,
        "last_initial": last_initial,
        "birth_year": birth_year,
        "origin_region": data.origin_region,
        "german_level": data.german_level,
        "german_certified": data.german_certified,
        "other_languages": skill_tags.clean_tags(data.other_languages),
        "skills": skills,
        "occupations": occupations,
        "qualifications": [
            {"name": q.name, "recognition": q.recognition.value} for q in data.qualifications if q.name.strip()
        ],
        "desired_kinds": sorted({kind.value for kind in data.desired_kinds}),
        "available_from": data.available_from,
        "work_permit": data.work_permit,
        "share_work_permit": data.share_work_permit,
        "driving_licence": data.driving_licence,
        "notes": notes,
        "search_text": fold(" | ".join(
            [first_name, *(s["name"] for s in skills), *(o["name"] for o in occupations)]
        )),
    }


def _districts(ids: list[int]) -> list[District]:
    if not ids:
        return []
    found = list(db.session.scalars(sa.select(District).where(District.id.in_(set(ids)))))
    if len(found) < len(set(ids)):
        raise CandidateError(_("Mindestens einen der Stadtteile gibt es nicht."))
    return found


def create_candidate(actor: User, agency: Organisation, data: CandidateData, consent_given_on: date) -> Candidate:
    """A profile exists only with recorded consent: who recorded it, when, and for what."""
    if actor.role is not Role.CASEWORKER or actor.organisation_id != agency.id:
        raise CandidateError(_("Profile legt eine Beratungsstelle für sich selbst an."))
    columns = _columns(data)
    candidate = Candidate(
        agency=agency, created_by=actor, pseudonym=new_pseudonyms(1)[0],
        consent_given_on=consent_given_on, consent_recorded_by=actor, consent_recorded_at=utcnow(),
        consent_scope=CONSENT_SCOPE, districts=_districts(data.district_ids), **columns,
    )
    db.session.add(candidate)
    db.session.flush()
    record(actor, AuditAction.CANDIDATE_CREATE, candidate)
    matching.rematch_after_commit("candidate", [candidate.id])
    return candidate


def update_candidate(actor: User, candidate: Candidate, data: CandidateData) -> Candidate:
    ensure_manages(actor, candidate)
    if candidate.is_withdrawn:
        raise CandidateError(_("Die Einwilligung wurde zurückgezogen; das Profil kann nicht mehr geändert werden."))
    columns = _columns(data)
    for name, value in columns.items():
        setattr(candidate, name, value)
    candidate.districts = _districts(data.district_ids)
    record(actor, AuditAction.CANDIDATE_UPDATE, candidate)
    db.session.flush()
    matching.rematch_after_commit("candidate", [candidate.id])
    return candidate


def ensure_manages(actor: User, candidate: Candidate) -> None:
    if not rules.manages(candidate, actor):
        raise CandidateError(_("Dieses Profil gehört zu einer anderen Beratungsstelle."))


def change_status(actor: User, candidate: Candidate, action: str, on_date: date | None = None) -> Candidate:
    """Pause, activate, or mark placed (the one placement path: open contacts end, both sides
    hear of it). Withdrawal has its own function: it erases."""
    ensure_manages(actor, candidate)
    if candidate.is_withdrawn:
        raise CandidateError(_("Die Einwilligung wurde zurückgezogen; das Profil bleibt geschlossen."))
    if action not in rules.TRANSITIONS or action == "withdraw":
        raise CandidateError(_("Unbekannte Aktion."))
    sources, target = rules.TRANSITIONS[action]
    if candidate.status not in sources:
        raise CandidateError(_("Ein Profil im Status „%(status)s“ kann das nicht.", status=candidate.status.label))
    if action == "placed":
        from .contacts import place_candidate  # contacts build on profiles, not the other way

        return place_candidate(actor, candidate, on_date or clock.today())
    candidate.status = target
    record(actor, AuditAction(f"candidate.{action}"), candidate)
    db.session.flush()
    matching.rematch_after_commit("candidate", [candidate.id])
    return candidate


def withdraw_consent(actor: User, candidate: Candidate) -> Candidate:
    """Erase the personal fields; keep only what anonymous reports need. Open contacts end in the
    same action: if any step fails, nothing is withdrawn and nothing closed."""
    ensure_manages(actor, candidate)
    if candidate.is_withdrawn:
        return candidate
    return erase(candidate, actor, AuditAction.CANDIDATE_WITHDRAW, _("Einwilligung zurückgezogen"))


def erase(candidate: Candidate, actor: User | None, action: AuditAction, reason: str) -> Candidate:
    """The person leaves the product: personal fields, free text on contacts and reachable
    districts go; status, dates, German level and origin region stay for anonymous reports."""
    candidate.first_name = candidate.last_initial = candidate.notes = None
    candidate.other_languages, candidate.skills, candidate.occupations, candidate.qualifications = [], [], [], []
    candidate.desired_kinds = []
    candidate.work_permit = None
    candidate.share_work_permit = False
    candidate.driving_licence = None
    candidate.available_from = None
    candidate.search_text = ""
    candidate.districts = []
    candidate.status = CandidateStatus.WITHDRAWN
    candidate.consent_withdrawn_at = utcnow()
    record(actor, action, candidate)
    from .contacts import close_for_candidate, erase_free_text  # contacts build on profiles

    erase_free_text(candidate)
    close_for_candidate(candidate, reason)
    db.session.flush()
    matching.rematch_after_commit("candidate", [candidate.id])
    return candidate


def record_view(actor: User, candidate: Candidate, page: str = "profile") -> None:
    """Every look at a person's data is logged: the profile, its edit form, the withdraw page."""
    record(actor, AuditAction.CANDIDATE_VIEW, candidate, page=page)


def record_list(actor: User, shown: list[Candidate], filters: dict) -> None:
    """A list shows names too: one entry per person shown, saying whether a search led there
    (not what was searched: the words may be a name)."""
    record_many(actor, AuditAction.CANDIDATE_LIST, Candidate.__tablename__, [c.id for c in shown],
                searched=bool(filters.get("q")), filtered=sorted(filters))


def create_candidates_bulk(
    actor: User, agency: Organisation, rows: list[CandidateData], consent_given_on: list[date]
) -> list[int]:
    """Insert many profiles in a few statements; the caller commits (all or nothing) and then
    refreshes their matches (`matching.refresh_many`). Returns the new ids."""
    if not rows:
        return []
    now = utcnow()
    pseudonyms = new_pseudonyms(len(rows))
    title_for = matching.engine().title_for
    values = [
        {**_columns(data, title_for), "agency_id": agency.id, "created_by_id": actor.id, "pseudonym": pseudonym,
         "status": CandidateStatus.ACTIVE, "consent_given_on": given, "consent_recorded_by_id": actor.id,
         "consent_recorded_at": now, "consent_scope": CONSENT_SCOPE, "created_at": now, "updated_at": now}
        for data, pseudonym, given in zip(rows, pseudonyms, consent_given_on, strict=True)
    ]
    ids = db.session.scalars(
        sa.insert(Candidate).returning(Candidate.id, sort_by_parameter_order=True), values
    ).all()
    links = [
        {"candidate_id": candidate_id, "district_id": district_id}
        for candidate_id, data in zip(ids, rows, strict=True)
        for district_id in sorted(set(data.district_ids))
    ]
    if links:
        db.session.execute(candidate_districts.insert(), links)
    record_many(actor, AuditAction.CANDIDATE_IMPORT, Candidate.__tablename__, list(ids))
    return list(ids)


def filtered(query: sa.Select, filters: dict) -> sa.Select:
    """Apply list filters (q, status, german, district, kind) to a scoped profile query."""
    from sqlalchemy.orm import joinedload

    from .districts import with_ortsteile

    if text := filters.get("q"):
        key = fold(text)
        query = query.where(sa.or_(
            Candidate.search_text.contains(key, autoescape=True),
            Candidate.pseudonym.contains(text.strip().upper(), autoescape=True),  # "hx34" finds "K-HX34"
        ))
    if status := filters.get("status"):
        query = query.where(Candidate.status == CandidateStatus(status))
    if german := filters.get("german"):  # at least this level
        query = query.where(Candidate.german_level.in_(GermanLevel(german).and_above()))
    if district := filters.get("district"):
        reachable = sa.select(candidate_districts.c.candidate_id).where(
            candidate_districts.c.district_id.in_(with_ortsteile(district))
        )
        query = query.where(Candidate.id.in_(reachable))
    if kind := filters.get("kind"):
        # desired_kinds is a small JSON list; an empty one means "any kind".
        as_text = sa.cast(Candidate.desired_kinds, sa.String)
        query = query.where(sa.or_(as_text.contains(f'"{SlotKind(kind).value}"'), as_text == "[]"))
    return query.options(joinedload(Candidate.districts)).order_by(
        Candidate.created_at.desc(), Candidate.id.desc()
    )

