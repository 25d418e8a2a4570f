"""The employer's home page."""



from flask import render_template
from flask_login import current_user

from ..access import colleagues, count, own_slots
from ..domain import clock
from ..domain import organisations as verification
from ..models import SlotStatus
from ..services.evaluation import Filters, employer_summary
from ..services.stats import counts_by
from . import bp


@bp.route("/")
def home():
    return render_template(
        "employer/home.html",
        organisation=current_user.organisation,
        team_size=count(colleagues(current_user)),
        slot_counts=counts_by(own_slots(current_user), "status", SlotStatus),
        verification=verification.flags(current_user.organisation),
        summary=employer_summary(current_user.organisation_id, Filters.year(clock.today().year)),
        year=clock.today().year,
    )
