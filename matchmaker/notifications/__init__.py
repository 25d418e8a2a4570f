"""Notification settings: how often the digest comes, and unsubscribing from inside a mail."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from . import views  # noqa: E402, F401
