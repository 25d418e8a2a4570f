"""Inbox, contact page, and the buttons that move a contact on."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from .. import access
from ..extensions import db
from ..models import (
    Contact,
    ContactEvent,
    ContactStatus,
    DeclineReason,
    Initiator,
    Outcome,
    Role,
    Slot,
)
from ..services import contacts as service
from . import bp
from .forms import AnswerForm, DeclineForm, OutcomeForm, StartForm


def _load(contact_id: int) -> Contact:
    return access.one_or_404(access.visible_contacts(current_user).where(Contact.id == contact_id))


def _mine_to_answer(contact: Contact) -> bool:
    other_side = Initiator.CASEWORKER if current_user.role is Role.EMPLOYER else Initiator.EMPLOYER
    return contact.status is ContactStatus.PROPOSED and contact.initiated_by is other_side


@bp.route("/")
def inbox():
    contacts = db.session.scalars(
        access.visible_contacts(current_user)
        .options(selectinload(Contact.slot).selectinload(Slot.organisation), selectinload(Contact.candidate))
        .order_by(Contact.created_at.desc(), Contact.id.desc())
        .limit(200)
    ).all()
    waiting = [c for c in contacts if _mine_to_answer(c)]
    sent = [c for c in contacts if c.status is ContactStatus.PROPOSED and not _mine_to_answer(c)]
    active = [c for c in contacts if c.status is ContactStatus.ACCEPTED]
    done = [c for c in contacts if c.status in (ContactStatus.DECLINED, ContactStatus.CLOSED)]
    return render_template("contacts/inbox.html", waiting=waiting, sent=sent, active=active, done=done)


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
            flash(str(error), "error")
        else:
            flash(_("Ihre Anfrage ist unterwegs. Wir sagen Bescheid, sobald die andere Seite antwortet."), "success")
            return redirect(url_for("contacts.detail", contact_id=contact.id))
    return render_template("contacts/start.html", form=form, match=match)


@bp.route("/<int:contact_id>")
def detail(contact_id: int):
    contact = _load(contact_id)
    events = db.session.scalars(
        db.select(ContactEvent).where(ContactEvent.contact_id == contact.id)
        .options(selectinload(ContactEvent.actor)).order_by(ContactEvent.at, ContactEvent.id)).all()
    return render_template(
        "contacts/detail.html", contact=contact, events=events, to_answer=_mine_to_answer(contact),
        caseworker=service.counterpart_caseworker(contact), answer_form=AnswerForm(), decline_form=DeclineForm(),
        outcome_form=OutcomeForm(),
    )


@bp.route("/<int:contact_id>/accept", methods=["POST"])
def accept(contact_id: int):
    contact = _load(contact_id)
    form = AnswerForm()
    if (form.validate_on_submit() and _mine_to_answer(contact)) or contact.status is ContactStatus.ACCEPTED:
        try:
            service.answer(current_user, contact, accept=True, share_first_name=form.share_first_name.data)
        except service.ContactError as error:
            flash(str(error), "error")
        else:
            flash(_("Angenommen. Hier sind die direkten Kontaktdaten."), "success")
    elif not _mine_to_answer(contact):
        flash(_("Diese Anfrage wurde schon beantwortet oder ist nicht mehr aktuell."), "error")
    return redirect(url_for("contacts.detail", contact_id=contact.id))


@bp.route("/<int:contact_id>/decline", methods=["POST"])
def decline(contact_id: int):
    contact = _load(contact_id)
    form = DeclineForm()
    if not _mine_to_answer(contact):
        flash(_("Diese Anfrage wurde schon beantwortet oder ist nicht mehr aktuell."), "error")
    elif form.validate_on_submit():
        try:
            service.answer(current_user, contact, accept=False, reason=DeclineReason(form.reason.data),
                           text=form.text.data)
        except service.ContactError as error:
            flash(str(error), "error")
        else:
            flash(_("Abgelehnt. Die andere Seite sieht den Grund."), "info")
    else:
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("contacts.detail", contact_id=contact.id))


@bp.route("/<int:contact_id>/outcome", methods=["POST"])
def outcome(contact_id: int):
    contact = _load(contact_id)
    form = OutcomeForm()
    if form.validate_on_submit():
        try:
            service.record_outcome(current_user, contact, Outcome(form.outcome.data), form.on_date.data,
                                   form.note.data)
        except service.ContactError as error:
            flash(str(error), "error")
        else:
            flash(_("Das Ergebnis ist gespeichert."), "success")
    else:
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("contacts.detail", contact_id=contact.id))

