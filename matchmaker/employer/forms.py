"""The slot form: few required fields and sensible defaults, so posting from a phone is quick."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..domain import slots as rules
from ..domain.fields import FieldError, not_in_past
from ..forms import DistrictField, Form, TagsField, enum_choices, kldb_code, rule
from ..models import GermanLevel, PayUnit, SchoolCertificate, SlotKind, SlotStatus, WorkingTime


class SlotForm(Form):
    title = StringField(
        _l("Beruf oder Tätigkeit"),
        validators=[InputRequired(_l("Bitte geben Sie an, um welchen Beruf es geht.")), Length(max=rules.TITLE_MAX)],
        render_kw={"placeholder": _l("z. B. Bäcker/in, Verkäufer/in, Anlagenmechaniker/in SHK"),
                   "data-occupation": "single", "data-occupation-code": "occupation_code", "autocomplete": "off"},
    )
    occupation_code = StringField(
        _l("KldB-Code des Berufs (freiwillig)"), validators=[Optional(), Length(max=20), kldb_code],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 9, "size": 9,
                   "data-testid": "occupation-code"},
    )
    kind = SelectField(_l("Art des Angebots"), choices=enum_choices(SlotKind), default=SlotKind.PRAKTIKUM.value)
    skills = TagsField(_l("Was die Person mitbringen sollte"))
    min_german = SelectField(
        _l("Deutsch mindestens"), choices=enum_choices(GermanLevel), default=GermanLevel.A2.value
    )
    language_support = BooleanField(_l("Wir unterstützen Deutschlernen im Betrieb (Sprachförderung)"))
    district = DistrictField(_l("Stadtteil des Arbeitsorts"))
    open_positions = IntegerField(
        _l("Anzahl Plätze"), default=1,
        validators=[InputRequired(_l("Bitte geben Sie die Anzahl der Plätze an.")),
                    NumberRange(1, 500, _l("Bitte eine Zahl von 1 bis 500."))],
        render_kw={"inputmode": "numeric", "min": 1, "max": 500},
    )
    start_date = DateField(_l("Beginn (leer lassen: ab sofort)"), validators=[Optional()])
    weekly_hours = IntegerField(
        _l("Wochenstunden"), validators=[Optional(), NumberRange(1, 60, _l("Bitte eine Zahl von 1 bis 60."))],
        render_kw={"inputmode": "numeric", "min": 1, "max": 60},
    )
    duration_weeks = IntegerField(
        _l("Dauer in Wochen (bei Praktikum und EQ)"),
        validators=[Optional(), NumberRange(1, 104, _l("Bitte eine Zahl von 1 bis 104."))],
        render_kw={"inputmode": "numeric", "min": 1, "max": 104},
    )
    street_address = StringField(_l("Adresse des Arbeitsorts (freiwillig)"), validators=[Length(max=rules.PLACE_MAX)])
    transit_note = StringField(
        _l("Erreichbarkeit mit Bus und Bahn"), validators=[Length(max=rules.PLACE_MAX)],
        render_kw={"placeholder": _l("z. B. Straßenbahn 903, Haltestelle Marxloh Pollmann, 5 Minuten")},
    )
    driving_licence_required = BooleanField(_l("Führerschein nötig"))
    shift_work = BooleanField(_l("Schichtarbeit"))
    description = TextAreaField(_l("Beschreibung (freiwillig)"), validators=[Length(max=rules.DESCRIPTION_MAX)])
    contact_person = SelectField(_l("Ansprechperson"), coerce=int)
    pay_from = IntegerField(_l("Vergütung von (Euro)"), validators=[Optional(), NumberRange(
        1, rules.PAY_MAX, _l("Bitte einen Betrag von 1 bis %(max)d Euro.", max=rules.PAY_MAX))],
        render_kw={"inputmode": "numeric"})
    pay_to = IntegerField(_l("bis (Euro)"), validators=[Optional(), NumberRange(
        1, rules.PAY_MAX, _l("Bitte einen Betrag von 1 bis %(max)d Euro.", max=rules.PAY_MAX))],
        render_kw={"inputmode": "numeric"})
    pay_unit = SelectField(_l("Betrag gilt"), choices=enum_choices(PayUnit), default=PayUnit.MONAT.value,
                           validators=[Optional()])
    pay_collective = BooleanField(_l("Bezahlung nach Tarif"))
    working_time = SelectField(_l("Arbeitszeit"), choices=enum_choices(WorkingTime, blank=_l("– keine Angabe –")),
                               validators=[Optional()])
    fixed_term_months = IntegerField(
        _l("Befristet auf Monate (leer lassen: unbefristet)"),
        validators=[Optional(), NumberRange(1, rules.FIXED_TERM_MAX, _l("Bitte eine Zahl von 1 bis %(max)d.",
                                                                         max=rules.FIXED_TERM_MAX))],
        render_kw={"inputmode": "numeric"})
    school_certificate = SelectField(_l("Erwarteter Schulabschluss"),
                                     choices=enum_choices(SchoolCertificate, blank=_l("– keine Angabe –")),
                                     validators=[Optional()])
    publish_until = DateField(_l("Veröffentlichen bis (leer lassen: bis Sie es schließen)"),
                              validators=[Optional(), rule(not_in_past)])

    def validate_pay_to(self, field) -> None:
        if self.pay_from.errors:
            return
        try:  # the domain's rule, the same the service holds every caller to
            rules.check_pay(self.pay_from.data, field.data)
        except FieldError as error:
            raise ValidationError(str(error)) from None


class SlotFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Suche"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), choices=enum_choices(SlotStatus, blank=_l("alle")), validators=[Optional()])
    kind = SelectField(_l("Art"), choices=enum_choices(SlotKind, blank=_l("alle")), validators=[Optional()])
    german = SelectField(
        _l("Deutsch mindestens"), choices=enum_choices(GermanLevel, blank=_l("alle")), validators=[Optional()]
    )
    district = DistrictField(_l("Stadtteil"), required=False, include_bezirke=True)
