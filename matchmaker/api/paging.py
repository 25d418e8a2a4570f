"""Cursor pagination: newest first by id; the cursor is opaque and stable while rows are added."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import request
from marshmallow import Schema, ValidationError, fields, validate

from ..extensions import db
from .schemas import ID_MAX

DEFAULT_LIMIT, MAX_LIMIT = 25, 200  # 25: as the web lists


CURSOR = r"^[0-9]{1,10}$"  # ASCII digits (\d would take other scripts' digits too)


def _encode(last_id: int) -> str:
    return str(last_id)


class Cursor(fields.String):
    """Where the next page starts (the last id seen: the order is by id, so rows added meanwhile
    neither repeat nor shift a page). Clients pass it on as it is."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not re.fullmatch(CURSOR, text, flags=re.ASCII) or int(text) > ID_MAX:
            raise ValidationError("Not a valid cursor.")
        return int(text)


class PageArgs(Schema):
    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(1, MAX_LIMIT),
                           metadata={"description": f"Einträge je Seite (1 bis {MAX_LIMIT})"})
    cursor = Cursor(metadata={"description": "next_cursor der vorigen Seite", "pattern": CURSOR})


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The envelope of a list: items and the cursor of the next page (null on the last)."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item), required=True),
        "next_cursor": fields.String(allow_none=True, required=True),
    }, name=name)


def page(query: sa.Select, model, args: dict, *load) -> dict:
    """One page of a scoped query (its own order is replaced by id, newest first).

    In two steps: the page's ids from the scoped query (the database sorts only ids, from
    indexes where it can), then those rows whole by primary key, with `load` options. Sorting
    whole rows of a large scope (an agency's 10,000 profiles with their JSON columns) to keep 50
    cost more than everything else of the call."""
    limit = args.get("limit", DEFAULT_LIMIT)
    ids_query = query.with_only_columns(model.id).order_by(None).order_by(model.id.desc())
    if args.get("cursor") is not None:
        ids_query = ids_query.where(model.id < args["cursor"])
    ids = list(db.session.scalars(ids_query.limit(limit + 1)))
    more = len(ids) > limit
    ids = ids[:limit]
    rows = list(db.session.scalars(sa.select(model).where(model.id.in_(ids)).options(*load)
                                   .order_by(model.id.desc()))) if ids else []
    return {"items": rows, "next_cursor": _encode(ids[-1]) if more else None}


def link_header(cursor: str | None) -> dict:
    if cursor is None:
        return {}
    args = request.args.to_dict()
    args["cursor"] = cursor
    return {"Link": f'<{request.base_url}?{urlencode(args)}>; rel="next"'}
