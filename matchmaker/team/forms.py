"""Inviting a colleague; making an API token."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..forms import CheckboxesField, Form, email_field
from ..models import User
from ..services import api_tokens


class InviteForm(Form):
    email = email_field(_l("E-Mail-Adresse der Kollegin oder des Kollegen"))
    display_name = StringField(_l("Name (freiwillig)"), validators=[Optional(), Length(max=120)])


class ApiTokenForm(Form):
    """Only the scopes the person may give are offered; the service checks them again."""

    name = StringField(
        _l("Name des Zugangs"),
        validators=[InputRequired(_l("Bitte geben Sie dem Zugang einen Namen.")),
                    Length(max=80, message=_l("Bitte höchstens %(max)d Zeichen.", max=80))],
        description=_l("Woran Sie den Zugang später erkennen, z. B. „Bewerbermanagement“."),
        render_kw={"autocomplete": "off", "maxlength": 80},
    )
    scopes = CheckboxesField(
        _l("Berechtigungen"),
        validators=[InputRequired(_l("Bitte wählen Sie mindestens eine Berechtigung."))],
    )
    days = SelectField(
        _l("Gültigkeit"),
        coerce=int,
        choices=[SelectChoice(days, _l("%(num)d Tage", num=days)) for days in api_tokens.LIFETIMES],
        default=90,
    )

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = [SelectChoice(scope, api_tokens.SCOPES[scope])
                               for scope in api_tokens.allowed_scopes(user)]
