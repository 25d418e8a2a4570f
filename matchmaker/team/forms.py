"""Inviting a colleague."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, Optional

from ..forms import Form, email_field


class InviteForm(Form):
    email = email_field(_l("E-Mail-Adresse der Kollegin oder des Kollegen"))
    display_name = StringField(_l("Name (freiwillig)"), validators=[Optional(), Length(max=120)])
