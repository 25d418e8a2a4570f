"""What an employer may see of a profile, in one place.

Employers decide on what a person can do, never on who the person is: they see the pseudonym,
German level and certificate, other languages, prior occupations and skills with their years,
qualifications with their recognition, driving licence, the kinds of slot wanted, reachable
districts and availability. Never the name, the birth year or age, the origin region, the
agency's notes or anything about consent. The work permit status is shown only where the
caseworker chose so for this profile; otherwise the page says the agency will clarify it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from ..models import Candidate, GermanLevel, Recognition, SlotKind, WorkPermit


@dataclass(frozen=True)
class Experience:
    name: str
    years: float | None


@dataclass(frozen=True)
class EmployerView:
    pseudonym: str
    german_level: GermanLevel
    german_certified: bool
    other_languages: list[str]
    occupations: list[Experience]
    skills: list[Experience]
    qualifications: list[tuple[str, str]]  # (name, recognition as text)
    driving_licence: bool | None
    desired_kinds: list[str]
    districts: list[str]
    available_from: date | None
    work_permit: str  # the status, or what the agency does about it


def for_employer(candidate: Candidate) -> EmployerView:
    return EmployerView(
        pseudonym=candidate.pseudonym,
        german_level=candidate.german_level,
        german_certified=candidate.german_certified,
        other_languages=list(candidate.other_languages or []),
        occupations=_experiences(candidate.occupations),
        skills=_experiences(candidate.skills),
        qualifications=[(q["name"], str(Recognition(q["recognition"]).label)) for q in candidate.qualifications or []],
        driving_licence=candidate.driving_licence,
        desired_kinds=[str(SlotKind(k).label) for k in candidate.desired_kinds or []],
        districts=[d.name for d in candidate.districts],
        available_from=candidate.available_from,
        work_permit=work_permit_text(candidate),
    )


def work_permit_text(candidate: Candidate) -> str:
    if candidate.share_work_permit and candidate.work_permit is not None:
        return str(WorkPermit(candidate.work_permit).label)
    return _("klärt die Beratungsstelle mit Ihnen")


def experience_text(item: Experience) -> str:
    """ "Elektriker · 3 J." """
    if item.years is None:
        return item.name
    years = f"{item.years:g}".replace(".", ",")
    return _("%(name)s · %(years)s J.", name=item.name, years=years)


def _experiences(items) -> list[Experience]:
    return [Experience(i["name"], i.get("years")) for i in items or []]
