"""Bulk import from CSV and XLSX: caseworkers import profiles, employers and coordinators slots."""

from flask import Blueprint

from ..access import restrict_blueprint
from ..models import Role

bp = Blueprint("imports", __name__)
restrict_blueprint(bp, *Role)  # each view narrows this down to the roles of its kind

from . import views  # noqa: E402, F401
