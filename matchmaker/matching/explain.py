"""Why a pair was proposed: every part that moved the score, as reason codes with parameters."""

from __future__ import annotations

from datetime import date

from . import scoring
from .features import CandidatePool, ConceptIndex, SlotPool
from .reasons import Reason
from .weights import Weights

_LEVEL_CODES = {
    scoring.LEVEL_UNTER: ("occupation_untergruppe", 4),
    scoring.LEVEL_GRUPPE: ("occupation_gruppe", 3),
    scoring.LEVEL_HAUPT: ("occupation_hauptgruppe", 2),
}
LIKENESS_SHOWN = 0.3  # a likeness of the titles below this is not worth a sentence


class Explainer:
    def __init__(self, index: ConceptIndex, weights: Weights):
        self.index = index
        self.weights = weights
        self.feature_names = [s.name for s in index.vocabulary.skills.values()] + [
            index.occupations.display_title(code) or code for code in index.codes]

    def reasons(self, scored: scoring.Scored, k: int, candidates: CandidatePool, slots: SlotPool) -> list[Reason]:
        i, j = int(scored.rows[k]), int(scored.cols[k])
        found = self._occupation(int(scored.level[k]), float(scored.likeness[k]), candidates, i, slots, j)
        found += self._skills(float(scored.coverage[k]), candidates, i, slots, j)
        found.append(self._language(int(scored.language[k]), candidates.specs[i].german, slots.specs[j].min_german))
        found.append(self._district(int(scored.district[k]), slots.specs[j].district))
        found.append(self._kind(int(scored.kind[k]), candidates.specs[i].desired_kinds, slots.specs[j].kind))
        found.append(self._availability(int(scored.late_days[k]), candidates.specs[i].available_from))
        found += self._permit(candidates.specs[i].work_permit)
        return found

    def _occupation(self, level: int, likeness: float, candidates, i, slots, j) -> list[Reason]:
        own = candidates.occupations.resolutions[i]
        wanted = slots.occupations.resolutions[j]
        if level == scoring.LEVEL_NONE or not own or not wanted:
            if likeness >= LIKENESS_SHOWN:
                return [("title_similar", {"title": slots.specs[j].title, "percent": round(100 * likeness)})]
            return []
        depth = {scoring.LEVEL_EXACT: 5, scoring.LEVEL_UNTER: 4, scoring.LEVEL_GRUPPE: 3,
                 scoring.LEVEL_HAUPT: 2}[level]
        mine, theirs = next(((a, b) for b in wanted for a in own if a.code[:depth] == b.code[:depth]),
                            (own[0], wanted[0]))
        if level == scoring.LEVEL_EXACT:
            return [("occupation_same", {"wanted": theirs.title, "code": theirs.code})]
        code, digits = _LEVEL_CODES[level]
        if level == scoring.LEVEL_UNTER and mine.code[:4] != theirs.code[:4]:
            code, digits = "occupation_helper", 3  # a Gruppe counted as the same work for a Helfer slot
        return [(code, {"own": mine.title, "wanted": theirs.title, "code": theirs.code[:digits]})]

    def _skills(self, coverage: float, candidates, i, slots, j) -> list[Reason]:
        required = sorted(slots.required[j].indices)
        if not required:
            return []
        if coverage <= 0:
            return [("skills_none", {})] if slots.stated[j] else []
        features = candidates.features[i]
        has = dict(zip(features.indices, features.data, strict=True))
        direct = [self.feature_names[f] for f in required if has.get(f, 0) >= 1.0]
        implied = [self.feature_names[f] for f in required if 0 < has.get(f, 0) < 1.0]
        found: list[Reason] = []
        if direct:
            code = "skills_brought" if slots.stated[j] else "skills_typical"
            found.append((code, {"count": len(direct), "total": len(required), "names": direct}))
        if implied:
            found.append(("skills_implied", {"names": implied}))
        return found

    @staticmethod
    def _language(code: int, german: str, minimum: str) -> Reason:
        name = "language_one_below" if code == scoring.LANG_ONE_BELOW else "language_met"
        return name, {"german": german, "minimum": minimum}

    def _district(self, code: int, district: str | None) -> Reason:
        params = {"district": district or "", "bezirk": self._bezirk_name(district)}
        if code == scoring.DIST_ANY:
            return ("district_any", {}) if district else ("district_none", {})
        return {
            scoring.DIST_SAME: "district_same",
            scoring.DIST_WHOLE_BEZIRK: "district_whole_bezirk",
            scoring.DIST_SAME_BEZIRK: "district_same_bezirk",
            scoring.DIST_OTHER: "district_other",
        }[code], params

    def _bezirk_name(self, district: str | None) -> str:
        index = self.index.districts.get(district or "", -1)
        bezirk = self.index.bezirk(index)
        names = {n: name for name, n in self.index.districts.items()}
        return names.get(bezirk, district or "")

    @staticmethod
    def _kind(code: int, desired, kind: str) -> Reason:
        if code == scoring.KIND_WANTED:
            return "kind_wanted", {"kind": kind}
        if code == scoring.KIND_ANY:
            return "kind_any", {}
        return "kind_other", {"kinds": list(desired)}

    def _availability(self, late_days: int, available_from: date | None) -> Reason:
        if late_days == 0:
            return "available", {}
        if late_days <= self.weights.soon_days:
            return "available_soon", {"days": late_days}
        return "available_later", {"date": f"{available_from:%d.%m.%Y}"}

    @staticmethod
    def _permit(permit: str) -> list[Reason]:
        return {
            "zustimmung": [("permit_consent", {})],
            "ungeklaert": [("permit_unclear", {})],
        }.get(permit, [])
