"""German reasons for a scored pair: every part that moved the score, in short sentences."""

from __future__ import annotations

from datetime import date

from . import scoring
from .features import CandidatePool, ConceptIndex, SlotPool
from .weights import Weights

KIND_LABELS = {
    "praktikum": "ein Praktikum",
    "eq": "eine Einstiegsqualifizierung",
    "ausbildung": "eine Ausbildung",
    "teilzeitausbildung": "eine Teilzeitausbildung",
    "helfer": "eine Helfertätigkeit",
    "fachkraft": "eine Fachkraftstelle",
}


class Explainer:
    def __init__(self, index: ConceptIndex, weights: Weights):
        self.index = index
        self.weights = weights
        vocabulary = index.vocabulary
        self.feature_names = [s.name for s in vocabulary.skills.values()] + [
            o.title for o in vocabulary.occupations.values()
        ]
        self.occupation_ids = list(vocabulary.occupations)
        self.field_names = {f.id: f.name for f in vocabulary.fields.values()}

    def reasons(self, scored: scoring.Scored, k: int, candidates: CandidatePool, slots: SlotPool) -> list[str]:
        i, j = int(scored.rows[k]), int(scored.cols[k])
        found = self._occupation(float(scored.occupation[k]), candidates, i, slots, j)
        found += self._skills(float(scored.coverage[k]), candidates, i, slots, j)
        found.append(self._language(int(scored.language[k]), candidates.specs[i].german, slots.specs[j].min_german))
        found.append(self._district(int(scored.district[k]), slots.specs[j].district))
        found.append(self._kind(int(scored.kind[k]), candidates.specs[i].desired_kinds, slots.specs[j].kind))
        found.append(self._availability(int(scored.late_days[k]), candidates.specs[i].available_from))
        found += self._permit(candidates.specs[i].work_permit)
        return found

    def _titles(self, matrix, row: int) -> list[str]:
        vocabulary = self.index.vocabulary
        return [vocabulary.occupations[self.occupation_ids[c]].title for c in matrix[row].indices]

    def _occupation(self, value: float, candidates, i, slots, j) -> list[str]:
        w = self.weights
        wanted = self._titles(slots.occupation, j)
        if value >= 1.0 and wanted:
            return [f"Beruf passt: {wanted[0]}"]
        if value >= w.free_title and not wanted:
            return [f"Angaben ähneln der Stellenbezeichnung „{slots.specs[j].title}“"]
        if value >= w.related and wanted:
            own = ", ".join(self._titles(candidates.occupation, i))
            return [f"Verwandter Beruf: {own} passt teilweise zu {wanted[0]}"]
        if value > 0 and wanted:
            field = self.index.vocabulary.occupations[self.occupation_ids[slots.occupation[j].indices[0]]].field
            return [f"Gleiches Berufsfeld: {self.field_names[field]}"]
        return []

    def _skills(self, coverage: float, candidates, i, slots, j) -> list[str]:
        required = sorted(slots.required[j].indices)
        total = len(required) + slots.required_free[j].nnz
        if not total:
            return []
        if coverage <= 0:
            return ["Keine der gewünschten Fähigkeiten angegeben"]
        features = candidates.features[i]
        has = dict(zip(features.indices, features.data, strict=True))
        direct = [self.feature_names[f] for f in required if has.get(f, 0) >= 1.0]
        implied = [self.feature_names[f] for f in required if 0 < has.get(f, 0) < 1.0]
        similar = max(0, round(coverage * total - len(direct) - len(implied) * self.weights.implied_skill))
        found = []
        if direct or similar:
            named = ": " + ", ".join(direct) if direct else " (ähnliche Angaben)"
            found.append(f"Bringt {len(direct) + similar} von {total} gewünschten Fähigkeiten mit{named}")
        if implied:
            found.append("Vermutlich vorhanden, weil typisch für den Beruf: " + ", ".join(implied))
        return found

    @staticmethod
    def _language(code: int, german: str, minimum: str) -> str:
        if code == scoring.LANG_ONE_BELOW:
            return (f"Deutsch {german} liegt eine Stufe unter dem Minimum {minimum}; "
                    "der Betrieb fördert Deutschlernen im Betrieb")
        return f"Deutsch {german} erfüllt das Minimum {minimum}"

    def _district(self, code: int, district: str | None) -> str:
        bezirk = self._bezirk_name(district)
        return {
            scoring.DIST_SAME: f"Arbeitsort {district} ist erreichbar",
            scoring.DIST_WHOLE_BEZIRK: f"Arbeitsort {district} liegt im erreichbaren Stadtbezirk {bezirk}",
            scoring.DIST_SAME_BEZIRK: f"Arbeitsort {district} liegt im selben Stadtbezirk ({bezirk})",
            scoring.DIST_ANY: "Keine Einschränkung beim Stadtteil" if district else "Kein Arbeitsort angegeben",
            scoring.DIST_OTHER: f"Arbeitsort {district} liegt außerhalb der gewünschten Stadtteile",
        }[code]

    def _bezirk_name(self, district: str | None) -> str:
        index = self.index.districts.get(district or "", -1)
        bezirk = self.index.bezirk(index)
        names = {n: name for name, n in self.index.districts.items()}
        return names.get(bezirk, district or "")

    @staticmethod
    def _kind(code: int, desired, kind: str) -> str:
        if code == scoring.KIND_WANTED:
            return f"Sucht {KIND_LABELS[kind]}"
        if code == scoring.KIND_ANY:
            return "Offen für alle Angebotsarten"
        return "Sucht eigentlich " + " oder ".join(KIND_LABELS[k] for k in desired)

    def _availability(self, late_days: int, available_from: date | None) -> str:
        if late_days == 0:
            return "Verfügbar zum Beginn"
        if late_days <= self.weights.soon_days:
            return f"Verfügbar {late_days} Tage nach Beginn"
        return f"Erst ab {available_from:%d.%m.%Y} verfügbar"

    @staticmethod
    def _permit(permit: str) -> list[str]:
        return {
            "zustimmung": ["Für die Beschäftigung ist die Zustimmung der Ausländerbehörde nötig"],
            "ungeklaert": ["Arbeitserlaubnis noch ungeklärt"],
        }.get(permit, [])
