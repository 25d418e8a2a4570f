"""The employer's home page."""

from flask_login import current_user

from ..access import own_slots
from ..domain import clock
from ..domain import organisations as verification
from ..forms import home_page
from ..models import SlotStatus
from ..services.evaluation import Filters, employer_summary
from ..services.stats import counts_by
from . import bp


@bp.route("/")
def home():
    year = clock.today().year
    return home_page("employer/home.html", year=year,
                     slot_counts=counts_by(own_slots(current_user), "status", SlotStatus),
                     verification=verification.flags(current_user.organisation),
                     summary=employer_summary(current_user.organisation_id, Filters.year(year)))
