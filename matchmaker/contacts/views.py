"""Inbox, contact page, and the buttons that move a contact on."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from .. import access, transaction
from ..domain import contacts as rules
from ..extensions import db
from ..models import (
    Contact,
    ContactEvent,
    DeclineReason,
    Outcome,
    Role,
)
from ..services import contacts as service
from ..services import waiting
from ..templating import paginate_counting_waiting
from . import bp
from .forms import AnswerForm, DeclineForm, OutcomeForm, StartForm


def _load(contact_id: int) -> Contact:
    return access.one_or_404(access.visible_contacts(current_user).where(Contact.id == contact_id))


INBOX_ROWS = 10  # the newest of each section on the inbox; "Alle anzeigen" pages through the rest
PER_PAGE = 25


@bp.route("/")
def inbox():
    """The contacts by section with the newest of each, or one section in pages (`?liste=`)."""
    section = request.args.get("liste")
    if section in rules.INBOX:
        page = paginate_counting_waiting(service.inbox_listing(current_user, section), PER_PAGE)
        return render_template("contacts/inbox_section.html", section=section, page=page)
    counts = service.inbox_counts(current_user)
    waiting.keep_answer_count(counts["warten"])  # the navigation's count, without asking again
    rows = {key: db.session.scalars(service.inbox_listing(current_user, key).limit(INBOX_ROWS)).all() if n else []
            for key, n in counts.items()}
    return render_template("contacts/inbox.html", rows=rows, counts=counts)


@bp.route("/new", methods=["GET", "POST"])
def start():
    slot_id, candidate_id = request.args.get("slot", type=int), request.args.get("candidate", type=int)
    if slot_id is None or candidate_id is None:
        abort(404)
    match = access.one_or_404(access.startable_match(current_user, slot_id, candidate_id))
    form = StartForm()
    if form.validate_on_submit():
        try:
            contact = service.start(current_user, match.slot, match.candidate, form.message.data,
                                    form.share_first_name.data)
        except service.ContactError as error:
            transaction.rollback()
            flash(str(error), "error")
        else:
            transaction.commit()
            flash(_("Ihr Vorschlag ist unterwegs. Wir sagen Bescheid, sobald der Betrieb antwortet.")
                  if current_user.role is Role.CASEWORKER else
                  _("Ihre Anfrage ist unterwegs. Wir sagen Bescheid, sobald die Beratungsstelle antwortet."), "success")
            return redirect(url_for("contacts.detail", contact_id=contact.id))
    return render_template("contacts/start.html", form=form, match=match)


@bp.route("/<int:contact_id>")
def detail(contact_id: int):
    return _detail(_load(contact_id))


def _detail(contact: Contact, decline_form: DeclineForm | None = None, outcome_form: OutcomeForm | None = None):
    """The contact page; a form that came back with errors is shown with them, as typed (422)."""
    failed = decline_form is not None or outcome_form is not None
    events = db.session.scalars(
        db.select(ContactEvent).where(ContactEvent.contact_id == contact.id)
        .options(selectinload(ContactEvent.actor)).order_by(ContactEvent.at, ContactEvent.id)).all()
    return render_template(
        "contacts/detail.html", contact=contact, events=events, actions=rules.allowed_actions(contact, current_user),
        direct_line=rules.sees_direct_line(contact, current_user),
        first_name=rules.sees_first_name(contact, current_user),
        named={e.id for e in events if rules.sees_name_of(contact, e.actor, current_user)},
        caseworker=service.counterpart_caseworker(contact), answer_form=AnswerForm(formdata=None),
        decline_form=decline_form or DeclineForm(formdata=None),
        outcome_form=outcome_form or OutcomeForm(formdata=None),
    ), 422 if failed else 200


def _answer_or_outcome(contact: Contact, act, success: str, category: str = "success"):
    """Run one contact action as its own transaction: stored whole, or not at all."""
    try:
        act()
    except service.ContactError as error:
        transaction.rollback()
        flash(str(error), "error")
    else:
        transaction.commit()
        flash(success, category)
    return redirect(url_for("contacts.detail", contact_id=contact.id))


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@bp.route("/<int:contact_id>/accept", methods=["POST"])
def accept(contact_id: int):
    contact = _load(contact_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(_form_errors(form) or _("Bitte versuchen Sie es noch einmal."), "error")
        return redirect(url_for("contacts.detail", contact_id=contact.id))
    return _answer_or_outcome(
        contact,
        lambda: service.answer(current_user, contact, accept=True, share_first_name=form.share_first_name.data),
        _("Angenommen. Hier sind die direkten Kontaktdaten."))


@bp.route("/<int:contact_id>/decline", methods=["POST"])
def decline(contact_id: int):
    contact = _load(contact_id)
    form = DeclineForm()
    if not rules.can_answer(contact, current_user):
        flash(_("Diese Anfrage wurde schon beantwortet oder ist nicht mehr aktuell."), "error")
    elif not form.validate_on_submit():
        return _detail(contact, decline_form=form)
    else:
        return _answer_or_outcome(
            contact, lambda: service.answer(current_user, contact, accept=False,
                                            reason=DeclineReason(form.reason.data), text=form.text.data),
            _("Abgelehnt. Die andere Seite sieht den Grund."), "info")
    return redirect(url_for("contacts.detail", contact_id=contact.id))


@bp.route("/<int:contact_id>/outcome", methods=["POST"])
def outcome(contact_id: int):
    contact = _load(contact_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        return _detail(contact, outcome_form=form)
    return _answer_or_outcome(
        contact, lambda: service.record_outcome(current_user, contact, Outcome(form.outcome.data), form.on_date.data,
                                                form.note.data),
        _("Das Ergebnis ist gespeichert."))
