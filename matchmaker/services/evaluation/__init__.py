"""Evaluation (issue 6): aggregate figures for coordinators, agencies and employers.

Every count of the contact chain counts distinct people; statuses are read from the status
history as they were at the period's end (`history`), never from today's columns. The year's
rows are read once (`facts`) and counted in arrays.

Which date counts (the period is `Filters.start` to `Filters.end`, both inclusive, UTC days):
- active profiles: status "active" on the period's last day (history);
- open slots: status "open" on the period's last day (history);
- matches: people with a match created (first found) in the period;
- proposals: people with a contact created in the period;
- accepted: people with a contact answered in the period and accepted (status accepted, or
  closed after acceptance: answered_at set and status not declined);
- placements: people with a contact whose placed_on falls in the period.
`publication.DEFINITIONS` words these for the page and the CSV files.

Where things are: a slot's figures (slots, matches, contacts, placements) are placed in the
slot's district; a profile, which may name several reachable districts, is placed in its
agency's district, the nearest thing to a home the model keeps. The Stadtbezirk filter and the
place breakdowns use these. The sector filter narrows slots and the contacts on them; profile
counts have no sector and ignore it, and show "–" in the sector and slot-kind breakdowns.
The agency filter narrows profiles, matches and contacts to that agency's candidates; open
slots are everybody's. An agency's view passes `agency_id=`, which overrides the filter.

Age group: the period's end year minus the birth year (under 25, 25 to 34, 35 and over).

Time to placement: Kaplan–Meier estimates with censoring (`survival`), per slot kind and per
target group, with the coordinators' targets (`target_days()`).

Periods are whole months, quarters or years only (`Filters`).

Suppression: 0 is shown (it reveals nobody); 1 to 4 show as "< 5"; where a sum (a breakdown's
column and its total, a quarter and its months, a year and its quarters) has exactly one hidden
member, or an exact audit of all sums can still work out a hidden cell, one more is hidden
("•"), until nothing changes. All figures of all periods of a year (same
filters and scope) are suppressed together (`publication.publish`), so no period gives away
what another hides. Rates are given only between shown counts.
"""

from .breakdown import COLUMNS, DIMENSIONS, Row, Table
from .cells import Cell, suppress
from .cohorts import CohortTable, cohorts
from .comparison import Compared, compare
from .figures import EmployerSummary, Step, TrendPoint, employer_summary
from .filters import Filters
from .publication import DEFINITIONS, Publication, breakdown, funnel, monthly_trend, publish, warm
from .survival import Survival, time_to_placement

__all__ = [
    "COLUMNS",
    "DEFINITIONS",
    "DIMENSIONS",
    "Cell",
    "CohortTable",
    "Compared",
    "EmployerSummary",
    "Filters",
    "Publication",
    "Row",
    "Step",
    "Survival",
    "Table",
    "TrendPoint",
    "breakdown",
    "cohorts",
    "compare",
    "employer_summary",
    "funnel",
    "monthly_trend",
    "publish",
    "suppress",
    "time_to_placement",
    "warm",
]
