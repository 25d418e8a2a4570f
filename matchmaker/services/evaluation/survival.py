"""Time to placement with censoring: Kaplan–Meier estimates per slot kind and per target group.

Who is counted: everyone whose profile was registered in the period's year up to the period's
end (within the filters; the sector filter does not apply: a person has no sector). Each person
is followed from the day of registration until the first placement that began through a contact
here (the event), or until they stop being observable (censored): the end of the period (or
today, if earlier), consent withdrawn, or placed on another way (marked by the caseworker). For a
slot kind's curve, a placement of another kind also ends the observation. People still waiting
are not left out: they count as "at risk" until the day they were last observed, so the shares
do not look better the fewer people are placed.

Estimates: the share placed after 30, 90 and 180 days (1 - S(t)), the median (first day S(t)
<= 0.5, "nicht erreicht" otherwise), and, per slot kind, the share placed within the
coordinators' target. A share is given only for days someone was still observed.

Small groups: a group of fewer than MIN_GROUP people is withheld as a whole (no curve, no
shares). Sizes are cells of one system for the whole year (`sizes.Sizes`: a group's size after
February and after March give March's registrations away otherwise), with the cohorts' sizes;
where a withheld size could be worked out, another is withheld too ("•"). A share resting on 1
to 4 placements is not shown ("< 5 Pers."), and a group with 1 to 4 placements in all has no
curve. Curves are drawn week by week, not day by day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ...domain import clock
from ...domain.contacts import was_accepted_sql
from ...extensions import db
from ...models import Candidate, Contact, Slot, SlotKind, StatusChange, target_days
from .breakdown import ordered
from .cells import primary, share_text
from .facts import Keys, age_group, raw, rows_of
from .filters import Filters
from .sizes import Sizes
from .sources import agency, profile_rows

DAYS = (30, 90, 180)
STEP_DAYS = 7  # curves drawn week by week: no single person's day shows
LONGEST_DRAWN = 365
GROUP_DIMENSIONS = ("slot_kind", "age_group", "origin_region", "german_level", "bezirk", "model_quarter")
TITLES = {
    "slot_kind": _l("nach Art des Angebots"),
    "age_group": _l("nach Altersgruppe"),
    "origin_region": _l("nach Herkunftsregion"),
    "german_level": _l("nach Deutschniveau"),
    "bezirk": _l("nach Stadtbezirk der Beratungsstelle"),
    "model_quarter": _l("Modellquartiere und übrige Stadtteile"),
    "agency": _l("nach Beratungsstelle"),  # not shown: what the agency filter's views read (`publication`)
}


# -- the estimate ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Curve:
    """A Kaplan–Meier estimate: S(t), the share still waiting after day t."""

    times: tuple[int, ...]  # days with at least one placement, ascending
    survival: tuple[float, ...]  # S just after each of those days
    people: int
    placed: int
    longest: int  # the longest time anyone was observed
    placed_until: tuple[int, ...] = ()  # placements up to and including each of `times`

    def placements_by(self, day: int) -> int:
        """How many were placed within `day` days (what a share at that day rests on)."""
        k = bisect_right(self.times, day)
        return 0 if k == 0 else self.placed_until[k - 1]

    def waiting_after(self, day: int) -> float:
        k = bisect_right(self.times, day)
        return 1.0 if k == 0 else self.survival[k - 1]

    def placed_by(self, day: int) -> float | None:
        """The estimated share placed within `day` days; None beyond the longest observation."""
        if self.people == 0 or day > self.longest:
            return None
        return 1.0 - self.waiting_after(day)

    def median(self) -> int | None:
        """The first day by which half are estimated to be placed; None if never reached."""
        for day, share in zip(self.times, self.survival, strict=True):
            if share <= 0.5:
                return day
        return None


def kaplan_meier(durations: Sequence[int], placed: Sequence[bool]) -> Curve:
    """Product-limit estimate: at each day with placements, S *= 1 - placed / at risk. Someone
    censored on a day counts as at risk on that day (the usual convention)."""
    events: dict[int, int] = defaultdict(int)
    ends: dict[int, int] = defaultdict(int)
    for days, was_placed in zip(durations, placed, strict=True):
        ends[days] += 1
        if was_placed:
            events[days] += 1
    at_risk, share, times, survival, until = len(durations), 1.0, [], [], []
    for day in sorted(ends):
        if events.get(day):
            share *= 1.0 - events[day] / at_risk
            times.append(day)
            survival.append(share)
            until.append(events[day] + (until[-1] if until else 0))
        at_risk -= ends[day]
    return Curve(tuple(times), tuple(survival), len(durations), sum(events.values()), max(durations, default=0),
                 tuple(until))


# -- what is shown -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    key: str | int | None
    label: str
    size: int | None  # people in the group (slot kinds: placements of that kind); None when withheld
    size_text: str  # the size, "< 10" / "< 5" for a group too small, "•" for one withheld to protect another
    shares: tuple[float | None, ...] = (None,) * len(DAYS)  # placed after each of DAYS
    median: int | None = None
    target_days: int | None = None  # slot kinds: the coordinators' target
    within_target: float | None = None
    points: tuple[tuple[int, float], ...] = ()  # (day, share placed), week by week
    share_texts: tuple[str, ...] = ("–",) * len(DAYS)  # the shares as shown: "40 %", "< 5 Pers." or "–"
    within_target_text: str = "–"

    @property
    def withheld(self) -> bool:
        return self.size is None

    @property
    def median_text(self) -> str:
        """The median as page and CSV show it: "–" without a curve, "nicht erreicht" where fewer
        than half are estimated placed by the longest observation."""
        if not self.points:
            return "–"
        return str(self.median) if self.median is not None else gettext("nicht erreicht")


@dataclass(frozen=True)
class Survival:
    dimension: str
    title: str
    size_label: str  # what a group's size counts
    groups: list[Group]
    total: Group


def time_to_placement(filters: Filters, *, agency_id: int | None = None, today: date | None = None,
                      people: list[Person] | None = None, extra: tuple[str, ...] = (),
                      sizes: Sizes | None = None) -> list[Survival]:
    """Every breakdown of GROUP_DIMENSIONS (and `extra` ones, "agency"), with everyone followed
    in the total row (`people`: `followed(...)` of the same filters, `sizes`: `year_sizes(...)`,
    when the caller has them already)."""
    f = filters.scoped(agency_id)
    today = today or clock.today()
    people = followed(f, today) if people is None else people
    sizes = year_sizes(f, today, extra, people) if sizes is None else sizes
    last_month = f.end.month
    targets = target_days()
    everyone = kaplan_meier([p.duration(None) for p in people], [p.placed_in(None) for p in people])
    total = _group("total", str(_l("Alle")), everyone, sizes.size(None, "all", last_month))
    found = []
    for dimension in (*GROUP_DIMENSIONS, *extra):
        if dimension == "slot_kind":
            curves = {kind.value: kaplan_meier([p.duration(kind.value) for p in people],
                                               [p.placed_in(kind.value) for p in people]) for kind in SlotKind}
            labels = [(kind.value, str(kind.label)) for kind in SlotKind]
            # Every kind follows everyone: a kind is withheld when too few were placed in it, and
            # all of them when everyone together is withheld.
            shown = {key: sizes.placements(key, last_month) for key in curves}
            if total.withheld:
                shown = {key: (None, "–") if size else (size, text) for key, (size, text) in shown.items()}
            size_label = str(_l("Vermittlungen dieser Art"))
        else:
            by_key: dict = defaultdict(lambda: ([], []))
            for p in people:
                durations, placed = by_key[p.keys[dimension]]
                durations.append(p.duration(None))
                placed.append(p.placed_in(None))
            curves = {key: kaplan_meier(*lists) for key, lists in by_key.items()}
            labels = ordered(dimension, set(curves))
            shown = {key: sizes.size(dimension, key, last_month) for key in curves}
            size_label = str(_l("Personen"))
        rows = [_group(key, label, curves[key], shown[key],
                       targets.get(SlotKind(key)) if dimension == "slot_kind" else None) for key, label in labels]
        found.append(Survival(dimension, str(TITLES[dimension]), size_label, rows, total))
    return found


def _group(key, label: str, curve: Curve, size: tuple[int | None, str], target: int | None = None) -> Group:
    """A group as shown. A share resting on 1 to 4 placements would give their number away (a
    share times the size): it shows "< 5 Pers." (`cells.share_text`), and a group with 1 to 4
    placements in all has no curve and no median."""
    value, text = size
    if value is None or value == 0 or curve.people == 0:
        return Group(key, label, value, text, target_days=target)
    days = (*DAYS, target) if target else DAYS
    shown = [(None if primary(curve.placements_by(d)) else curve.placed_by(d),
              share_text(curve.placed_by(d), curve.placements_by(d))) for d in days]
    shares, texts = tuple(s for s, _t in shown[:len(DAYS)]), tuple(t for _s, t in shown[:len(DAYS)])
    within, within_text = shown[len(DAYS)] if target else (None, "–")
    if primary(curve.placed):
        return Group(key, label, value, text, target_days=target, share_texts=texts, within_target_text=within_text)
    longest = min(curve.longest, LONGEST_DRAWN)
    points = tuple((day, round(1.0 - curve.waiting_after(day), 4)) for day in range(0, longest + 1, STEP_DAYS))
    return Group(key, label, value, text, shares, curve.median(), target, within, points, texts, within_text)


# -- the people followed -----------------------------------------------------------------------

@dataclass
class Person:
    created: int  # ordinal day of registration
    end: int  # last day observed (ordinal): period end or today, withdrawal, placed another way
    placements: list[tuple[int, str]]  # (ordinal day, slot kind) of placements through a contact here
    keys: dict
    accepted: int | None = None  # the first day a contact of theirs was accepted (ordinal)

    def __post_init__(self) -> None:
        # Worked out once: every curve asks every person.
        firsts: dict[str, int] = {}
        for day, kind in self.placements:
            firsts[kind] = min(day, firsts.get(kind, day))
        self._first_any = min(firsts.values(), default=None)
        self._by_kind = {kind: self._outcome(day, min([self.end, *(d for k, d in firsts.items() if k != kind)]))
                         for kind, day in firsts.items()}
        self._any = self._outcome(self._first_any, self.end)
        # a kind this person was never placed in: observed until the end or the first placement
        self._none = self._outcome(None, self.end if self._first_any is None else min(self.end, self._first_any))

    def _outcome(self, first: int | None, stop: int) -> tuple[int, bool]:
        """(days followed, placed) for a first placement day and the last day observable."""
        if first is not None and first <= stop:
            return max(0, first - self.created), True
        return max(0, stop - self.created), False

    def _for(self, kind: str | None) -> tuple[int, bool]:
        return self._any if kind is None else self._by_kind.get(kind, self._none)

    def placed_on(self, kind: str) -> int | None:
        """The day (ordinal) of the first placement of `kind` that counts for its curve."""
        duration, placed = self._for(kind)
        return self.created + duration if placed else None

    def placed_in(self, kind: str | None) -> bool:
        return self._for(kind)[1]

    def duration(self, kind: str | None) -> int:
        """Days followed for `kind` (None: any placement); another kind's placement ends it."""
        return self._for(kind)[0]


def observed_until(f: Filters, today: date) -> int:
    """The last day anyone is observed: the period's end, or today while it lasts."""
    return min(f.end, today).toordinal()


def followed(f: Filters, today: date) -> list[Person]:
    """Everyone registered in the period's year up to its end, within the filters."""
    year_start = f.whole_year().starts_at
    until = observed_until(f, today)
    keys = Keys()
    query = profile_rows(f, Candidate.id, Candidate.created_at, Candidate.placed_on, Candidate.birth_year,
                         raw(Candidate.origin_region), raw(Candidate.german_level),
                         agency.district_id, Candidate.agency_id).where(Candidate.created_at >= year_start)
    rows = rows_of(query)
    among = profile_rows(f, Candidate.id).where(Candidate.created_at >= year_start)
    placements: dict[int, list[tuple[int, str]]] = defaultdict(list)
    connection = db.session.connection()
    for cid, on, kind in connection.execute(
            sa.select(Contact.candidate_id, Contact.placed_on, raw(Slot.kind))
            .join(Slot, Slot.id == Contact.slot_id)
            .where(Contact.candidate_id.in_(among), Contact.placed_on.is_not(None))):
        placements[cid].append((on.toordinal(), kind))
    accepted = {cid: _day(at) for cid, at in connection.execute(
        sa.select(Contact.candidate_id, sa.func.min(Contact.answered_at))
        .where(Contact.candidate_id.in_(among), was_accepted_sql()).group_by(Contact.candidate_id))}
    withdrawn = {cid: _day(at) for cid, at in connection.execute(
        sa.select(StatusChange.subject_id, sa.func.min(StatusChange.changed_at))
        .where(StatusChange.subject == "candidates", StatusChange.status == "withdrawn",
               StatusChange.subject_id.in_(among)).group_by(StatusChange.subject_id))}
    people = []
    year = f.end.year
    bezirke, model_quarters = keys.values("bezirk"), keys.values("model_quarter")  # code -> key, once
    for cid, created, placed_on, birth, origin, german, home, agency_id in rows:
        own = placements.get(cid, [])
        end = until
        if placed_on is not None and all(day != placed_on.toordinal() for day, _k in own):
            end = min(end, placed_on.toordinal())  # placed another way: no longer waiting here
        if cid in withdrawn:
            end = min(end, withdrawn[cid])
        bezirk, _ortsteil, model = keys.places.get(home) or keys.places[None]
        values = {"bezirk": bezirke[bezirk], "model_quarter": model_quarters[model],
                  "age_group": age_group(birth, year), "origin_region": origin, "german_level": german,
                  "agency": agency_id}
        first_accepted = accepted.get(cid)
        people.append(Person(_day(created), end, [p for p in own if p[0] <= until], values,
                             first_accepted if first_accepted is not None and first_accepted <= until else None))
    return people


def year_sizes(f: Filters, today: date, extra: tuple[str, ...] = (), people: list[Person] | None = None) -> Sizes:
    """The group sizes of the whole year of `f` (same filters), suppressed as one system; `people`
    are reused when they are the whole year's already."""
    if people is None or f.span() != 12:
        people = followed(f.whole_year(), today)
    return Sizes(people, (*(d for d in GROUP_DIMENSIONS if d != "slot_kind"), *extra), [k.value for k in SlotKind])


def _day(value: date | datetime) -> int:
    return (value.date() if isinstance(value, datetime) else value).toordinal()

