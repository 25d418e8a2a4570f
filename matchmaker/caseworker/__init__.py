"""The caseworker's side: home and candidate profiles (Profile)."""

from flask import Blueprint

from ..access import restrict_blueprint
from ..models import Role

bp = Blueprint("caseworker", __name__)
restrict_blueprint(bp, Role.CASEWORKER)

from . import candidates, slots, views  # noqa: E402, F401
