"""Profiles (Profile): an agency's own, with their personal fields; for employers, the pseudonymous
view of those they may see (domain.disclosure), exactly as on the web. Every look is audited."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload

from .. import access, transaction
from ..domain import disclosure
from ..models import Candidate, Role
from ..services import candidates as candidate_service
from . import auth, paging, schemas
from .writes import idempotent, refuse, unprocessable

PATH = "/api/v1/profiles"
blp = Blueprint("api_profiles", __name__, url_prefix=PATH, description="Profile (pseudonym für Betriebe)")
ProfilePage = paging.page_schema(schemas.AgencyProfileSchema, "ProfilePage")
EmployerProfilePage = paging.page_schema(schemas.EmployerProfileSchema, "EmployerProfilePage")


def register(spec) -> None:
    """The two shapes of a profile are named components, so an answer can say it is one of them."""
    spec.components.schema("AgencyProfile", schema=schemas.AgencyProfileSchema)
    spec.components.schema("EmployerProfile", schema=schemas.EmployerProfileSchema)
    spec.components.schema("ProfilePage", schema=ProfilePage)
    spec.components.schema("EmployerProfilePage", schema=EmployerProfilePage)


def either(agency: str, employer: str) -> dict:
    refs = [{"$ref": f"#/components/schemas/{name}"} for name in (agency, employer)]
    return {"200": {"description": "Beratungsstellen: eigene Profile vollständig; Betriebe: die pseudonyme Sicht",
                    "content": {"application/json": {"schema": {"anyOf": refs}}}}}


def _agency() -> bool:
    return auth.caller().role is Role.CASEWORKER


def readable():
    user = auth.caller()
    return access.agency_candidates(user) if _agency() else access.candidates_for_employer(user)


AGENCY_VIEW, EMPLOYER_VIEW = schemas.AgencyProfileSchema(), schemas.EmployerProfileSchema()  # made once: costly


def shown(candidate: Candidate) -> dict:
    """The profile in the shape the caller may see."""
    if _agency():
        return AGENCY_VIEW.dump(candidate)
    view = disclosure.for_employer(candidate)
    return EMPLOYER_VIEW.dump({**view.__dict__, "id": candidate.id,
                               "occupations": [e.__dict__ for e in view.occupations],
                               "skills": [e.__dict__ for e in view.skills]})


def _data(values: dict, base: Candidate | None = None) -> candidate_service.CandidateData:
    """The service's input: what was sent over what is stored. The names come from CandidateData
    itself, so a field added there is kept by a PATCH that does not send it."""
    names = [f.name for f in dataclass_fields(candidate_service.CandidateData)]
    current: dict = {}
    if base is not None:
        current = {name: getattr(base, name) for name in names if name != "district_ids"}
        current["district_ids"] = [d.id for d in base.districts]
        current = {k: v for k, v in current.items() if v is not None}
    merged = {**current, **{k: v for k, v in values.items() if k in names}}
    merged["skills"] = [candidate_service.Experience(e["name"], e.get("years")) for e in merged.get("skills", [])]
    merged["occupations"] = [candidate_service.Experience(e["name"], e.get("years"), e.get("kldb"))
                             for e in merged.get("occupations", [])]
    merged["qualifications"] = [candidate_service.Qualification(q["name"], schemas.Recognition(q["recognition"]))
                                for q in merged.get("qualifications", [])]
    merged["desired_kinds"] = [schemas.SlotKind(k) for k in merged.get("desired_kinds", [])]
    return candidate_service.CandidateData(**merged)


@blp.route("")
class Profiles(MethodView):
    @auth.requires(blp, "profiles:read")
    @blp.arguments(paging.PageArgs, location="query", as_kwargs=True)
    @blp.arguments(schemas.ProfileListArgs, location="query")
    @blp.response(200)
    @blp.doc(responses=either("ProfilePage", "EmployerProfilePage"))
    def get(self, filters, **page_args):
        """Profile, neueste zuerst, gefiltert wie die Liste im Web"""
        result = paging.page(candidate_service.filtered(readable(), filters), Candidate, page_args,
                              selectinload(Candidate.districts))
        if _agency():
            candidate_service.record_list(auth.caller(), result["items"], filters)
        body = {"items": [shown(c) for c in result["items"]], "next_cursor": result["next_cursor"]}
        transaction.commit()
        return body, 200, paging.link_header(result["next_cursor"])

    @auth.requires(blp, "profiles:write")
    @idempotent
    @blp.arguments(schemas.ProfileCreateSchema)
    @blp.response(201, schemas.AgencyProfileSchema)
    def post(self, values):
        """Ein Profil anlegen (nur Beratungsstellen, mit dem Tag der schriftlichen Einwilligung)"""
        user = auth.caller()
        if not _agency():
            refuse(403)
        try:
            candidate = candidate_service.create_candidate(user, user.organisation, _data(values),
                                                           values["consent_given_on"])
        except candidate_service.CandidateError as error:
            unprocessable(error)
        transaction.commit()
        return candidate, 201, {"Location": url_for("api_profiles.ProfileItem", profile_id=candidate.id)}


@blp.route("/<int(max=2147483647):profile_id>")
class ProfileItem(MethodView):
    @auth.requires(blp, "profiles:read")
    @blp.etag
    @blp.response(200)
    @blp.doc(responses=either("AgencyProfile", "EmployerProfile"))
    def get(self, profile_id):
        """Ein Profil (Beratungsstelle: vollständig; Betrieb: pseudonym)"""
        candidate = access.one_or_404(readable().where(Candidate.id == profile_id))
        candidate_service.record_view(auth.caller(), candidate, page="api")
        body = shown(candidate)
        transaction.commit()
        return body

    @auth.requires(blp, "profiles:write")
    @blp.etag
    @blp.arguments(schemas.ProfileFields(partial=True))
    @blp.response(200, schemas.AgencyProfileSchema)
    def patch(self, values, profile_id):
        """Ein eigenes Profil ändern (If-Match: der ETag des gelesenen Profils)"""
        user = auth.caller()
        candidate = access.one_or_404(access.agency_candidates(user).where(Candidate.id == profile_id))
        blp.check_etag(shown(candidate))
        try:
            candidate_service.update_candidate(user, candidate, _data(values, candidate))
        except candidate_service.CandidateError as error:
            unprocessable(error)
        transaction.commit()
        return candidate
