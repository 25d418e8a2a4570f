"""The employer's home page."""

from flask import render_template
from flask_login import current_user

from ..access import colleagues, count, own_slots
from ..services.slots import counts_by_status
from . import bp


@bp.route("/")
def home():
    return render_template(
        "employer/home.html",
        organisation=current_user.organisation,
        team_size=count(colleagues(current_user)),
        slot_counts=counts_by_status(own_slots(current_user)),
    )
