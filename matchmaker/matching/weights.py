"""Every weight of the score, in one place. A score runs from 0 to 100:

    score = FIT * fit                      skill and occupation fit first (0..1, see below)
          + language                      at/above the minimum, or one level below with support
          + district                      same Ortsteil, same Stadtbezirk, reachable, other
          + kind                          the slot kind the person wants
          + availability                  available by the start date
          + permit                        a deduction when the foreigners' office must agree

fit = max(OCCUPATION_SHARE * occupation + (1 - OCCUPATION_SHARE) * skills,  SKILLS_ALONE * skills)
      (slots without a list of skills: fit = max(occupation, SKILLS_ALONE * typical skills brought))

occupation: how far the KldB 2010 codes of the person's occupations and the slot's meet —
1 for the same Berufsgattung (5 digits), NAMED_LATER for the same Berufsgattung as an occupation
the person named only after another in the same text ("Bestatter, davor Tischler": the first is
what the person does; a slot for it ranks first), SAME_UNTERGRUPPE for the same work at another
level (4), SAME_GRUPPE (3), SAME_HAUPTGRUPPE (2) — of which TITLE_SHARE is given instead to how alike
the texts are (trigrams), so that of two slots with one code the closer title ranks first.
A Helfer slot counts the whole Berufsgruppe as the same work. Where the codes do not meet at
all, TEXT_ONLY times the likeness of the texts still ranks. skills: the share of the slot's
skills the person brings: the employer's list (a skill typical of the person's own occupation
counts IMPLIED), or else the skills typical of the slot's occupation that the person names.

Exclusions (no match at all): no overlap of occupation, skills or text; German more than one
level below the minimum, or one level below where the workplace does not support learning
German; work permit "nicht_erlaubt". Origin, age, gender and name are never inputs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    fit: float = 70.0
    occupation_share: float = 0.65
    named_later: float = 0.9
    same_untergruppe: float = 0.8
    same_gruppe: float = 0.6
    same_hauptgruppe: float = 0.25
    title_share: float = 0.15
    text_only: float = 0.6
    skills_alone: float = 0.75
    implied_skill: float = 0.5
    language_met: float = 10.0
    language_one_below: float = 3.0
    district_same: float = 10.0
    district_whole_bezirk: float = 9.0
    district_same_bezirk: float = 6.0
    district_any: float = 5.0
    kind_wanted: float = 5.0
    kind_any: float = 3.0
    available: float = 5.0
    available_soon: float = 2.0
    soon_days: int = 30
    permit_consent_needed: float = -3.0
    permit_unclear: float = -5.0
