"""Evaluation (issue 6): aggregate figures for coordinators, agencies and employers.

Every figure is one or a few aggregate SQL queries, the same on SQLite and PostgreSQL, and
every count of people passes small-cell suppression (`cells.suppress`) before it leaves.

Which date counts (the period is `Filters.start` to `Filters.end`, both inclusive, UTC days):
- active profiles: created on or before the end, status active now (there is no status
  history, so a profile placed since no longer counts);
- open slots and positions: created on or before the end, status open now;
- matches: created (first found) in the period;
- proposals: contacts created in the period;
- accepted: contacts answered in the period and accepted (status accepted, or closed after
  acceptance: answered_at set and status not declined);
- placements: contacts whose placed_on falls in the period.

Where things are: a slot's figures (slots, matches, contacts, placements) are placed in the
slot's district; a profile, which may name several reachable districts, is placed in its
agency's district, the nearest thing to a home the model keeps. The Stadtbezirk filter and the
place breakdowns use these. The sector filter narrows slots and the contacts on them; profile
counts have no sector and ignore it, and show "–" in the sector and slot-kind breakdowns.
The agency filter narrows profiles, matches and contacts to that agency's candidates; open
slots are everybody's. An agency's view passes `agency_id=`, which overrides the filter.

Age group: the period's end year minus the birth year (under 25, 25 to 34, 35 and over).

Time to result: whole days from the profile's creation day to the day of the person's first
accepted contact (or first started placement) on a slot of that kind, for people whose first
such event falls in the period. Percentiles use the nearest rank: the value at rank
ceil(p/100 * n) in ascending order, so the median of 4 values is the 2nd. They are shown only
for at least five people. The share within target counts placements with days <= the kind's
target (`target_days()`).

Periods are whole months, quarters or years only (`Filters`).

Suppression: 0 is shown (it reveals nobody); 1 to 4 show as "< 5"; where a sum (a breakdown's
column and its total, a quarter and its months, a year and its quarters) has exactly one hidden
member, one more is hidden, until nothing changes. All figures of all periods of a year (same
filters and scope) are suppressed together (`publication.publish`), so no period gives away
what another hides. Rates are given only between shown counts.
"""

from .breakdown import COLUMNS, DIMENSIONS, Row, Table
from .cells import Cell, suppress
from .figures import EmployerSummary, KindTime, Step, TrendPoint, employer_summary
from .filters import Filters
from .publication import Publication, breakdown, funnel, monthly_trend, publish, time_to_result

__all__ = [
    "COLUMNS",
    "DIMENSIONS",
    "Cell",
    "EmployerSummary",
    "Filters",
    "KindTime",
    "Publication",
    "Row",
    "Step",
    "Table",
    "TrendPoint",
    "breakdown",
    "employer_summary",
    "funnel",
    "monthly_trend",
    "publish",
    "suppress",
    "time_to_result",
]
