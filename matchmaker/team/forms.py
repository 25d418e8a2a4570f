"""Inviting a colleague."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from ..forms import email_field


class InviteForm(FlaskForm):
    email = email_field(_l("E-Mail-Adresse der Kollegin oder des Kollegen"))
    display_name = StringField(_l("Name (freiwillig)"), validators=[Optional(), Length(max=120)])
