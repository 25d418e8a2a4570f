"""The employer's side: home now; slots (Angebote) follow."""

from flask import Blueprint

from ..access import restrict_blueprint
from ..models import Role

bp = Blueprint("employer", __name__)
restrict_blueprint(bp, Role.EMPLOYER)

from . import views  # noqa: E402, F401
