"""Vocabulary shared by slots, candidates, the matcher and the reports, with German labels.

The stored values are the ones the matching engine speaks ("eq", "B1", "zustimmung").
"""

from __future__ import annotations

from ..translations import lazy_gettext as _l
from .base import LabelledEnum


class GermanLevel(LabelledEnum):
    """CEFR (GER) levels, in order."""

    A1 = "A1", _l("A1 – Anfänger")
    A2 = "A2", _l("A2 – Grundkenntnisse")
    B1 = "B1", _l("B1 – selbstständig")
    B2 = "B2", _l("B2 – gut")
    C1 = "C1", _l("C1 – sehr gut")
    C2 = "C2", _l("C2 – fast muttersprachlich")

    @property
    def rank(self) -> int:
        return list(GermanLevel).index(self)

    def and_above(self) -> list[GermanLevel]:
        return [level for level in GermanLevel if level.rank >= self.rank]


class SlotKind(LabelledEnum):
    PRAKTIKUM = "praktikum", _l("Praktikum")
    EQ = "eq", _l("Einstiegsqualifizierung (EQ)")
    AUSBILDUNG = "ausbildung", _l("Ausbildung")
    TEILZEITAUSBILDUNG = "teilzeitausbildung", _l("Teilzeitausbildung")
    HELFER = "helfer", _l("Helfertätigkeit")
    FACHKRAFT = "fachkraft", _l("Fachkraftstelle")

    @property
    def has_duration(self) -> bool:
        """Praktikum and EQ last a fixed time; the others do not."""
        return self in (SlotKind.PRAKTIKUM, SlotKind.EQ)


class WorkingTime(LabelledEnum):
    VOLLZEIT = "vollzeit", _l("Vollzeit")
    TEILZEIT = "teilzeit", _l("Teilzeit")
    MINIJOB = "minijob", _l("Minijob")
    FLEXIBEL = "flexibel", _l("flexibel nach Absprache")


class SchoolCertificate(LabelledEnum):
    """The school-leaving certificate a business expects (mostly for an Ausbildung)."""

    KEINER = "keiner", _l("keiner nötig")
    HAUPTSCHULE = "hauptschule", _l("Hauptschulabschluss oder vergleichbar")
    MITTLERE_REIFE = "mittlere_reife", _l("Mittlerer Schulabschluss (Realschule) oder vergleichbar")
    ABITUR = "abitur", _l("Fachhochschulreife oder Abitur")


class PayUnit(LabelledEnum):
    MONAT = "monat", _l("im Monat")
    STUNDE = "stunde", _l("pro Stunde")


class WorkPermit(LabelledEnum):
    ERLAUBT = "erlaubt", _l("Beschäftigung erlaubt")
    ZUSTIMMUNG = "zustimmung", _l("Zustimmung der Ausländerbehörde nötig")
    NICHT_ERLAUBT = "nicht_erlaubt", _l("Beschäftigung nicht erlaubt")
    UNGEKLAERT = "ungeklaert", _l("ungeklärt")


class OriginRegion(LabelledEnum):
    """A fixed, coarse list: for aggregate reports only, never shown outside the agency."""

    EU_SUEDOST = "eu_suedost", _l("EU – Südosteuropa (z. B. Bulgarien, Rumänien)")
    EU_SONSTIGE = "eu_sonstige", _l("EU – übrige Staaten")
    EUROPA_NICHT_EU = "europa_nicht_eu", _l("Europa außerhalb der EU (z. B. Westbalkan, Ukraine, Türkei)")
    NAHOST = "nahost", _l("Naher und Mittlerer Osten (z. B. Syrien, Irak, Iran)")
    SUEDASIEN = "suedasien", _l("Afghanistan und Südasien")
    NORDAFRIKA = "nordafrika", _l("Nordafrika")
    SUBSAHARA = "subsahara", _l("Afrika südlich der Sahara")
    SONSTIGE = "sonstige", _l("andere Region")
    KEINE_ANGABE = "keine_angabe", _l("keine Angabe")


class Recognition(LabelledEnum):
    ANERKANNT = "anerkannt", _l("anerkannt")
    IN_ANERKENNUNG = "in_anerkennung", _l("in Anerkennung")
    KEINE = "keine", _l("nicht anerkannt")
