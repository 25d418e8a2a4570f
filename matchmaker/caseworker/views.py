"""The caseworker's home page."""

from flask_login import current_user

from ..access import agency_candidates
from ..forms import home_page
from ..models import CandidateStatus
from ..services.stats import counts_by
from . import bp


@bp.route("/")
def home():
    return home_page("caseworker/home.html",
                     candidate_counts=counts_by(agency_candidates(current_user), "status", CandidateStatus))
