"""Forms for starting, answering and following up a contact."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..domain import clock
from ..domain.fields import not_in_future
from ..forms import Form, enum_choices, rule
from ..models import DeclineReason, Outcome


class StartForm(Form):
    message = TextAreaField(_l("Kurze Nachricht (freiwillig)"), validators=[Length(max=1000)])
    share_first_name = BooleanField(_l("Vornamen der Person mitteilen, sobald der Betrieb annimmt"))


class AnswerForm(Form):
    share_first_name = BooleanField(_l("Vornamen der Person dem Betrieb mitteilen"))


class DeclineForm(Form):
    reason = SelectField(_l("Grund"), choices=enum_choices(DeclineReason, blank=_l("– bitte wählen –")),
                         validators=[InputRequired(_l("Bitte wählen Sie einen Grund."))])
    text = StringField(_l("Ergänzung (freiwillig)"), validators=[Optional(), Length(max=500)])


class OutcomeForm(Form):
    outcome = SelectField(_l("Was ist passiert?"), choices=enum_choices(Outcome),
                          validators=[InputRequired(_l("Bitte wählen Sie ein Ergebnis."))])
    on_date = DateField(_l("Am"), default=clock.today,
                        validators=[InputRequired(_l("Bitte geben Sie ein Datum an.")), rule(not_in_future)])
    note = StringField(_l("Notiz (freiwillig)"), validators=[Optional(), Length(max=500)])
