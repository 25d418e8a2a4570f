"""The upload form; coordinators also choose the employer they import for."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField
from wtforms.validators import DataRequired

from ..forms import Form


class UploadForm(Form):
    file = FileField(
        _l("Datei (CSV oder Excel)"),
        validators=[
            FileRequired(_l("Bitte wählen Sie eine Datei aus.")),
            FileAllowed(
                ["csv", "xlsx"], _l("Bitte laden Sie eine CSV-Datei (.csv) oder Excel-Arbeitsmappe (.xlsx) hoch.")
            ),
        ],
        render_kw={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    )


def _id_or_none(value):
    return int(value) if str(value).isdigit() else None


class CoordinatorUploadForm(UploadForm):
    organisation = SelectField(
        _l("Betrieb"), coerce=_id_or_none, validators=[DataRequired(_l("Bitte wählen Sie einen Betrieb."))]
    )

    def load_choices(self, organisations) -> None:
        self.organisation.choices = [("", _l("– bitte wählen –"))] + [(o.id, o.name) for o in organisations]
