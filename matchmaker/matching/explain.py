"""Why a pair was proposed: every part that moved the score, as reason codes with parameters.

A pair's reasons are worked out in two steps: first a small key per part (what the sentence
depends on: the level and the titles that met, the skills found, the German levels, the
district, ...), then the reason itself. Keys repeat across a city (millions of pairs share a
few thousand district, language or occupation sentences), so each key's reason, and its JSON
text for storage, is made once. For storage (`encoded`), numpy first sorts a whole block's
pairs into groups that surely share a part's key, and only one pair per new group is looked at
in Python: a city-wide rebuild stays bound by scoring and writing.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np

from . import scoring
from .features import CandidatePool, ConceptIndex, SlotPool
from .reasons import Reason
from .weights import Weights

_LEVEL_CODES = {
    scoring.LEVEL_UNTER: ("occupation_untergruppe", 4),
    scoring.LEVEL_GRUPPE: ("occupation_gruppe", 3),
    scoring.LEVEL_HAUPT: ("occupation_hauptgruppe", 2),
}
_DEPTH = {scoring.LEVEL_EXACT: 5, scoring.LEVEL_LATER: 5, scoring.LEVEL_UNTER: 4, scoring.LEVEL_GRUPPE: 3,
          scoring.LEVEL_HAUPT: 2}
_DISTRICT_CODES = {
    scoring.DIST_SAME: "district_same",
    scoring.DIST_WHOLE_BEZIRK: "district_whole_bezirk",
    scoring.DIST_SAME_BEZIRK: "district_same_bezirk",
    scoring.DIST_OTHER: "district_other",
}
_PERMITS = {"zustimmung": (("permit_consent", {}),), "ungeklaert": (("permit_unclear", {}),)}
LIKENESS_SHOWN = 0.3  # a likeness of the titles below this is not worth a sentence
MAX_KEYS = 500_000  # reasons remembered at most; then the memory starts afresh

Key = tuple  # (what the reason depends on); its first item names the part
# What a pair's reasons are read from, in the order _keys takes them.
_PAIR_FIELDS = ("rows", "cols", "level", "likeness", "coverage", "language", "district", "kind", "late_days")
ROW, COL, LEVEL, LIKENESS, COVERAGE, LANGUAGE, DISTRICT, KIND, LATE = range(len(_PAIR_FIELDS))
MAX_BITS = 20  # a slot's requirements told apart by bits in one number (more: each pair on its own)
ID_BITS = 22  # distinct values of one kind an engine tells apart by number (`_distinct`): 4 million


class Explainer:
    def __init__(self, index: ConceptIndex, weights: Weights):
        self.index = index
        self.weights = weights
        self.feature_names = [s.name for s in index.vocabulary.skills.values()] + [
            index.occupations.display_title(code) or code for code in index.codes]
        self._reasons: dict[Key, tuple[Reason, ...]] = {}  # key -> its reasons (none, one or two)
        self._texts: dict[Key, str] = {}  # key -> the JSON text of its reasons, without brackets
        self._group_texts: dict[tuple[int, int], str] = {}  # (part, group of pairs) -> its text (`encoded`)
        self._ids: dict[str, dict] = {}  # numbers for slots' and people's values, the same in every pool

    def reasons(self, scored: scoring.Scored, k: int, candidates: CandidatePool, slots: SlotPool) -> list[Reason]:
        """The reason codes of the k-th scored pair, in the order they are shown."""
        keys = self._keys(_pair(scored, k), candidates, slots)
        # Copies: the remembered reasons are shared by every pair with the same key.
        return [(code, dict(params)) for key in keys for code, params in self._reasons_of(key)]

    def encoded(self, scored: scoring.Scored, candidates: CandidatePool, slots: SlotPool) -> list[str]:
        """The reasons of every scored pair as JSON text (`[[code, params], ...]`, the form in
        which they are stored), for a whole block at once.

        Part by part, numpy puts the pairs in groups that are sure to share that part's key (the
        same slot and district code, the same German levels, the same skills met of the same
        slot, ...). Each group's key is worked out from one of its pairs, its text made once and
        handed to every pair of the group; a pair's text is its parts' texts joined."""
        if not len(scored.score):
            return []
        columns = [getattr(scored, name).tolist() for name in _PAIR_FIELDS]
        if len(self._group_texts) >= MAX_KEYS:
            self._group_texts.clear()
        joined = None
        for part, (key_of, groups_of) in enumerate(_PARTS):
            groups, first, inverse = np.unique(groups_of(self, scored, candidates, slots), return_index=True,
                                               return_inverse=True)
            texts = np.empty(len(first), dtype=object)
            kept = self._group_texts
            texts[:] = [text if (text := kept.get((part, group))) is not None  # "" is a kept text too
                        else self._group_text(part, group, key_of, columns, k, candidates, slots)
                        for group, k in zip(groups.tolist(), first.tolist(), strict=True)]
            joined = texts[inverse] if joined is None else joined + texts[inverse]
        return [f"[{text[:-2]}]" for text in joined.tolist()]

    def _group_text(self, part: int, group: int, key_of, columns: list[list], k: int, candidates, slots) -> str:
        """The text of a part for a group of pairs, worked out from its k-th pair: groups are
        numbers with the same meaning in every block and pool of this engine (negative ones
        excepted), so their texts are kept."""
        text = self._text(key_of(self, tuple(column[k] for column in columns), candidates, slots))
        if group >= 0:
            self._group_texts[(part, group)] = text
        return text

    def _text(self, key: Key) -> str:
        """A key's reasons as JSON, each followed by ", " (nothing where it has none)."""
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = "".join(f"{json.dumps(list(r), ensure_ascii=False)}, "
                                               for r in self._reasons_of(key))
        return text

    def _reasons_of(self, key: Key) -> tuple[Reason, ...]:
        found = self._reasons.get(key)
        if found is None:
            if len(self._reasons) >= MAX_KEYS:
                self._reasons.clear()
                self._texts.clear()
            found = self._reasons[key] = _BUILDERS[key[0]](self, *key[1:])
        return found

    # What each part depends on -----------------------------------------------------------

    def _keys(self, pair: tuple, candidates: CandidatePool, slots: SlotPool) -> list[Key]:
        return [key_of(self, pair, candidates, slots) for key_of, _ in _PARTS]

    def _language_key(self, pair: tuple, candidates: CandidatePool, slots: SlotPool) -> Key:
        return ("language", pair[LANGUAGE], candidates.specs[pair[ROW]].german, slots.specs[pair[COL]].min_german)

    def _district_key(self, pair: tuple, candidates: CandidatePool, slots: SlotPool) -> Key:
        return ("district", pair[DISTRICT], slots.specs[pair[COL]].district)

    def _available_key(self, pair: tuple, candidates: CandidatePool, slots: SlotPool) -> Key:
        late = pair[LATE]
        since = candidates.specs[pair[ROW]].available_from if late > self.weights.soon_days else None
        return ("available", late, since)

    def _permit_key(self, pair: tuple, candidates: CandidatePool, slots: SlotPool) -> Key:
        return ("permit", candidates.specs[pair[ROW]].work_permit)

    def _kind_key(self, pair: tuple, candidates: CandidatePool, slots: SlotPool) -> Key:
        code = pair[KIND]
        if code == scoring.KIND_WANTED:
            return ("kind", code, (), slots.specs[pair[COL]].kind)
        return ("kind", code, tuple(candidates.specs[pair[ROW]].desired_kinds) if code == scoring.KIND_OTHER else (),
                None)

    def _occupation_key(self, pair: tuple, candidates: CandidatePool, slots: SlotPool) -> Key:
        i, j, level, likeness = pair[ROW], pair[COL], pair[LEVEL], pair[LIKENESS]
        own = candidates.occupations.resolutions[i]
        wanted = slots.occupations.resolutions[j]
        if level == scoring.LEVEL_NONE or not own or not wanted:
            percent = round(100 * likeness) if likeness >= LIKENESS_SHOWN else None
            return ("similar", slots.specs[j].title if percent is not None else None, percent)
        depth = _DEPTH[level]
        mine, theirs = next(((a, b) for b in wanted for a in own if a.code[:depth] == b.code[:depth]),
                            (own[0], wanted[0]))
        return ("occupation", level, mine.code, mine.title, theirs.code, theirs.title)

    def _skills_key(self, pair: tuple, candidates: CandidatePool, slots: SlotPool) -> Key:
        i, j = pair[ROW], pair[COL]
        wanted = sorted(_row(slots.required, j)[0])
        if not wanted:
            return ("skills", None, 0, (), ())
        stated = bool(slots.stated[j])
        if pair[COVERAGE] <= 0:
            return ("skills", stated, len(wanted), None, ())
        has = dict(zip(*_row(candidates.features, i), strict=True))
        direct = tuple(f for f in wanted if has.get(f, 0) >= 1.0)
        implied = tuple(f for f in wanted if 0 < has.get(f, 0) < 1.0)
        return ("skills", stated, len(wanted), direct, implied)

    # Groups of pairs sure to share a part's key (numpy, a whole block at once) ----------------

    # Every group is a number made of numbers for values (`_distinct`) that mean the same in every
    # pool of this engine, so that a group's text can be kept across blocks and pools.

    def _occupation_groups(self, scored, candidates, slots) -> np.ndarray:
        """What both sides were recognised as and how far they meet; else the title and likeness."""
        own = self._distinct(candidates, "resolutions", lambda: candidates.occupations.resolutions)[scored.rows]
        wanted = self._distinct(slots, "resolutions", lambda: slots.occupations.resolutions)[scored.cols]
        nothing = self._ids["resolutions"][()]
        met = (scored.level != scoring.LEVEL_NONE) & (own != nothing) & (wanted != nothing)
        percent = np.where(scored.likeness >= LIKENESS_SHOWN, np.round(100 * scored.likeness), -1).astype(np.int64)
        title = self._distinct(slots, "titles", lambda: [spec.title for spec in slots.specs])[scored.cols]
        return np.where(met, ((((own << ID_BITS) + wanted) << 3) + scored.level) << 1,
                        (((title << 8) + percent + 1) << 1) + 1)

    def _skills_groups(self, scored, candidates, slots) -> np.ndarray:
        """What the slot asks for, whether anything was met, and which of it the person has or
        probably has (as bits)."""
        required = _memo(slots, "required_sorted", lambda: slots.required.sorted_indices())
        cols = scored.cols
        starts = required.indptr[cols]
        lengths = required.indptr[cols + 1] - starts
        owner = np.repeat(np.arange(len(cols)), lengths)
        position = np.arange(len(owner)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        features = required.indices[np.repeat(starts, lengths) + position]
        keys, values = _memo(candidates, "feature_keys", lambda: _keyed(candidates.features))
        wanted = scored.rows[owner].astype(np.int64) * candidates.features.shape[1] + features
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        value = np.where(keys[at] == wanted, values[at], 0.0) if len(keys) else np.zeros(len(wanted))
        bit = np.left_shift(1, np.minimum(position, MAX_BITS)).astype(np.int64)
        direct = np.bincount(owner, weights=np.where(value >= 1.0, bit, 0), minlength=len(cols)).astype(np.int64)
        implied = np.bincount(owner, weights=np.where((value > 0) & (value < 1.0), bit, 0),
                              minlength=len(cols)).astype(np.int64)
        met = (scored.coverage > 0).astype(np.int64)
        asked = self._distinct(slots, "requirements", lambda: [
            (bool(stated), tuple(sorted(_row(slots.required, n)[0]))) for n, stated in enumerate(slots.stated)])
        groups = (((((asked[cols] << 1) + met) << MAX_BITS) + direct) << MAX_BITS) + implied
        wide = lengths > MAX_BITS  # a slot asking for more than MAX_BITS things: each pair a group of its own
        return np.where(wide, -1 - np.arange(len(cols)), groups)

    def _language_groups(self, scored, candidates, slots) -> np.ndarray:
        return (scored.language.astype(np.int64) * 8 + candidates.rank[scored.rows]) * 8 + slots.min_rank[scored.cols]

    def _district_groups(self, scored, candidates, slots) -> np.ndarray:
        district = self._distinct(slots, "districts", lambda: [spec.district for spec in slots.specs])
        return (district[scored.cols] << 3) + scored.district

    def _kind_groups(self, scored, candidates, slots) -> np.ndarray:
        desired = self._distinct(candidates, "desired", lambda: [tuple(s.desired_kinds) for s in candidates.specs])
        return np.where(scored.kind == scoring.KIND_WANTED, slots.kind[scored.cols].astype(np.int64) << 2,
                        np.where(scored.kind == scoring.KIND_OTHER, (desired[scored.rows] << 2) + 1, 2))

    def _available_groups(self, scored, candidates, slots) -> np.ndarray:
        late = scored.late_days.astype(np.int64)
        since = self._distinct(candidates, "available", lambda: [s.available_from for s in candidates.specs])
        return np.where(late <= self.weights.soon_days, late << 1, (((since[scored.rows] << 24) + late) << 1) + 1)

    def _permit_groups(self, scored, candidates, slots) -> np.ndarray:
        return candidates.permit[scored.rows].astype(np.int64)

    def _distinct(self, pool: CandidatePool | SlotPool, name: str, values) -> np.ndarray:
        """A number per item of a pool for its value (`values()`, in item order): equal values get
        equal numbers in every pool of this engine. Made once per pool."""
        def make() -> np.ndarray:
            ids = self._ids.setdefault(name, {(): 0} if name == "resolutions" else {})
            found = np.array([ids.setdefault(value, len(ids)) for value in values()], dtype=np.int64)
            if len(ids) >= 1 << ID_BITS:
                raise OverflowError(f"more than {1 << ID_BITS} distinct {name}")
            return found
        return _memo(pool, f"ids:{name}", make)

    # The reasons of each part ------------------------------------------------------------

    def _occupation(self, level: int, own_code: str, own_title: str, code: str, title: str) -> tuple[Reason, ...]:
        if level == scoring.LEVEL_EXACT:
            return (("occupation_same", {"wanted": title, "code": code}),)
        if level == scoring.LEVEL_LATER:
            return (("occupation_named_later", {"wanted": title, "code": code}),)
        name, digits = _LEVEL_CODES[level]
        if level == scoring.LEVEL_UNTER and own_code[:4] != code[:4]:
            name, digits = "occupation_helper", 3  # a Gruppe counted as the same work for a Helfer slot
        return ((name, {"own": own_title, "wanted": title, "code": code[:digits]}),)

    def _similar(self, title: str | None, percent: int | None) -> tuple[Reason, ...]:
        return () if percent is None else (("title_similar", {"title": title, "percent": percent}),)

    def _skills(self, stated: bool | None, total: int, direct: tuple | None, implied: tuple) -> tuple[Reason, ...]:
        if stated is None:  # the slot asks for nothing
            return ()
        if direct is None:  # nothing of it met
            return (("skills_none", {}),) if stated else ()
        names = self.feature_names
        found: list[Reason] = []
        if direct:
            code = "skills_brought" if stated else "skills_typical"
            found.append((code, {"count": len(direct), "total": total, "names": [names[f] for f in direct]}))
        if implied:
            found.append(("skills_implied", {"names": [names[f] for f in implied]}))
        return tuple(found)

    def _language(self, code: int, german: str, minimum: str) -> tuple[Reason, ...]:
        name = "language_one_below" if code == scoring.LANG_ONE_BELOW else "language_met"
        return ((name, {"german": german, "minimum": minimum}),)

    def _district(self, code: int, district: str | None) -> tuple[Reason, ...]:
        if code == scoring.DIST_ANY:
            return (("district_any", {}),) if district else (("district_none", {}),)
        return ((_DISTRICT_CODES[code], {"district": district or "", "bezirk": self._bezirk_name(district)}),)

    def _bezirk_name(self, district: str | None) -> str:
        index = self.index.districts.get(district or "", -1)
        bezirk = self.index.bezirk(index)
        names = {n: name for name, n in self.index.districts.items()}
        return names.get(bezirk, district or "")

    def _kind(self, code: int, desired: tuple, kind: str) -> tuple[Reason, ...]:
        if code == scoring.KIND_WANTED:
            return (("kind_wanted", {"kind": kind}),)
        if code == scoring.KIND_ANY:
            return (("kind_any", {}),)
        return (("kind_other", {"kinds": list(desired)}),)

    def _availability(self, late_days: int, available_from: date | None) -> tuple[Reason, ...]:
        if late_days == 0:
            return (("available", {}),)
        if late_days <= self.weights.soon_days:
            return (("available_soon", {"days": late_days}),)
        return (("available_later", {"date": f"{available_from:%d.%m.%Y}"}),)

    def _permit(self, permit: str) -> tuple[Reason, ...]:
        return _PERMITS.get(permit, ())


# A pair's reasons part by part, in the order they are shown: the key of one pair, and the
# groups of a block's pairs that are sure to share it.
_PARTS = (
    (Explainer._occupation_key, Explainer._occupation_groups),
    (Explainer._skills_key, Explainer._skills_groups),
    (Explainer._language_key, Explainer._language_groups),
    (Explainer._district_key, Explainer._district_groups),
    (Explainer._kind_key, Explainer._kind_groups),
    (Explainer._available_key, Explainer._available_groups),
    (Explainer._permit_key, Explainer._permit_groups),
)

_BUILDERS = {  # a key's first item -> the method that makes its reasons from the rest
    "occupation": Explainer._occupation,
    "similar": Explainer._similar,
    "skills": Explainer._skills,
    "language": Explainer._language,
    "district": Explainer._district,
    "kind": Explainer._kind,
    "available": Explainer._availability,
    "permit": Explainer._permit,
}


def _pair(scored: scoring.Scored, k: int) -> tuple:
    return tuple(getattr(scored, name)[k].item() for name in _PAIR_FIELDS)


def _row(matrix, n: int) -> tuple[list[int], list[float]]:
    """Columns and values of row n of a CSR matrix (without scipy's costly row slicing)."""
    start, end = matrix.indptr[n], matrix.indptr[n + 1]
    return matrix.indices[start:end].tolist(), matrix.data[start:end].tolist()


def _memo(pool: CandidatePool | SlotPool, name: str, make):
    found = pool.memo.get(name)
    if found is None:
        found = pool.memo[name] = make()
    return found


def _keyed(matrix) -> tuple[np.ndarray, np.ndarray]:
    """Every stored entry of a CSR matrix as row * width + column, ascending, with its value."""
    matrix = matrix.sorted_indices()
    rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    return rows * matrix.shape[1] + matrix.indices, matrix.data
