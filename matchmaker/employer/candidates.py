"""A profile as an employer sees it: pseudonymous (domain.disclosure), with why it matches
each of the employer's slots and where a contact stands."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from .. import access, transaction
from ..domain import disclosure
from ..extensions import db
from ..models import Candidate, Contact, Match
from ..services import candidates as candidate_service
from ..templating import one_or_404_counting_waiting
from . import bp


@bp.route("/candidates/<int:candidate_id>")
def candidate(candidate_id: int):
    item = one_or_404_counting_waiting(access.candidates_for_employer(current_user)
                                       .where(Candidate.id == candidate_id))
    matches = db.session.scalars(
        access.own_slot_matches_for_candidate(current_user, item.id).options(selectinload(Match.slot))
        .order_by(Match.score.desc(), Match.id)
    ).all()
    contacts = db.session.scalars(
        access.visible_contacts(current_user).where(Contact.candidate_id == item.id)
        .options(selectinload(Contact.slot))
        .order_by(Contact.created_at.desc())
    ).all()
    candidate_service.record_view(current_user, item, page="employer")
    html = render_template("employer/candidate.html", view=disclosure.for_employer(item), candidate=item,
                           matches=matches, contacts=contacts,
                           contacted={c.slot_id for c in contacts}, experience=disclosure.experience_text)
    transaction.commit_rendered()
    return html

