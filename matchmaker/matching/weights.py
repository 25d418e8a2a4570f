"""Every weight of the score, in one place. A score runs from 0 to 100:

    score = FIT * fit                      skill and occupation fit first (0..1, see below)
          + language                      at/above the minimum, or one level below with support
          + district                      same Ortsteil, same Stadtbezirk, reachable, other
          + kind                          the slot kind the person wants
          + availability                  available by the start date
          + permit                        a deduction when the foreigners' office must agree

fit = OCCUPATION_SHARE * occupation + (1 - OCCUPATION_SHARE) * skills   (slots with skills)
fit = occupation                                                          (slots without)

occupation: 1 for the same occupation, RELATED for a related one, SAME_FIELD for another
occupation of the same field, FREE_TITLE when a title outside the vocabulary is close to
the person's text. skills: the share of the slot's skills the person brings (a skill that is
typical of the person's occupation counts IMPLIED).

Exclusions (no match at all): no overlap of occupation or skills; German more than one level
below the minimum, or one level below where the workplace does not support learning German;
work permit "nicht_erlaubt". Origin, age, gender and name are never inputs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    fit: float = 70.0
    occupation_share: float = 0.65
    related: float = 0.7
    same_field: float = 0.3
    free_title: float = 0.85
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
