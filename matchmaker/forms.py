"""Form pieces every blueprint uses (button-only forms, passwords, district choice, field rules)
and the small view helpers built on them: buttons that act, filtered list pages, home pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from babel import support
from flask import current_app, flash, has_request_context, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, Select

from . import transaction
from .domain.fields import FieldError
from .mail import one_line
from .models import LabelledEnum
from .services.districts import district_choices
from .templating import paginate_counting_waiting

MIN_PASSWORD_LENGTH = 10

PHONE = Regexp(r"^[0-9 +()/\-]*$", message=_l("Bitte nur Ziffern, Leerzeichen und + ( ) / - verwenden."))


def enum_choices(enum_cls: type[LabelledEnum], blank: str | None = None) -> list[SelectChoice]:
    """Select options from an enum's German labels; `blank` adds a leading "any" option."""
    choices = [SelectChoice(member.value, member.label) for member in enum_cls]
    return ([SelectChoice("", blank)] if blank is not None else []) + choices


def rule(check: Callable) -> Callable:
    """A domain field rule (matchmaker/domain) as a form validator: the same check and message
    as in imports and services."""

    def validate(_form, field) -> None:
        if field.data in (None, ""):
            return
        try:
            check(field.data)
        except FieldError as error:
            raise ValidationError(str(error)) from None

    return validate


def _one_line(value):
    return one_line(value) if isinstance(value, str) else value


def _strip(value):
    return value.strip() if isinstance(value, str) else value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks are text


def _no_controls(value):
    """Control characters belong in no text people type (and PostgreSQL stores no NUL: a search
    for "a\x00b" was a server error)."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


class Form(FlaskForm):
    """Every form of the app: text arrives stripped and without control characters, and a
    missing text field reads as ""."""

    class Meta:
        def get_translations(self, form):
            """WTForms' own messages ("Not a valid choice") in the request's language, from a
            catalogue read once per process (Flask-WTF read the file again for every request)."""
            if not current_app.config.get("WTF_I18N_ENABLED", True) or not has_request_context():
                return super().get_translations(form)
            return _wtforms_messages(str(get_locale()))

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField) and \
                    not issubclass(unbound_field.field_class, PasswordField):
                options["filters"] = (_no_controls, *options.get("filters", ()))
            if unbound_field.field_class in (StringField, TextAreaField):
                options["filters"] = (_strip, lambda v: "" if v is None else v, *options.get("filters", ()))
            if unbound_field.field_class is StringField:  # one line means one line
                options["filters"] = (*options["filters"], _one_line)
            return unbound_field.bind(form=form, **options)


@lru_cache(maxsize=8)
def _wtforms_messages(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class EmptyForm(Form):
    """For buttons that change something: a POST with a CSRF token and nothing else."""


def button_action(action: Callable[[], object], errors: type[Exception] | tuple[type[Exception], ...],
                  success: Callable[[], str]) -> None:
    """A button that changes something: CSRF checked, then the service runs; its German error,
    or the success message (worked out after the change), is flashed."""
    if not EmptyForm().validate_on_submit():
        return
    try:
        action()
    except errors as error:
        transaction.rollback()
        flash(str(error), "error")
    else:
        transaction.commit()
        flash(success(), "success")


def email_field(label=None) -> StringField:
    return StringField(
        label or _l("E-Mail-Adresse"),
        validators=[
            InputRequired(_l("Bitte geben Sie eine E-Mail-Adresse an.")),
            Email(_l("Bitte geben Sie eine gültige E-Mail-Adresse an."), check_deliverability=False),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    password = PasswordField(
        _l("Passwort"),
        validators=[
            InputRequired(_l("Bitte wählen Sie ein Passwort.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=MIN_PASSWORD_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Passwort wiederholen"),
        validators=[
            InputRequired(_l("Bitte wiederholen Sie das Passwort.")),
            EqualTo("password", _l("Die beiden Passwörter stimmen nicht überein.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


def phone_field(required: bool = False) -> StringField:
    first = InputRequired(_l("Bitte geben Sie eine Telefonnummer an.")) if required else Optional()
    return StringField(
        _l("Telefon"), validators=[first, PHONE, Length(max=40)], render_kw={"autocomplete": "tel", "inputmode": "tel"}
    )


def _district_options(include_bezirke: bool) -> list[SelectChoice]:
    options = []
    for bezirk, bezirk_id, ortsteile in district_choices():
        if include_bezirke:
            options.append(SelectChoice(str(bezirk_id), _l("ganz %(name)s", name=bezirk), optgroup=bezirk))
        options += [SelectChoice(str(district_id), name, optgroup=bezirk) for district_id, name in ortsteile]
    return options


class KnownOptionsSelect(Select):
    """WTForms' select, with each plain <option> made once per process: the district lists
    render some 75 options on every list page and form (a tenth of a list page's time)."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        return _option(choice.value, str(choice.label), bool(choice.selected))


@lru_cache(maxsize=4096)
def _option(value, label: str, selected: bool):
    return Select.render_option(Choice(value, label, selected, {}))


class DistrictField(SelectField):
    """Ortsteile grouped by Stadtbezirk (optionally whole Stadtbezirke); choices load per form."""

    widget = KnownOptionsSelect()

    def __init__(self, label=None, required: bool = True, include_bezirke: bool = False, **kwargs):
        validators = [InputRequired(_l("Bitte wählen Sie einen Stadtteil."))] if required else [Optional()]
        super().__init__(label or _l("Stadtteil"), validators=validators, coerce=_int_or_none, **kwargs)
        self.include_bezirke = include_bezirke

    def load_choices(self) -> None:
        # A required choice starts empty, so nobody sends the first Ortsteil by accident.
        blank = _l("– bitte wählen –") if self.flags.required else _l("– keine Angabe –")
        self.choices = [SelectChoice("", blank), *_district_options(self.include_bezirke)]


class MultipleChoiceField(SelectMultipleField):
    """Several choices from a list; an unknown value gets a German message (WTForms has none)."""

    def pre_validate(self, form) -> None:
        allowed = {str(choice.value) for choice in self.iter_choices()}
        if any(str(value) not in allowed for value in self.data or []):
            raise ValidationError(_l("Bitte wählen Sie nur aus der Liste."))


class CheckboxesField(MultipleChoiceField):
    """Several choices as plain checkboxes (templates: `checkbox_group` in macros/forms.html)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DistrictsField(MultipleChoiceField):
    """Several districts; a whole Stadtbezirk can be chosen at once."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, coerce=int, validators=[Optional()], **kwargs)

    def load_choices(self) -> None:
        self.choices = _district_options(include_bezirke=True)


class TagsField(StringField):
    """Comma-separated short tags; the data is a list. Suggestions while typing come from
    static/js/tags.js; without JavaScript it is a plain text field."""

    def __init__(self, label=None, validators=None, suggest: str = "skills", **kwargs):
        render_kw = {"data-suggest": suggest, "autocomplete": "off", **kwargs.pop("render_kw", {})}
        super().__init__(label, validators=validators or [Optional()], render_kw=render_kw, **kwargs)

    def _value(self) -> str:
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist) -> None:
        raw = valuelist[0] if valuelist else ""
        self.data = [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]


def kldb_code(_form, field) -> None:
    """A confirmed occupation: five digits the BA's list knows; stored as the five digits."""
    from .services.occupations import CodeError, clean_code

    try:
        field.data = clean_code(field.data)
    except CodeError as error:
        raise ValidationError(str(error)) from None


def valid_filters(form: Form) -> dict:
    """Filter values from a GET form; a bad value is shown as a field error and then ignored."""
    form.validate()
    return {field.name: field.data for field in form if not field.errors and field.data not in (None, "", [])}


def filtered_page(form: Form, listing: Callable[[dict], object], template: str, per_page: int = 25,
                  seen: Callable[[list, dict], None] | None = None):
    """A list page: the filter form's valid values narrow the scoped query `listing` builds, and
    one page of it is shown (a page past the end is empty, not an error). `seen` is told which
    rows were shown and with which filters (the audit log of personal lists)."""
    if hasattr(form, "district"):
        form.district.load_choices()
    valid = valid_filters(form)
    page = paginate_counting_waiting(listing(valid), per_page)
    if seen is None:
        return render_template(template, form=form, page=page)
    seen(page.items, valid)
    html = render_template(template, form=form, page=page)
    transaction.commit_rendered()  # after rendering: committing first would expire and reload every row
    return html


def home_page(template: str, **figures):
    """A role's home page: what waits for the person, the organisation, its team size and the
    role's own figures."""
    from flask_login import current_user

    from .access import colleagues, count
    from .services import waiting

    return render_template(template, organisation=current_user.organisation, waiting=waiting.for_user(current_user),
                           team_size=count(colleagues(current_user)), **figures)


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)
