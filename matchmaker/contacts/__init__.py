"""The short wire between the two sides: proposals, answers, direct lines, outcomes."""

from flask import Blueprint

from ..access import restrict_blueprint
from ..models import Role

bp = Blueprint("contacts", __name__)
restrict_blueprint(bp, Role.EMPLOYER, Role.CASEWORKER)

from . import views  # noqa: E402, F401
