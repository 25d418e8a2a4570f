"""What the API reads and writes, as marshmallow schemas (the OpenAPI document is made from them).

Field limits come from the domain modules, the same as the forms and the import columns. A profile
has two shapes: the agency's own (with its personal fields) and the employer's (domain.disclosure:
pseudonym and what the person can do, nothing about who the person is).
"""

from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate

from ..domain import candidates as candidate_rules
from ..domain import slots as slot_rules
from ..domain.fields import FieldError, not_in_future
from ..models import CandidateStatus as ProfileStatus
from ..models import (
    ContactStatus,
    DeclineReason,
    GermanLevel,
    Initiator,
    OriginRegion,
    Outcome,
    PayUnit,
    Recognition,
    SchoolCertificate,
    SlotKind,
    SlotStatus,
    WorkingTime,
    WorkPermit,
)
from ..reasons import reason_text


def _choice(enum_cls, **kwargs) -> fields.Enum:
    return fields.Enum(enum_cls, by_value=True, **kwargs)


ID_MAX = 2**31 - 1  # the databases' integer: a larger id names nothing
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks are text


class Text(fields.String):
    """Text as people write it: control characters are refused (PostgreSQL stores no NUL, and
    none of them belongs in a title or a note)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if _CONTROL.search(text):
            raise ValidationError("Contains control characters.")
        return text


def Id(**kwargs) -> fields.Integer:
    """A row id as it may be asked for: 1 to ID_MAX."""
    return fields.Integer(validate=validate.Range(1, ID_MAX), **kwargs)


def rule(check):
    """A field rule of the domain modules (the forms' and imports' own) as a marshmallow validator."""

    def validate_(value):
        try:
            check(value)
        except FieldError as error:
            raise ValidationError(str(error)) from None

    return validate_


class Strict(Schema):
    """Unknown fields are refused with a pointer, not silently dropped."""

    class Meta:
        ordered = True


# Reference data ---------------------------------------------------------------------------

class DistrictSchema(Strict):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    level = fields.Function(lambda d: d.level.value, required=True,
                            metadata={"description": "stadtbezirk or ortsteil"})
    parent_id = fields.Integer(allow_none=True)


class OccupationSchema(Strict):
    code = fields.String(required=True, metadata={"description": "KldB 2010, five digits"})
    title = fields.String(required=True)


class OccupationArgs(Schema):
    q = Text(required=True, validate=validate.Length(1, 200),
                      metadata={"description": "a title as people write it, or a KldB code"})
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 50))


# Slots --------------------------------------------------------------------------------------

class EmployerRef(Strict):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class SlotFields(Strict):
    title = Text(required=True, validate=validate.Length(1, slot_rules.TITLE_MAX))
    occupation_code = Text(allow_none=True, validate=validate.Regexp(r"^\d{5}$"),
                                    metadata={"description": "KldB 2010 code confirmed by the employer; "
                                                             "null: recognised from the title"})
    kind = _choice(SlotKind, required=True)
    min_german = _choice(GermanLevel, required=True)
    district_id = Id(allow_none=True)
    description = Text(validate=validate.Length(0, slot_rules.DESCRIPTION_MAX))
    skills = fields.List(Text(validate=validate.Length(1, 80)), validate=validate.Length(0, 30))
    language_support = fields.Boolean()
    street_address = Text(validate=validate.Length(0, slot_rules.PLACE_MAX))
    start_date = fields.Date(allow_none=True, metadata={"description": "null: at once"})
    open_positions = fields.Integer(validate=validate.Range(1, 500))
    weekly_hours = fields.Integer(allow_none=True, validate=validate.Range(1, 60))
    duration_weeks = fields.Integer(allow_none=True, validate=validate.Range(1, 104))
    driving_licence_required = fields.Boolean()
    shift_work = fields.Boolean()
    transit_note = Text(validate=validate.Length(0, slot_rules.PLACE_MAX))
    pay_from = fields.Integer(allow_none=True, validate=validate.Range(0, slot_rules.PAY_MAX))
    pay_to = fields.Integer(allow_none=True, validate=validate.Range(0, slot_rules.PAY_MAX))
    pay_unit = _choice(PayUnit, allow_none=True)
    pay_collective = fields.Boolean()
    working_time = _choice(WorkingTime, allow_none=True)
    fixed_term_months = fields.Integer(allow_none=True, validate=validate.Range(1, slot_rules.FIXED_TERM_MAX))
    school_certificate = _choice(SchoolCertificate, allow_none=True)
    publish_until = fields.Date(allow_none=True)


class SlotSchema(Strict):
    """A slot as read (no input limits: what is stored is shown)."""

    id = fields.Integer(required=True)
    title = fields.String(required=True)
    occupation_code = fields.String(allow_none=True, required=True)
    kind = _choice(SlotKind, required=True)
    min_german = _choice(GermanLevel, required=True)
    district_id = fields.Integer(allow_none=True, required=True)
    description = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    language_support = fields.Boolean(required=True)
    street_address = fields.String(required=True)
    start_date = fields.Date(allow_none=True, required=True)
    open_positions = fields.Integer(required=True)
    weekly_hours = fields.Integer(allow_none=True, required=True)
    duration_weeks = fields.Integer(allow_none=True, required=True)
    driving_licence_required = fields.Boolean(required=True)
    shift_work = fields.Boolean(required=True)
    transit_note = fields.String(required=True)
    pay_from = fields.Integer(allow_none=True, required=True)
    pay_to = fields.Integer(allow_none=True, required=True)
    pay_unit = _choice(PayUnit, allow_none=True, required=True)
    pay_collective = fields.Boolean(required=True)
    working_time = _choice(WorkingTime, allow_none=True, required=True)
    fixed_term_months = fields.Integer(allow_none=True, required=True)
    school_certificate = _choice(SchoolCertificate, allow_none=True, required=True)
    publish_until = fields.Date(allow_none=True, required=True)
    status = _choice(SlotStatus, required=True)
    employer = fields.Function(lambda s: {"id": s.organisation_id, "name": s.organisation.name},
                               required=True, metadata={"type": "object"})
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class SlotCreateSchema(SlotFields):
    publish = fields.Boolean(load_default=True, metadata={
        "description": "false: keep as a draft (unverified employers can only keep drafts)"})


class SlotStatusSchema(Strict):
    action = fields.String(required=True, validate=validate.OneOf(list(slot_rules.TRANSITIONS)))


class SlotListArgs(Schema):
    q = Text(validate=validate.Length(1, 200), metadata={"description": "words of title or skills, "
                                                                                  "or the start of a KldB code"})
    status = Text(validate=validate.OneOf([s.value for s in SlotStatus]))
    kind = Text(validate=validate.OneOf([k.value for k in SlotKind]))
    german = Text(validate=validate.OneOf([g.value for g in GermanLevel]),
                           metadata={"description": "exactly this minimum German level"})
    german_at_most = Text(validate=validate.OneOf([g.value for g in GermanLevel]),
                                   metadata={"description": "slots a person with this German level can take"})
    starts_by = fields.Date(metadata={"description": "slots that start by this day or at once"})
    district = Id(metadata={"description": "a district id (a Stadtbezirk includes its Ortsteile)"})


# Profiles -----------------------------------------------------------------------------------

class ExperienceSchema(Strict):
    name = Text(required=True, validate=validate.Length(1, 120))
    years = fields.Float(allow_none=True, validate=validate.Range(0, 60))


class OccupationExperienceSchema(ExperienceSchema):
    kldb = fields.String(allow_none=True, validate=validate.Regexp(r"^\d{5}$"),
                         metadata={"description": "KldB 2010 code the caseworker confirmed"})


class QualificationSchema(Strict):
    name = Text(required=True, validate=validate.Length(1, 200))
    recognition = _choice(Recognition, load_default=Recognition.KEINE)


class ProfileFields(Strict):
    first_name = Text(required=True, validate=validate.Length(1, candidate_rules.FIRST_NAME_MAX))
    last_initial = Text(required=True, validate=validate.Length(1, 2))
    german_level = _choice(GermanLevel, required=True)
    birth_year = fields.Integer(allow_none=True, validate=validate.Range(1900, 2100))
    origin_region = _choice(OriginRegion, metadata={"description": "for aggregate evaluation only"})
    german_certified = fields.Boolean()
    other_languages = fields.List(Text(validate=validate.Length(1, 60)), validate=validate.Length(0, 20))
    skills = fields.List(fields.Nested(ExperienceSchema), validate=validate.Length(0, 40))
    occupations = fields.List(fields.Nested(OccupationExperienceSchema), validate=validate.Length(0, 20))
    qualifications = fields.List(fields.Nested(QualificationSchema), validate=validate.Length(0, 20))
    desired_kinds = fields.List(_choice(SlotKind), validate=validate.Length(0, len(SlotKind)))
    district_ids = fields.List(Id(), validate=validate.Length(0, 100))
    available_from = fields.Date(allow_none=True)
    work_permit = _choice(WorkPermit)
    share_work_permit = fields.Boolean()
    driving_licence = fields.Boolean(allow_none=True)
    notes = Text(validate=validate.Length(0, candidate_rules.NOTES_MAX))


class ProfileCreateSchema(ProfileFields):
    consent_given_on = fields.Date(required=True, validate=rule(not_in_future), metadata={
        "description": "the day the person gave written consent (not in the future)"})


class StoredExperienceSchema(Strict):
    name = fields.String(required=True)
    years = fields.Float(allow_none=True)
    kldb = fields.String(allow_none=True)


class StoredQualificationSchema(Strict):
    name = fields.String(required=True)
    recognition = fields.String(required=True)


class AgencyProfileSchema(Strict):
    """A profile as its own agency sees it (after a withdrawal of consent, the personal fields are null)."""

    id = fields.Integer(required=True)
    pseudonym = fields.String(required=True)
    status = _choice(ProfileStatus, required=True)
    first_name = fields.String(allow_none=True, required=True)
    last_initial = fields.String(allow_none=True, required=True)
    german_level = _choice(GermanLevel, required=True)
    birth_year = fields.Integer(allow_none=True, required=True)
    origin_region = _choice(OriginRegion, allow_none=True, required=True)
    german_certified = fields.Boolean(required=True)
    other_languages = fields.List(fields.String(), required=True)
    skills = fields.List(fields.Nested(StoredExperienceSchema), required=True)
    occupations = fields.List(fields.Nested(StoredExperienceSchema), required=True)
    qualifications = fields.List(fields.Nested(StoredQualificationSchema), required=True)
    desired_kinds = fields.List(fields.String(), required=True)
    district_ids = fields.Function(lambda c: [d.id for d in c.districts], required=True,
                                   metadata={"type": "array", "items": {"type": "integer"}})
    available_from = fields.Date(allow_none=True, required=True)
    work_permit = _choice(WorkPermit, allow_none=True, required=True)
    share_work_permit = fields.Boolean(required=True)
    driving_licence = fields.Boolean(allow_none=True, required=True)
    notes = fields.String(allow_none=True, required=True)
    consent_given_on = fields.Date(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class EmployerExperienceSchema(Strict):
    name = fields.String(required=True)
    years = fields.Float(allow_none=True)


class EmployerProfileSchema(Strict):
    """A profile as an employer sees it (domain.disclosure.EmployerView): never who the person is."""

    id = fields.Integer(required=True)
    pseudonym = fields.String(required=True)
    german_level = fields.Function(lambda v: str(v["german_level"]), required=True)
    german_certified = fields.Boolean(required=True)
    other_languages = fields.List(fields.String(), required=True)
    occupations = fields.List(fields.Nested(EmployerExperienceSchema), required=True)
    skills = fields.List(fields.Nested(EmployerExperienceSchema), required=True)
    qualifications = fields.Function(lambda v: [{"name": n, "recognition": r} for n, r in v["qualifications"]],
                                     required=True, metadata={"type": "array", "items": {"type": "object"}})
    driving_licence = fields.Boolean(allow_none=True, required=True)
    desired_kinds = fields.List(fields.String(), required=True)
    districts = fields.List(fields.String(), required=True)
    available_from = fields.Date(allow_none=True, required=True)
    work_permit = fields.String(required=True)


class ProfileListArgs(Schema):
    q = Text(validate=validate.Length(1, 200))
    status = Text(validate=validate.OneOf([s.value for s in ProfileStatus]))
    german = Text(validate=validate.OneOf([g.value for g in GermanLevel]),
                           metadata={"description": "at least this level"})
    kind = Text(validate=validate.OneOf([k.value for k in SlotKind]))
    district = Id()


# Matches and contacts ---------------------------------------------------------------------

class ReasonSchema(Strict):
    code = fields.String(required=True, metadata={"description": "stable reason code (matching.reasons)"})
    params = fields.Dict(required=True)
    text = fields.String(required=True, metadata={"description": "the reason as a sentence"})


def _reasons(match) -> list[dict]:
    out = []
    for reason in match.reasons or []:
        if isinstance(reason, list | tuple) and len(reason) == 2:
            out.append({"code": reason[0], "params": reason[1] or {}, "text": reason_text(reason)})
        else:  # a sentence stored before reasons had codes
            out.append({"code": "text", "params": {}, "text": str(reason)})
    return out


class MatchSchema(Strict):
    id = fields.Integer(required=True)
    slot_id = fields.Integer(required=True)
    profile_id = fields.Integer(attribute="candidate_id", required=True)
    pseudonym = fields.Function(lambda m: m.candidate.pseudonym, required=True)
    slot_title = fields.Function(lambda m: m.slot.title, required=True)
    score = fields.Float(required=True)
    reasons = fields.Function(_reasons, required=True, metadata={
        "type": "array", "items": {"$ref": "#/components/schemas/Reason"}})
    created_at = fields.DateTime(required=True)


class MatchListArgs(Schema):
    slot_id = Id()
    profile_id = Id()
    min_score = fields.Float(validate=validate.Range(0, 100))


def _contact_actions(contact) -> list[str]:
    from ..domain import contacts as rules
    from .auth import caller

    return sorted(rules.allowed_actions(contact, caller()))


class ContactSchema(Strict):
    id = fields.Integer(required=True)
    slot_id = fields.Integer(required=True)
    profile_id = fields.Integer(attribute="candidate_id", required=True)
    pseudonym = fields.Function(lambda c: c.candidate.pseudonym, required=True)
    initiated_by = _choice(Initiator, required=True)
    status = _choice(ContactStatus, required=True)
    message = fields.String(required=True)
    decline_reason = _choice(DeclineReason, allow_none=True)
    outcome = _choice(Outcome, allow_none=True)
    outcome_on = fields.Date(allow_none=True)
    created_at = fields.DateTime(required=True)
    answered_at = fields.DateTime(allow_none=True)
    allowed_actions = fields.Function(_contact_actions, required=True,
                                      metadata={"type": "array", "items": {"type": "string"}})


class ContactListArgs(Schema):
    slot_id = Id()
    profile_id = Id()
    status = fields.String(validate=validate.OneOf([s.value for s in ContactStatus]))


class ContactCreateSchema(Strict):
    slot_id = Id(required=True)
    profile_id = Id(required=True)
    message = Text(load_default="", validate=validate.Length(0, 2000))
    share_first_name = fields.Boolean(load_default=False, metadata={
        "description": "agencies only: the employer may see the first name once it accepts"})


class ContactAnswerSchema(Strict):
    accept = fields.Boolean(required=True)
    reason = _choice(DeclineReason, allow_none=True, metadata={"description": "when declining"})
    text = Text(load_default="", validate=validate.Length(0, 500))


class ContactOutcomeSchema(Strict):
    outcome = _choice(Outcome, required=True)
    on_date = fields.Date(required=True)
    note = Text(load_default="", validate=validate.Length(0, 500))
