"""The employer's side: home and slots (Angebote)."""

from flask import Blueprint

from ..access import restrict_blueprint
from ..models import Role

bp = Blueprint("employer", __name__)
restrict_blueprint(bp, Role.EMPLOYER)

from . import business, candidates, slots, views  # noqa: E402, F401
