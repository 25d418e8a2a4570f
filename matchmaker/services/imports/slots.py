"""The column layout of a slot import (Angebote), one row per slot."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ...domain import slots as rules
from ...models import ImportKind, SlotKind
from ..slots import SlotData
from . import lists
from . import values as v
from .lookups import Lookups
from .validation import Column, Spec, show, show_districts


def _show_contact(user_id: int | None, lookups: Lookups) -> str:
    emails = {uid: email for email, uid in lookups.contacts.items()}
    return emails.get(user_id, "–")


def _show_start(start, lookups: Lookups) -> str:
    return show(start) if start else _("sofort")


COLUMNS = (
    Column("Titel", "title", v.single_line(rules.TITLE_MAX, required=True), required=True,
           example="Praktikum in der Backstube"),
    Column("Art", "kind", v.choice(SlotKind), required=True, example="Praktikum",
           aliases=("Angebotsart",)),
    Column("Deutsch mindestens", "min_german", v.german_level, required=True, example="A2",
           aliases=("Deutsch", "Deutschniveau")),
    Column("Beschreibung", "description", v.multi_line(rules.DESCRIPTION_MAX),
           example="Sie helfen beim Teig, beim Backen und im Verkauf."),
    Column("Fähigkeiten", "skills", lists.tag_list, example="Teig kneten, Kassieren"),
    Column("Sprachförderung", "language_support", v.yes_no, example="ja"),
    Column("Stadtteil", "district_id", lists.one_district, example="Marxloh", show=show_districts),
    Column("Adresse", "street_address", v.single_line(rules.PLACE_MAX), example="Weseler Straße 12",
           aliases=("Anschrift",)),
    Column("Beginn", "start_date", v.start_day, example="sofort", show=_show_start),
    Column("Plätze", "open_positions", v.whole_number(1, 500, default=1), example="2"),
    Column("Wochenstunden", "weekly_hours", v.whole_number(1, 60), example="30"),
    Column("Dauer (Wochen)", "duration_weeks", v.whole_number(1, 104), example="4",
           aliases=("Dauer in Wochen", "Dauer")),
    Column("Führerschein nötig", "driving_licence_required", v.yes_no, example="nein",
           aliases=("Führerschein",)),
    Column("Schichtarbeit", "shift_work", v.yes_no, example="nein"),
    Column("Anfahrt", "transit_note", v.single_line(rules.PLACE_MAX),
           example="Straßenbahn 903, Haltestelle Marxloh Pollmann"),
    Column("Ansprechperson (E-Mail)", "contact_person_id", lists.contact_person, example="",
           aliases=("Ansprechperson",), show=_show_contact),
    # The occupation as the employer confirms it; empty: recognised from the title.
    Column("KldB", "occupation_code", v.kldb_code, example="29222", aliases=("KldB-Code", "KldB 2010")),
)


def build(values: dict[str, Any], lookups: Lookups) -> SlotData:
    data = SlotData(**values)
    data.contact_person_id = data.contact_person_id or lookups.default_contact_id
    return data


SPEC = Spec(
    kind=ImportKind.SLOTS,
    columns=COLUMNS,
    build=build,
    preview=("title", "occupation_code", "kind", "min_german", "district_id", "start_date", "open_positions",
             "contact_person_id"),
)
