"""The employer's slot pages: list, post, edit, and move through draft/open/paused/filled/closed."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import contains_eager, joinedload

from .. import access, jobs, transaction
from ..domain import slots as rules
from ..extensions import db
from ..forms import EmptyForm, button_action, filtered_page
from ..models import GermanLevel, Match, PayUnit, SchoolCertificate, Slot, SlotKind, User, WorkingTime
from ..services import occupations
from ..services import slots as slot_service
from ..templating import one_or_404_counting_waiting
from . import bp
from .forms import SlotFilterForm, SlotForm

MATCHES_SHOWN = 50


def _load(slot_id: int) -> Slot:
    return access.one_or_404(access.own_slots(current_user).where(Slot.id == slot_id))


def _prepare(form: SlotForm) -> SlotForm:
    form.district.load_choices()
    people = db.session.scalars(
        access.colleagues(current_user).where(User.active.is_(True)).order_by(User.display_name, User.id)
    )
    form.contact_person.choices = [(person.id, person.display_name) for person in people]
    return form


def _data(form: SlotForm) -> slot_service.SlotData:
    return slot_service.SlotData(
        title=form.title.data, kind=SlotKind(form.kind.data), min_german=GermanLevel(form.min_german.data),
        district_id=form.district.data, description=form.description.data, skills=form.skills.data or [],
        language_support=form.language_support.data, street_address=form.street_address.data,
        start_date=form.start_date.data, open_positions=form.open_positions.data,
        weekly_hours=form.weekly_hours.data, duration_weeks=form.duration_weeks.data,
        driving_licence_required=form.driving_licence_required.data, shift_work=form.shift_work.data,
        transit_note=form.transit_note.data, contact_person_id=form.contact_person.data,
        occupation_code=form.occupation_code.data or None,
        pay_from=form.pay_from.data, pay_to=form.pay_to.data,
        pay_unit=PayUnit(form.pay_unit.data) if form.pay_unit.data else None, pay_collective=form.pay_collective.data,
        working_time=WorkingTime(form.working_time.data) if form.working_time.data else None,
        fixed_term_months=form.fixed_term_months.data,
        school_certificate=SchoolCertificate(form.school_certificate.data) if form.school_certificate.data else None,
        publish_until=form.publish_until.data,
    )


def _render_form(form: SlotForm, item: Slot | None):
    """The form, with what is recognised in the title so far (also without JavaScript)."""
    code = None if form.occupation_code.errors else form.occupation_code.data
    occupation = occupations.picker(form.title.data or "", code)
    return render_template("employer/slot_form.html", form=form, slot=item, occupation=occupation), \
        422 if form.errors else 200


def _form_values(item: Slot) -> dict:
    values = {name: getattr(item, name) for name in slot_service.SlotData.__dataclass_fields__}
    values["district"] = values.pop("district_id")
    values["contact_person"] = values.pop("contact_person_id")
    for name in ("kind", "min_german", "pay_unit", "working_time", "school_certificate"):
        values[name] = getattr(values[name], "value", values[name])
    return values


@bp.route("/slots/")
def slots():
    return filtered_page(SlotFilterForm(request.args),
                         lambda valid: slot_service.filtered(access.own_slots(current_user), valid),
                         "employer/slots.html")


@bp.route("/slots/new", methods=["GET", "POST"])
def new_slot():
    """A new slot; `?vorlage=<id>` starts from a copy of one of the employer's own slots."""
    organisation = current_user.organisation
    template_id = request.args.get("vorlage", type=int)
    if template_id is not None:
        values = _form_values(_load(template_id))
        values.update(publish_until=None, contact_person=current_user.id)
        form = _prepare(SlotForm(data=values))
    else:
        form = _prepare(SlotForm(district=organisation.district_id, contact_person=current_user.id))
    if form.validate_on_submit():
        publish = "draft" not in request.form and rules.may_publish(organisation)
        try:
            slot = slot_service.create_slot(current_user, organisation, _data(form), publish=publish)
        except slot_service.SlotError as error:
            transaction.rollback()
            flash(str(error), "error")
        else:
            transaction.commit()
            flash(_("Ihr Angebot ist veröffentlicht.") if publish else _("Ihr Angebot ist als Entwurf gespeichert."),
                  "success")
            return redirect(url_for("employer.slot", slot_id=slot.id))
    return _render_form(form, None)


@bp.route("/slots/<int:slot_id>/matches/status")
def slot_matches_status(slot_id: int):
    """Whether the slot's re-match is still running (the page asks until it is done)."""
    item = _load(slot_id)
    return {"updating": jobs.pending(f"rematch:slot:{item.id}")}


@bp.route("/slots/<int:slot_id>")
def slot(slot_id: int):
    item = one_or_404_counting_waiting(  # with its district (shown on the page), in the same query
        access.own_slots(current_user).where(Slot.id == slot_id).options(joinedload(Slot.district)))
    # Asked before the matches are read: a re-match ending in between must not leave the old
    # list on the page without the note that makes it load the new one.
    updating = jobs.pending(f"rematch:slot:{item.id}")
    matches = db.session.scalars(
        access.matches_for_own_slot(current_user, item.id)
        .options(contains_eager(Match.candidate))  # joined already: read in the same query
        .order_by(Match.score.desc(), Match.id)
        .limit(MATCHES_SHOWN)
    ).all()
    return render_template("employer/slot.html", slot=item, matches=matches, button=EmptyForm(),
                           updating=updating,
                           actions=rules.allowed_actions(item, current_user), matched=rules.is_matched(item),
                           waits_for_verification=rules.waits_for_verification(item),
                           occupation=occupations.recognise(item.title, item.occupation_code))


@bp.route("/slots/<int:slot_id>/vorschau")
def preview_slot(slot_id: int):
    """What caseworkers see of the slot: its facts and the business, never the matches."""
    item = _load(slot_id)
    return render_template("employer/slot_preview.html", slot=item,
                           occupation=occupations.recognise(item.title, item.occupation_code))


@bp.route("/slots/<int:slot_id>/edit", methods=["GET", "POST"])
def edit_slot(slot_id: int):
    item = _load(slot_id)
    form = _prepare(SlotForm(data=_form_values(item)))
    if form.validate_on_submit():
        try:
            slot_service.update_slot(current_user, item, _data(form))
        except slot_service.SlotError as error:
            transaction.rollback()
            flash(str(error), "error")
        else:
            transaction.commit()
            flash(_("Ihre Änderungen sind gespeichert."), "success")
            return redirect(url_for("employer.slot", slot_id=item.id))
    return _render_form(form, item)


@bp.route("/slots/<int:slot_id>/<any(publish, pause, reopen, fill, close):action>", methods=["POST"])
def slot_action(slot_id: int, action: str):
    item = _load(slot_id)
    button_action(lambda: slot_service.change_status(current_user, item, action), slot_service.SlotError,
                  lambda: _("Neuer Status: %(status)s.", status=item.status.label))
    return redirect(url_for("employer.slot", slot_id=item.id))
