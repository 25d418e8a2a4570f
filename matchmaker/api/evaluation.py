"""Evaluation figures with the web's suppression: the city for coordinators, the own people for an
agency; one filter at a time for the city, as on the dashboard."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from .. import access
from ..models import Sector
from ..services import evaluation
from . import auth
from .writes import unprocessable

PATH = "/api/v1/evaluation"
blp = Blueprint("api_evaluation", __name__, url_prefix=PATH, description="Auswertung")


class EvaluationArgs(Schema):
    year = fields.Integer(required=True, validate=validate.Range(2000, 2100))
    quarter = fields.Integer(validate=validate.Range(1, 4))
    month = fields.Integer(validate=validate.Range(1, 12))
    bezirk_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    agency_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    sector = fields.String(validate=validate.OneOf([s.value for s in Sector]))


class CellSchema(Schema):
    shown = fields.String(required=True, metadata={"description": "as on the page: a number, '< 5' or '•'"})
    value = fields.Integer(allow_none=True, required=True, metadata={"description": "null when suppressed"})
    suppressed = fields.Boolean(required=True)


def _cell(cell) -> dict:
    return {"shown": str(cell), "value": cell.value, "suppressed": bool(cell.suppressed or cell.protective)}


class StepSchema(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    value = fields.Function(lambda s: _cell(s.value), required=True, metadata={"type": "object"})
    rate_from_previous = fields.Float(allow_none=True, required=True)
    definition = fields.String(required=True)


class RowSchema(Schema):
    label = fields.String(required=True)
    profiles = fields.Function(lambda r: _cell(r.profiles), required=True, metadata={"type": "object"})
    proposals = fields.Function(lambda r: _cell(r.proposals), required=True, metadata={"type": "object"})
    accepted = fields.Function(lambda r: _cell(r.accepted), required=True, metadata={"type": "object"})
    placements = fields.Function(lambda r: _cell(r.placements), required=True, metadata={"type": "object"})


class TrendSchema(Schema):
    month = fields.String(required=True, metadata={"description": "YYYY-MM"})
    proposals = fields.Function(lambda t: _cell(t.proposals), required=True, metadata={"type": "object"})
    placements = fields.Function(lambda t: _cell(t.placements), required=True, metadata={"type": "object"})


class EvaluationSchema(Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    funnel = fields.List(fields.Nested(StepSchema), required=True)
    trend = fields.List(fields.Nested(TrendSchema), required=True, metadata={"description": "per month"})
    breakdowns = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(RowSchema)), required=True,
                             metadata={"description": "city view only; a filtered view has totals only"})


def _filters(args: dict) -> evaluation.Filters:
    chosen = {name: args[name] for name in ("bezirk_id", "agency_id", "sector") if name in args}
    if "month" in args:
        return evaluation.Filters.month(args["year"], args["month"], **chosen)
    if "quarter" in args:
        return evaluation.Filters.quarter(args["year"], args["quarter"], **chosen)
    return evaluation.Filters.year(args["year"], **chosen)


@blp.route("")
class Evaluation(MethodView):
    @auth.requires(blp, "evaluation:read")
    @blp.arguments(EvaluationArgs, location="query")
    @blp.response(200, EvaluationSchema)
    def get(self, args):
        """Trichter, Monatsverlauf und Aufteilungen eines Monats, Quartals oder Jahres (unterdrückt wie im Web)"""
        scope = access.evaluation_scope(auth.caller())
        try:
            filters = _filters(args)
            if not scope:
                filters.selection()  # the city's view takes one filter at a time
            figures = evaluation.publish(filters, **scope)
        except ValueError as error:
            unprocessable(error)
        return {"start": filters.start, "end": filters.end, "funnel": figures.funnel, "trend": figures.trend,
                "breakdowns": {name: [*table.rows, table.total] for name, table in figures.breakdowns.items()}}
