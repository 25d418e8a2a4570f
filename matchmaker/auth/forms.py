"""Forms for signing in, registering an employer, accepting invitations, resetting passwords."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ..forms import DistrictField, Form, email_field, enum_choices, new_password_fields, phone_field
from ..models import Chamber, Sector


class LoginForm(Form):
    email = email_field()
    password = PasswordField(
        _l("Passwort"),
        validators=[InputRequired(_l("Bitte geben Sie Ihr Passwort ein."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Angemeldet bleiben"))


class ForgotPasswordForm(Form):
    email = email_field()


class ResetPasswordForm(Form):
    password, confirm = new_password_fields()


class ChangePasswordForm(Form):
    current = PasswordField(_l("Bisheriges Passwort"),
                            validators=[InputRequired(_l("Bitte geben Sie Ihr bisheriges Passwort ein."))],
                            render_kw={"autocomplete": "current-password"})
    password, confirm = new_password_fields()


class ProfileForm(Form):
    display_name = StringField(_l("Ihr Name"), validators=[InputRequired(_l("Bitte geben Sie Ihren Namen an.")),
                                                          Length(max=120)], render_kw={"autocomplete": "name"})
    phone = phone_field()


def _name_field(label, message, max_length=120):
    return StringField(label, validators=[InputRequired(message), Length(max=max_length)])


class BusinessForm(Form):
    """A business's own data: at registration and on its page "Ihr Betrieb"."""

    organisation_name = _name_field(
        _l("Name des Betriebs"), _l("Bitte geben Sie den Namen Ihres Betriebs an."), 200
    )
    sector = SelectField(
        _l("Bereich"),
        choices=enum_choices(Sector),
        validators=[InputRequired(_l("Bitte wählen Sie einen Bereich."))],
    )
    chamber = SelectField(_l("Kammer"), choices=enum_choices(Chamber), default=Chamber.NONE.value)
    membership_number = StringField(
        _l("Mitgliedsnummer bei der Kammer (freiwillig)"), validators=[Optional(), Length(max=60)]
    )
    address = StringField(
        _l("Anschrift"),
        validators=[InputRequired(_l("Bitte geben Sie die Anschrift an.")), Length(max=300)],
        render_kw={"autocomplete": "street-address"},
    )
    district = DistrictField(_l("Stadtteil des Betriebs"))
    organisation_phone = phone_field(required=True)

    def organisation_values(self) -> dict:
        """The form's data as the organisation's fields."""
        return {
            "name": self.organisation_name.data, "sector": Sector(self.sector.data),
            "chamber": Chamber(self.chamber.data), "membership_number": self.membership_number.data or None,
            "address": self.address.data, "district_id": self.district.data, "phone": self.organisation_phone.data,
        }

    @classmethod
    def of(cls, org) -> "BusinessForm":
        """The form filled with an organisation's stored data."""
        return cls(data={
            "organisation_name": org.name, "sector": getattr(org.sector, "value", None),
            "chamber": getattr(org.chamber, "value", None), "membership_number": org.membership_number,
            "address": org.address, "district": org.district_id, "organisation_phone": org.phone,
        })


class RegisterEmployerForm(BusinessForm):
    display_name = _name_field(_l("Ihr Name"), _l("Bitte geben Sie Ihren Namen an."))
    email = email_field(_l("Ihre E-Mail-Adresse"))
    password, confirm = new_password_fields()
    accept_terms = BooleanField(
        _l("Ich bestätige, dass ich für diesen Betrieb handeln darf."),
        validators=[InputRequired(_l("Bitte bestätigen Sie das."))],
    )


class AcceptInvitationForm(Form):
    display_name = _name_field(_l("Ihr Name"), _l("Bitte geben Sie Ihren Namen an."))
    phone = phone_field()
    password, confirm = new_password_fields()
