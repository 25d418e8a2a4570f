"""Slots (Angebote): an employer's own (read and write), and for agencies the open slots they may see."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from .. import access, transaction
from ..models import Role, Slot
from ..services import slots as slot_service
from . import auth, paging, schemas
from .writes import idempotent, refuse, unprocessable

PATH = "/api/v1/slots"
blp = Blueprint("api_slots", __name__, url_prefix=PATH, description="Angebote")
SlotPage = paging.page_schema(schemas.SlotSchema, "SlotPage")


def readable() -> Select:
    """Employers: their own slots; caseworkers: what their slot pages show (access.py)."""
    user = auth.caller()
    return access.own_slots(user) if user.role is Role.EMPLOYER else access.slots_for_agency(user)


def _one(slot_id: int, query=None) -> Slot:
    return access.one_or_404((query if query is not None else readable()).where(Slot.id == slot_id))


def _data(values: dict, base: Slot | None = None) -> slot_service.SlotData:
    names = [f.name for f in dataclass_fields(slot_service.SlotData)]
    current = {name: getattr(base, name) for name in names} if base is not None else {}
    merged = {**current, **{k: v for k, v in values.items() if k in names}}
    merged.setdefault("skills", [])
    return slot_service.SlotData(**merged)


@blp.route("")
class Slots(MethodView):
    @auth.requires(blp, "slots:read")
    @blp.arguments(paging.PageArgs, location="query", as_kwargs=True)
    @blp.arguments(schemas.SlotListArgs, location="query")
    @blp.response(200, SlotPage)
    def get(self, filters, **page_args):
        """Angebote, neueste zuerst, gefiltert wie die Liste im Web"""
        result = paging.page(slot_service.filtered(readable(), filters), Slot, page_args,
                              selectinload(Slot.organisation))
        return result, 200, paging.link_header(result["next_cursor"])

    @auth.requires(blp, "slots:write")
    @idempotent
    @blp.arguments(schemas.SlotCreateSchema)
    @blp.response(201, schemas.SlotSchema)
    def post(self, values):
        """Ein Angebot anlegen (nur Betriebe); mit Idempotency-Key höchstens einmal"""
        user = auth.caller()
        if user.role is not Role.EMPLOYER:
            refuse(403)
        publish = values.pop("publish", True)
        try:
            slot = slot_service.create_slot(user, user.organisation, _data(values), publish=publish)
        except slot_service.SlotError as error:
            unprocessable(error)
        transaction.commit()
        return slot, 201, {"Location": url_for("api_slots.SlotItem", slot_id=slot.id)}


@blp.route("/<int(max=2147483647):slot_id>")
class SlotItem(MethodView):
    @auth.requires(blp, "slots:read")
    @blp.etag
    @blp.response(200, schemas.SlotSchema)
    def get(self, slot_id):
        """Ein Angebot"""
        return _one(slot_id)

    @auth.requires(blp, "slots:write")
    @blp.etag
    @blp.arguments(schemas.SlotFields(partial=True))
    @blp.response(200, schemas.SlotSchema)
    def patch(self, values, slot_id):
        """Ein eigenes Angebot ändern (If-Match: der ETag des gelesenen Angebots)"""
        slot = _one(slot_id, access.own_slots(auth.caller()))
        blp.check_etag(slot, schemas.SlotSchema)
        try:
            slot_service.update_slot(auth.caller(), slot, _data(values, slot))
        except slot_service.SlotError as error:
            unprocessable(error)
        transaction.commit()
        return slot


@blp.route("/<int(max=2147483647):slot_id>/status")
class SlotStatusChange(MethodView):
    @auth.requires(blp, "slots:write")
    @blp.arguments(schemas.SlotStatusSchema)
    @blp.response(200, schemas.SlotSchema)
    def post(self, values, slot_id):
        """Veröffentlichen, pausieren, wieder öffnen, als besetzt markieren oder schließen"""
        slot = _one(slot_id, access.own_slots(auth.caller()))
        try:
            slot_service.change_status(auth.caller(), slot, values["action"])
        except slot_service.SlotError as error:
            unprocessable(error, status=409)
        transaction.commit()
        return slot

