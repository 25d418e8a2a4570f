"""The column layout of a profile import (Profile), one row per candidate, consent required."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...models import ImportKind, OriginRegion, SlotKind, WorkPermit
from ..candidates import CandidateData
from . import lists
from . import values as v
from .lookups import Lookups
from .validation import Column, Spec, show_districts


@dataclass(frozen=True)
class CandidateRow:
    data: CandidateData
    consent_given_on: date


COLUMNS = (
    Column("Vorname", "first_name", v.single_line(80, required=True), required=True, example="Amina"),
    Column("Nachname (Initiale)", "last_initial", v.last_initial, required=True, example="K",
           aliases=("Initiale", "Nachname")),
    Column("Geburtsjahr", "birth_year", v.birth_year, example="1998"),
    Column("Herkunftsregion", "origin_region", v.choice(OriginRegion, OriginRegion.KEINE_ANGABE),
           example="Naher und Mittlerer Osten"),
    Column("Deutsch", "german_level", v.german_level, required=True, example="B1",
           aliases=("Deutschniveau", "Deutsch (Niveau)")),
    Column("Deutsch-Zertifikat", "german_certified", v.yes_no, example="nein", aliases=("Zertifikat",)),
    Column("Weitere Sprachen", "other_languages", lists.tag_list, example="Arabisch, Englisch",
           aliases=("Sprachen",)),
    Column("Fähigkeiten", "skills", lists.experience_list, example="Teig kneten:2, Kassieren"),
    Column("Berufserfahrung", "occupations", lists.experience_list, example="Bäcker:3",
           aliases=("Berufe",)),
    Column("Qualifikationen", "qualifications", lists.qualification_list,
           example="Bäckergeselle (in Anerkennung)"),
    Column("Gewünschte Angebotsarten", "desired_kinds", lists.choice_list(SlotKind), example="Praktikum, Ausbildung",
           aliases=("Angebotsarten", "Gesucht")),
    Column("Stadtteile", "district_ids", lists.district_list, example="Marxloh, Hochfeld",
           aliases=("Stadtteil",), show=show_districts),
    Column("Verfügbar ab", "available_from", v.any_day, example="01.09.2026"),
    Column("Arbeitserlaubnis", "work_permit", v.choice(WorkPermit, WorkPermit.UNGEKLAERT), example="erlaubt"),
    Column("Notizen", "notes", v.multi_line(2000), example="", aliases=("Notiz",)),
    Column("Einwilligung", "consent", v.consent, required=True, example="ja"),
    Column("Einwilligung am", "consent_given_on", v.consent_day, example="15.10.2026",
           aliases=("Einwilligungsdatum",)),
)


def build(values: dict[str, Any], lookups: Lookups) -> CandidateRow:
    fields = {name: value for name, value in values.items() if name not in ("consent", "consent_given_on")}
    # Without the date column, consent counts as given today, when the caseworker imports it.
    return CandidateRow(CandidateData(**fields), values.get("consent_given_on") or lookups.today)


SPEC = Spec(
    kind=ImportKind.CANDIDATES,
    columns=COLUMNS,
    build=build,
    preview=("first_name", "last_initial", "german_level", "skills", "occupations", "district_ids",
             "consent_given_on"),
)
