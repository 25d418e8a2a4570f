"""Reference data every token may read: districts and the BA's occupation list (KldB 2010)."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from ..extensions import db
from ..models import District
from ..services import occupations
from . import schemas

PATH = "/api/v1"
blp = Blueprint("api_reference", __name__, url_prefix=PATH, description="Stadtteile und Berufe")


@blp.route("/districts")
class Districts(MethodView):
    @blp.doc(security=[{"token": []}])
    @blp.response(200, schemas.DistrictSchema(many=True))
    def get(self):
        """Alle Stadtbezirke und Ortsteile"""
        return db.session.scalars(sa.select(District).order_by(District.id)).all()


@blp.route("/occupations")
class Occupations(MethodView):
    @blp.doc(security=[{"token": []}])
    @blp.arguments(schemas.OccupationArgs, location="query")
    @blp.response(200, schemas.OccupationSchema(many=True))
    def get(self, args):
        """Berufe der BA-Liste: zuerst, was ein Titel oder Code als Beruf erkennen lässt, dann Vorschläge"""
        found = occupations.picker(args["q"], limit=args["limit"])
        items = ([found.recognised] if found.recognised else []) + found.suggestions
        return [{"code": item.code, "title": item.title} for item in items[:args["limit"]]]
