"""The caseworker's home page."""

from flask import render_template
from flask_login import current_user

from ..access import agency_candidates, colleagues, count
from ..models import CandidateStatus
from ..services.stats import counts_by
from . import bp


@bp.route("/")
def home():
    return render_template(
        "caseworker/home.html",
        organisation=current_user.organisation,
        team_size=count(colleagues(current_user)),
        candidate_counts=counts_by(agency_candidates(current_user), "status", CandidateStatus),
    )
