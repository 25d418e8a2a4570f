"""Forms of the coordination office."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..forms import DistrictField, Form, email_field, enum_choices, phone_field
from ..models import Carrier, OrganisationKind, VerificationStatus


class AgencyForm(Form):
    name = StringField(
        _l("Name der Beratungsstelle"),
        validators=[InputRequired(_l("Bitte geben Sie einen Namen an.")), Length(max=200)],
    )
    carrier = SelectField(_l("Träger"), choices=enum_choices(Carrier), default=Carrier.FREI_GEMEINNUETZIG.value)
    address = StringField(_l("Anschrift"), validators=[Optional(), Length(max=300)])
    district = DistrictField(required=False)
    phone = phone_field()
    first_user_name = StringField(
        _l("Name der ersten Beraterin / des ersten Beraters"),
        validators=[InputRequired(_l("Bitte geben Sie einen Namen an.")), Length(max=120)],
    )
    first_user_email = email_field(_l("E-Mail-Adresse für die Einladung"))


class RejectForm(Form):
    reason = TextAreaField(
        _l("Begründung (geht an den Betrieb)"),
        validators=[InputRequired(_l("Bitte geben Sie eine Begründung an.")), Length(max=500)],
    )


class OrganisationFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    q = StringField(_l("Suche"), validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Art"), choices=enum_choices(OrganisationKind, blank=_l("alle")), validators=[Optional()])
    status = SelectField(
        _l("Status"), choices=enum_choices(VerificationStatus, blank=_l("alle")), validators=[Optional()]
    )


class TargetsForm(Form):
    """One number of days per slot kind; fields are added per kind when the form is built."""

    @classmethod
    def build(cls, current: dict):
        from wtforms import IntegerField
        from wtforms.validators import NumberRange

        attributes = {
            kind.value: IntegerField(
                kind.label, default=days,
                validators=[InputRequired(_l("Bitte geben Sie eine Zahl von Tagen an.")),
                            NumberRange(1, 1000, _l("Bitte eine Zahl von 1 bis 1000."))],
                render_kw={"inputmode": "numeric", "min": 1, "max": 1000},
            )
            for kind, days in current.items()
        }
        return type("BoundTargetsForm", (cls,), attributes)()
