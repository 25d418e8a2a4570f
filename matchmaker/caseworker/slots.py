"""Open slots as caseworkers see them: a searchable list and one page per slot, with the
agency's own matching profiles to propose and, once a contact is accepted, the direct line."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from sqlalchemy.orm import selectinload

from .. import access
from ..domain import contacts as contact_rules
from ..domain import slots as slot_rules
from ..extensions import db
from ..forms import filtered_page
from ..models import Contact, Match, Slot
from ..services import occupations
from ..services import slots as slot_service
from ..templating import one_or_404_counting_waiting
from . import bp
from .forms import OpenSlotFilterForm

MATCHES_SHOWN = 50


@bp.route("/slots/")
def slots():
    return filtered_page(OpenSlotFilterForm(request.args),
                         lambda valid: slot_service.filtered(access.slots_for_agency(current_user)
                                                             .where(slot_rules.matched_sql()), valid),
                         "caseworker/slots.html")


@bp.route("/slots/<int:slot_id>")
def slot(slot_id: int):
    item = one_or_404_counting_waiting(access.slots_for_agency(current_user).where(Slot.id == slot_id))
    matches = db.session.scalars(
        access.agency_matches_for_slot(current_user, item.id).options(selectinload(Match.candidate))
        .order_by(Match.score.desc(), Match.id).limit(MATCHES_SHOWN)
    ).all()
    contacts = db.session.scalars(
        access.visible_contacts(current_user).where(Contact.slot_id == item.id)
        .options(selectinload(Contact.candidate)).order_by(Contact.created_at.desc())
    ).all()
    return render_template(
        "caseworker/slot.html", slot=item, matches=matches, contacts=contacts,
        open=slot_rules.is_matched(item), occupation=occupations.recognise(item.title, item.occupation_code),
        direct_line=any(contact_rules.sees_direct_line(c, current_user) for c in contacts),
    )
