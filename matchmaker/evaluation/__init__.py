"""Outcome evaluation pages: coordinators see the city, agencies their own candidates."""

from flask import Blueprint

from ..access import restrict_blueprint
from ..models import Role

bp = Blueprint("evaluation", __name__)
restrict_blueprint(bp, Role.COORDINATOR, Role.CASEWORKER)

from . import views  # noqa: E402, F401
