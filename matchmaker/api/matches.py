"""Matches (Vorschläge) with their reason codes: an employer's slots' matches, an agency's profiles'."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload

from .. import access
from ..models import Match, Role
from . import auth, paging, schemas

PATH = "/api/v1/matches"
blp = Blueprint("api_matches", __name__, url_prefix=PATH, description="Vorschläge mit Gründen")
MatchPage = paging.page_schema(schemas.MatchSchema, "MatchPage")


def readable():
    user = auth.caller()
    return access.matches_for_own_slots(user) if user.role is Role.EMPLOYER else access.matches_for_agency(user)


@blp.route("")
class Matches(MethodView):
    @auth.requires(blp, "matches:read")
    @blp.arguments(paging.PageArgs, location="query", as_kwargs=True)
    @blp.arguments(schemas.MatchListArgs, location="query")
    @blp.response(200, MatchPage)
    def get(self, filters, **page_args):
        """Vorschläge, neueste zuerst; je Vorschlag Punkte und Gründe (Code, Parameter, Satz)"""
        query = readable()
        if "slot_id" in filters:
            query = query.where(Match.slot_id == filters["slot_id"])
        if "profile_id" in filters:
            query = query.where(Match.candidate_id == filters["profile_id"])
        if "min_score" in filters:
            query = query.where(Match.score >= filters["min_score"])
        result = paging.page(query, Match, page_args, selectinload(Match.slot), selectinload(Match.candidate))
        return result, 200, paging.link_header(result["next_cursor"])
