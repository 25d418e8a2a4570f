"""The digest frequency form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.validators import InputRequired

from ..forms import Form, enum_choices
from ..models import DigestFrequency


class DigestSettingsForm(Form):
    frequency = RadioField(
        _l("Zusammenfassung neuer Vorschläge per E-Mail"),
        choices=enum_choices(DigestFrequency),
        validators=[InputRequired(_l("Bitte wählen Sie, wie oft Sie eine Zusammenfassung erhalten möchten."))],
    )
