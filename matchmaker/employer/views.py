"""The employer's home page."""

from flask import render_template
from flask_login import current_user

from ..access import colleagues, count
from . import bp


@bp.route("/")
def home():
    team_size = count(colleagues(current_user))
    return render_template("employer/home.html", organisation=current_user.organisation, team_size=team_size)
