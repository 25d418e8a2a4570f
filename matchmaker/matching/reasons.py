"""Reasons as codes with parameters, and their German sentences.

The engine hands out (code, params) pairs; `render` gives the German sentence, and the app
renders the same templates through gettext (`N_` marks them for extraction), so a stored
reason can be shown in any language later.
"""

from __future__ import annotations

from collections.abc import Mapping


def N_(text: str) -> str:
    return text


TEMPLATES: dict[str, str] = {
    "occupation_same": N_("Beruf passt: %(wanted)s (KldB %(code)s)"),
    "occupation_named_later": N_("Beruf passt zu einer weiteren genannten Tätigkeit: %(wanted)s (KldB %(code)s)"),
    "occupation_untergruppe": N_("Gleiche Tätigkeit, andere Stufe: %(own)s zu %(wanted)s (KldB %(code)s…)"),
    "occupation_helper": N_(
        "Erfahrung in derselben Berufsgruppe passt zur Helferstelle: %(own)s zu %(wanted)s (KldB %(code)s…)"),
    "occupation_gruppe": N_("Verwandter Beruf in derselben Berufsgruppe: %(own)s zu %(wanted)s (KldB %(code)s…)"),
    "occupation_hauptgruppe": N_("Beruf aus demselben Berufsbereich: %(own)s zu %(wanted)s (KldB %(code)s…)"),
    "title_similar": N_("Angaben ähneln der Stellenbezeichnung „%(title)s“ (%(percent)s %%)"),
    "skills_brought": N_("Bringt %(count)s von %(total)s gewünschten Fähigkeiten mit: %(names)s"),
    "skills_typical": N_("Bringt %(count)s von %(total)s typischen Fähigkeiten des Berufs mit: %(names)s"),
    "skills_implied": N_("Vermutlich vorhanden, weil typisch für den eigenen Beruf: %(names)s"),
    "skills_none": N_("Keine der gewünschten Fähigkeiten angegeben"),
    "language_met": N_("Deutsch %(german)s erfüllt das Minimum %(minimum)s"),
    "language_one_below": N_("Deutsch %(german)s liegt eine Stufe unter dem Minimum %(minimum)s; "
                             "der Betrieb fördert Deutschlernen im Betrieb"),
    "district_same": N_("Arbeitsort %(district)s ist erreichbar"),
    "district_whole_bezirk": N_("Arbeitsort %(district)s liegt im erreichbaren Stadtbezirk %(bezirk)s"),
    "district_same_bezirk": N_("Arbeitsort %(district)s liegt im selben Stadtbezirk (%(bezirk)s)"),
    "district_any": N_("Keine Einschränkung beim Stadtteil"),
    "district_none": N_("Kein Arbeitsort angegeben"),
    "district_other": N_("Arbeitsort %(district)s liegt außerhalb der gewünschten Stadtteile"),
    "kind_wanted": N_("Sucht %(kind)s"),
    "kind_any": N_("Offen für alle Angebotsarten"),
    "kind_other": N_("Sucht eigentlich %(kinds)s"),
    "available": N_("Verfügbar zum Beginn"),
    "available_soon": N_("Verfügbar %(days)s Tage nach Beginn"),
    "available_later": N_("Erst ab %(date)s verfügbar"),
    "permit_consent": N_("Für die Beschäftigung ist die Zustimmung der Ausländerbehörde nötig"),
    "permit_unclear": N_("Arbeitserlaubnis noch ungeklärt"),
}

KIND_LABELS: dict[str, str] = {
    "praktikum": N_("ein Praktikum"),
    "eq": N_("eine Einstiegsqualifizierung"),
    "ausbildung": N_("eine Ausbildung"),
    "teilzeitausbildung": N_("eine Teilzeitausbildung"),
    "helfer": N_("eine Helfertätigkeit"),
    "fachkraft": N_("eine Fachkraftstelle"),
}

Reason = tuple[str, dict]


def render(code: str, params: Mapping[str, object], translate=lambda text: text) -> str:
    """The sentence of one reason; `translate` is gettext in the app, the identity here."""
    values = dict(params)
    if "kind" in values:
        values["kind"] = translate(KIND_LABELS[str(values["kind"])])
    if "kinds" in values:
        values["kinds"] = translate(" oder ").join(translate(KIND_LABELS[k]) for k in values["kinds"])
    if isinstance(values.get("names"), list | tuple):
        values["names"] = ", ".join(values["names"])
    return translate(TEMPLATES[code]) % values if values else translate(TEMPLATES[code])
