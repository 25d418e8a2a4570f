"""The caseworker's profile pages: list, create with consent, view (audited), edit, status, withdraw."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import contains_eager, joinedload

from .. import access, jobs, transaction
from ..domain import candidates as rules
from ..extensions import db
from ..forms import EmptyForm, button_action, filtered_page
from ..models import AuditLog, Candidate, GermanLevel, Match, OriginRegion, Slot, SlotKind, User, WorkPermit
from ..models.audit import SHOWN_IN_HISTORY
from ..pagination import paginate
from ..services import candidates as service
from ..services import contacts as contact_service
from ..services import occupations, person_data, profile_text
from ..templating import one_or_404_counting_waiting
from . import bp
from .forms import CandidateFilterForm, CandidateForm, NewCandidateForm

MATCHES_SHOWN = 50
HISTORY_PER_PAGE = 50


def _load(candidate_id: int) -> Candidate:
    return access.one_or_404(access.agency_candidates(current_user).where(Candidate.id == candidate_id))


def _data(form: CandidateForm) -> service.CandidateData:
    skills, _ = profile_text.parse_experiences(form.skills.data or [])
    jobs, _ = profile_text.parse_occupations(form.occupations.data or [])
    qualifications, _ = profile_text.parse_qualifications(form.qualifications.data)
    return service.CandidateData(
        first_name=form.first_name.data, last_initial=form.last_initial.data,
        german_level=GermanLevel(form.german_level.data), birth_year=form.birth_year.data,
        origin_region=OriginRegion(form.origin_region.data), german_certified=form.german_certified.data,
        other_languages=form.other_languages.data or [], skills=skills, occupations=jobs,
        qualifications=qualifications, desired_kinds=[SlotKind(k) for k in form.desired_kinds.data or []],
        district_ids=form.districts.data or [], available_from=form.available_from.data,
        work_permit=WorkPermit(form.work_permit.data), share_work_permit=form.share_work_permit.data,
        driving_licence={"ja": True, "nein": False}.get(form.driving_licence.data), notes=form.notes.data,
    )


def _form_values(item: Candidate) -> dict:
    """The stored profile as the form shows it (tags with years, qualification lines)."""
    simple = ("first_name", "last_initial", "birth_year", "origin_region", "german_level", "german_certified",
              "other_languages", "desired_kinds", "available_from", "work_permit", "share_work_permit", "notes")
    return {
        **{name: getattr(item, name) for name in simple},
        "driving_licence": {True: "ja", False: "nein"}.get(item.driving_licence, ""),
        "skills": profile_text.experiences_text(item.skills),
        "occupations": profile_text.occupations_text(item.occupations),
        "qualifications": profile_text.qualifications_text(item.qualifications),
        "districts": [d.id for d in item.districts],
    }


def _render_form(form: CandidateForm, item: Candidate | None):
    """The form, with what is recognised in each prior occupation (also without JavaScript)."""
    entries, _ = profile_text.parse_occupations(form.occupations.data or [])
    recognised = [(entry.name, occupations.recognise(entry.name, entry.kldb)) for entry in entries]
    return render_template("caseworker/candidate_form.html", form=form, candidate=item,
                           recognised=recognised), 422 if form.errors else 200


@bp.route("/candidates/")
def candidates():
    return filtered_page(CandidateFilterForm(request.args),
                         lambda valid: service.filtered(access.agency_candidates(current_user), valid),
                         "caseworker/candidates.html",
                         seen=lambda shown, valid: service.record_list(current_user, shown, valid))


@bp.route("/candidates/new", methods=["GET", "POST"])
def new_candidate():
    form = NewCandidateForm()
    form.districts.load_choices()
    if form.validate_on_submit():
        try:
            candidate = service.create_candidate(
                current_user, current_user.organisation, _data(form), form.consent_given_on.data
            )
        except service.CandidateError as error:
            transaction.rollback()
            flash(str(error), "error")
            return _render_form(form, None)
        transaction.commit()
        flash(_("Das Profil %(code)s ist angelegt.", code=candidate.pseudonym), "success")
        return redirect(url_for("caseworker.candidate", candidate_id=candidate.id))
    return _render_form(form, None)


@bp.route("/candidates/<int:candidate_id>/matches/status")
def candidate_matches_status(candidate_id: int):
    """Whether the profile's re-match is still running (the page asks until it is done)."""
    item = _load(candidate_id)
    return {"updating": jobs.pending(f"rematch:candidate:{item.id}")}


@bp.route("/candidates/<int:candidate_id>")
def candidate(candidate_id: int):
    item = one_or_404_counting_waiting(  # with its districts, in the same query
        access.agency_candidates(current_user).where(Candidate.id == candidate_id)
        .options(joinedload(Candidate.districts)))
    service.record_view(current_user, item)  # committed after rendering
    updating = jobs.pending(f"rematch:candidate:{item.id}")  # before the matches are read (see employer.slot)
    matches = db.session.scalars(
        access.matches_for_agency_candidate(current_user, item.id)  # joins the slot and its employer already
        .options(contains_eager(Match.slot).contains_eager(Slot.organisation),
                 contains_eager(Match.slot).joinedload(Slot.district))  # all in one query
        .order_by(Match.score.desc(), Match.id)
        .limit(MATCHES_SHOWN)
    ).all()
    html = render_template("caseworker/candidate.html", candidate=item, matches=matches,
                           updating=updating,
                           button=EmptyForm(), actions=rules.allowed_actions(item, current_user),
                           matched=rules.is_matched(item),
                           recognised=occupations.recognise_experiences(item.occupations))
    # after rendering: committing first expired every row read, and the page read them again
    transaction.commit_rendered()
    return html


@bp.route("/candidates/<int:candidate_id>/verlauf")
def history(candidate_id: int):
    """Who did what with the profile, newest first, in pages (the list entries, one per list that
    showed the profile, are kept for the log and for the Art. 15 answer, not shown here). It names
    no more of the person than the pseudonym, so looking at it is not itself recorded."""
    item = _load(candidate_id)
    page = paginate(
        sa.select(AuditLog)
        .where(AuditLog.object_type == Candidate.__tablename__, AuditLog.object_id == item.id,
               sa.text(SHOWN_IN_HISTORY))  # the words of the index that reads it in this order
        .options(joinedload(AuditLog.actor).load_only(User.display_name))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc()),
        HISTORY_PER_PAGE)
    return render_template("caseworker/history.html", candidate=item, page=page)


@bp.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
def edit_candidate(candidate_id: int):
    item = _load(candidate_id)
    if item.is_withdrawn:
        flash(_("Die Einwilligung wurde zurückgezogen; das Profil kann nicht mehr geändert werden."), "error")
        return redirect(url_for("caseworker.candidate", candidate_id=item.id))
    form = CandidateForm(data=_form_values(item))
    form.districts.load_choices()
    if request.method == "GET":
        service.record_view(current_user, item, page="edit")
        transaction.commit()
    if form.validate_on_submit():
        try:
            service.update_candidate(current_user, item, _data(form))
        except service.CandidateError as error:
            transaction.rollback()
            flash(str(error), "error")
            return _render_form(form, item)
        transaction.commit()
        flash(_("Ihre Änderungen sind gespeichert."), "success")
        return redirect(url_for("caseworker.candidate", candidate_id=item.id))
    return _render_form(form, item)


@bp.route("/candidates/<int:candidate_id>/<any(pause, activate, placed):action>", methods=["POST"])
def candidate_action(candidate_id: int, action: str):
    item = _load(candidate_id)
    button_action(lambda: service.change_status(current_user, item, action),
                  (service.CandidateError, contact_service.ContactError),
                  lambda: _("Neuer Status: %(status)s.", status=item.status.label))
    return redirect(url_for("caseworker.candidate", candidate_id=item.id))


@bp.route("/candidates/<int:candidate_id>/withdraw", methods=["GET", "POST"])
def withdraw(candidate_id: int):
    return _confirmed(candidate_id, "withdraw", service.withdraw_consent,
                      _("Die Einwilligung ist zurückgezogen. Die persönlichen Angaben sind gelöscht."))


def _confirmed(candidate_id: int, page: str, act, done: str):
    """An action that cannot be undone: a page that asks (its look is logged), then the action."""
    item = _load(candidate_id)
    form = EmptyForm()
    if request.method == "GET":
        service.record_view(current_user, item, page=page)
        transaction.commit()
    if form.validate_on_submit():
        act(current_user, item)
        transaction.commit()
        flash(done, "success")
        return redirect(url_for("caseworker.candidate", candidate_id=item.id))
    return render_template(f"caseworker/{page}.html", candidate=item, form=form)


@bp.route("/candidates/<int:candidate_id>/auskunft")
@bp.route("/candidates/<int:candidate_id>/auskunft.json", endpoint="export_json", defaults={"as_json": True})
def export(candidate_id: int, as_json: bool = False):
    """Art. 15: everything stored about the person, to read or print, or as JSON to hand over
    in a common, machine-readable format."""
    item = _load(candidate_id)
    data = person_data.export(current_user, item)
    transaction.commit()
    if not as_json:
        return render_template("caseworker/export.html", candidate=item, data=data)
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = f"attachment; filename=auskunft-{item.pseudonym}.json"
    return response


@bp.route("/candidates/<int:candidate_id>/loeschen", methods=["GET", "POST"])
def erase(candidate_id: int):
    """Art. 17: erase on the person's request, after a confirmation."""
    return _confirmed(candidate_id, "erase", person_data.erase_on_request, _("Die Angaben zur Person sind gelöscht."))
