"""The column layout of a profile import (Profile), one row per candidate, consent required."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from flask_babel import gettext as _

from ...domain import candidates as rules
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
    Column("Vorname", "first_name", v.single_line(rules.FIRST_NAME_MAX, required=True), required=True, example="Amina"),
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
    Column("Berufserfahrung", "occupations", lists.occupation_list, example="Bäcker:3",
           aliases=("Berufe",)),
    Column("KldB", "occupation_codes", lists.kldb_list, example="29222",
           aliases=("KldB-Codes", "KldB (Berufserfahrung)", "KldB 2010")),
    Column("Qualifikationen", "qualifications", lists.qualification_list,
           example="Bäckergeselle (in Anerkennung)"),
    Column("Gewünschte Angebotsarten", "desired_kinds", lists.choice_list(SlotKind), example="Praktikum, Ausbildung",
           aliases=("Angebotsarten", "Gesucht")),
    Column("Stadtteile", "district_ids", lists.district_list, example="Marxloh, Hochfeld",
           aliases=("Stadtteil",), show=show_districts),
    Column("Verfügbar ab", "available_from", v.any_day, example="01.09.2026"),
    Column("Arbeitserlaubnis", "work_permit", v.choice(WorkPermit, WorkPermit.UNGEKLAERT), example="erlaubt"),
    Column("Notizen", "notes", v.multi_line(rules.NOTES_MAX), example="", aliases=("Notiz",)),
    Column("Einwilligung", "consent", v.consent, required=True, example="ja"),
    Column("Einwilligung am", "consent_given_on", v.consent_day, example="15.10.2026",
           aliases=("Einwilligungsdatum",)),
)


def check(values: dict[str, Any]) -> list[tuple[str, str]]:
    """The KldB column pairs its codes with the entries of "Berufserfahrung", in order."""
    codes, jobs = values.get("occupation_codes") or [], values.get("occupations") or []
    if len(codes) > len(jobs):
        return [("occupation_codes", _("Hier stehen %(codes)d Codes, aber nur %(jobs)d Einträge unter "
                                       "„Berufserfahrung“. Bitte je Eintrag höchstens einen Code, in derselben "
                                       "Reihenfolge.", codes=len(codes), jobs=len(jobs)))]
    return [("occupation_codes", _("Für „%(name)s“ stehen zwei verschiedene KldB-Codes (%(one)s und %(two)s). "
                                   "Bitte nur einen angeben.", name=job.name, one=job.kldb, two=code))
            for job, code in zip(jobs, codes, strict=False) if code and job.kldb and job.kldb != code]


def build(values: dict[str, Any], lookups: Lookups) -> CandidateRow:
    fields = {name: value for name, value in values.items()
              if name not in ("consent", "consent_given_on", "occupation_codes")}
    if "occupations" in fields:
        codes = (values.get("occupation_codes") or []) + [None] * len(fields["occupations"])
        fields["occupations"] = [replace(job, kldb=code or job.kldb)
                                 for job, code in zip(fields["occupations"], codes, strict=False)]
    # Without the date column, consent counts as given today, when the caseworker imports it.
    return CandidateRow(CandidateData(**fields), values.get("consent_given_on") or lookups.today)


SPEC = Spec(
    kind=ImportKind.CANDIDATES,
    columns=COLUMNS,
    build=build,
    check=check,
    preview=("first_name", "last_initial", "german_level", "skills", "occupations", "district_ids",
             "consent_given_on"),
)
