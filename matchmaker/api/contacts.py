"""Contacts (Kontakte) and their steps: propose or ask (from a match), accept or decline, outcome.
The same service and rules as the web: only the side that did not propose answers."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload

from .. import access, transaction
from ..models import Contact, ContactStatus, Match
from ..services import contacts as contact_service
from . import auth, paging, schemas
from .writes import idempotent, unprocessable

PATH = "/api/v1/contacts"
blp = Blueprint("api_contacts", __name__, url_prefix=PATH, description="Kontakte")
ContactPage = paging.page_schema(schemas.ContactSchema, "ContactPage")


def _one(contact_id: int) -> Contact:
    return access.one_or_404(access.visible_contacts(auth.caller()).where(Contact.id == contact_id))


@blp.route("")
class Contacts(MethodView):
    @auth.requires(blp, "matches:read")
    @blp.arguments(paging.PageArgs, location="query", as_kwargs=True)
    @blp.arguments(schemas.ContactListArgs, location="query")
    @blp.response(200, ContactPage)
    def get(self, filters, **page_args):
        """Kontakte der eigenen Angebote (Betrieb) oder Profile (Beratungsstelle), neueste zuerst"""
        query = access.visible_contacts(auth.caller())
        if "slot_id" in filters:
            query = query.where(Contact.slot_id == filters["slot_id"])
        if "profile_id" in filters:
            query = query.where(Contact.candidate_id == filters["profile_id"])
        if "status" in filters:
            query = query.where(Contact.status == ContactStatus(filters["status"]))
        result = paging.page(query, Contact, page_args, selectinload(Contact.candidate))
        return result, 200, paging.link_header(result["next_cursor"])

    @auth.requires(blp, "contacts:write")
    @idempotent
    @blp.arguments(schemas.ContactCreateSchema)
    @blp.response(201, schemas.ContactSchema)
    def post(self, values):
        """Aus einem Vorschlag einen Kontakt beginnen: Beratungsstelle schlägt vor, Betrieb fragt an"""
        user = auth.caller()
        match = access.one_or_404(access.startable_match(user, values["slot_id"], values["profile_id"])
                                  .options(selectinload(Match.slot), selectinload(Match.candidate)))
        try:
            contact = contact_service.start(user, match.slot, match.candidate, values["message"],
                                            values["share_first_name"])
        except contact_service.ContactError as error:
            unprocessable(error, status=409)
        transaction.commit()
        return contact, 201, {"Location": url_for("api_contacts.ContactItem", contact_id=contact.id)}


@blp.route("/<int(max=2147483647):contact_id>")
class ContactItem(MethodView):
    @auth.requires(blp, "matches:read")
    @blp.response(200, schemas.ContactSchema)
    def get(self, contact_id):
        """Ein Kontakt, mit den Schritten, die jetzt möglich sind"""
        return _one(contact_id)


@blp.route("/<int(max=2147483647):contact_id>/answer")
class ContactAnswer(MethodView):
    @auth.requires(blp, "contacts:write")
    @blp.arguments(schemas.ContactAnswerSchema)
    @blp.response(200, schemas.ContactSchema)
    def post(self, values, contact_id):
        """Annehmen oder ablehnen (die Seite, die nicht vorgeschlagen hat; beim Ablehnen mit Grund)"""
        contact = _one(contact_id)
        try:
            contact_service.answer(auth.caller(), contact, values["accept"], values.get("reason"), values["text"])
        except contact_service.ContactError as error:
            unprocessable(error, status=409)
        transaction.commit()
        return contact


@blp.route("/<int(max=2147483647):contact_id>/outcome")
class ContactOutcome(MethodView):
    @auth.requires(blp, "contacts:write")
    @blp.arguments(schemas.ContactOutcomeSchema)
    @blp.response(200, schemas.ContactSchema)
    def post(self, values, contact_id):
        """Das Ergebnis eines angenommenen Kontakts festhalten"""
        contact = _one(contact_id)
        try:
            contact_service.record_outcome(auth.caller(), contact, values["outcome"], values["on_date"],
                                           values["note"])
        except contact_service.ContactError as error:
            unprocessable(error, status=409)
        transaction.commit()
        return contact
