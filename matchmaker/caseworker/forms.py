"""The candidate profile form, consent included, and the list filters."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..domain import candidates as rules
from ..domain import clock
from ..domain.fields import not_in_future
from ..forms import CheckboxesField, DistrictField, DistrictsField, Form, TagsField, enum_choices, rule
from ..models import CONSENT_SCOPE_TEXT, CandidateStatus, GermanLevel, OriginRegion, SlotKind, WorkPermit
from ..services.profile_text import parse_experiences, parse_occupations, parse_qualifications


class ExperienceField(TagsField):
    """Tags with optional years: "Bäcker:3, Kassieren"."""

    def pre_validate(self, form) -> None:
        _, problems = parse_experiences(self.data or [])
        if problems:
            raise ValidationError(" ".join(problems))


class OccupationsField(TagsField):
    """Prior occupations with optional years and a confirmed KldB code:
    "Bäcker:3, Anlagenmechaniker SHK (KldB 34212)"."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, render_kw={"data-occupation": "list"}, **kwargs)

    def pre_validate(self, form) -> None:
        _, problems = parse_occupations(self.data or [])
        if problems:
            raise ValidationError(" ".join(problems))


class CandidateForm(Form):
    first_name = StringField(
        _l("Vorname"),
        validators=[InputRequired(_l("Bitte geben Sie den Vornamen an.")), Length(max=rules.FIRST_NAME_MAX)],
    )
    last_initial = StringField(
        _l("Anfangsbuchstabe des Nachnamens"),
        validators=[InputRequired(_l("Bitte geben Sie den Anfangsbuchstaben an.")), rule(rules.clean_last_initial)],
    )
    birth_year = IntegerField(
        _l("Geburtsjahr"),
        validators=[Optional(), rule(rules.check_birth_year)],
        render_kw={"inputmode": "numeric"},
    )
    origin_region = SelectField(
        _l("Herkunftsregion (nur für anonyme Auswertungen)"), choices=enum_choices(OriginRegion),
        default=OriginRegion.KEINE_ANGABE.value,
    )
    german_level = SelectField(_l("Deutschkenntnisse"), choices=enum_choices(GermanLevel), default=GermanLevel.A2.value)
    german_certified = BooleanField(_l("Deutschkenntnisse mit Zertifikat nachgewiesen"))
    other_languages = TagsField(_l("Weitere Sprachen"), suggest="")
    skills = ExperienceField(_l("Fähigkeiten"))
    occupations = OccupationsField(_l("Bisherige Tätigkeiten und Berufe"))
    qualifications = TextAreaField(_l("Abschlüsse und Anerkennung"), validators=[Length(max=rules.QUALIFICATIONS_MAX)])
    desired_kinds = CheckboxesField(_l("Gewünschte Angebote (keine Auswahl: alle)"), choices=enum_choices(SlotKind))
    districts = DistrictsField(_l("Erreichbare Stadtteile (keine Auswahl: alle)"))
    available_from = DateField(_l("Verfügbar ab (leer lassen: sofort)"), validators=[Optional()])
    work_permit = SelectField(
        _l("Arbeitserlaubnis"), choices=enum_choices(WorkPermit), default=WorkPermit.UNGEKLAERT.value
    )
    share_work_permit = BooleanField(_l("Betriebe sehen den Stand der Arbeitserlaubnis"),
                                     description=_l("Ohne Haken steht dort: „klärt die Beratungsstelle mit Ihnen“."))
    driving_licence = SelectField(_l("Führerschein Klasse B"),
                                  choices=[SelectChoice("", _l("nicht angegeben")), SelectChoice("ja", _l("ja")),
                                           SelectChoice("nein", _l("nein"))],
                                  validators=[Optional()])
    notes = TextAreaField(_l("Interne Notizen (nur für Ihre Beratungsstelle)"),
                          validators=[Length(max=rules.NOTES_MAX)])

    def validate_qualifications(self, field) -> None:
        _, problems = parse_qualifications(field.data or "")
        if problems:
            raise ValidationError(" ".join(problems))


class NewCandidateForm(CandidateForm):
    consent = BooleanField(
        CONSENT_SCOPE_TEXT,
        validators=[InputRequired(_l("Ohne Einwilligung kann kein Profil angelegt werden."))],
    )
    consent_given_on = DateField(
        _l("Einwilligung erteilt am"), default=clock.today,
        validators=[InputRequired(_l("Bitte geben Sie das Datum der Einwilligung an.")), rule(not_in_future)],
    )


class CandidateFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Suche (Name, Pseudonym, Fähigkeit)"), validators=[Optional(), Length(max=100)])
    status = SelectField(
        _l("Status"), choices=enum_choices(CandidateStatus, blank=_l("alle")), validators=[Optional()]
    )
    german = SelectField(
        _l("Deutsch mindestens"), choices=enum_choices(GermanLevel, blank=_l("alle")), validators=[Optional()]
    )
    district = DistrictField(_l("Erreicht Stadtteil"), required=False, include_bezirke=True)
    kind = SelectField(_l("Sucht"), choices=enum_choices(SlotKind, blank=_l("alle")), validators=[Optional()])


class OpenSlotFilterForm(Form):
    """The caseworker's search of open slots."""

    class Meta:
        csrf = False

    q = StringField(_l("Suche"), validators=[Optional(), Length(max=100)],
                    description=_l("Titel, Fähigkeit oder KldB-Code"))
    kind = SelectField(_l("Art"), choices=enum_choices(SlotKind, blank=_l("alle")), validators=[Optional()])
    german_at_most = SelectField(_l("Deutsch der Person"), choices=enum_choices(GermanLevel, blank=_l("egal")),
                                 validators=[Optional()],
                                 description=_l("zeigt Angebote, die höchstens dieses Niveau verlangen"))
    district = DistrictField(_l("Stadtteil"), required=False, include_bezirke=True)
    starts_by = DateField(_l("Beginn spätestens"), validators=[Optional()])
