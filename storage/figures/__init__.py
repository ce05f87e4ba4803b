"""Queries over charity figures, one module per job. Repositories never commit: the caller does.

- `indicators`: what units report, and loading them from the indicator file;
- `periods`: reporting periods and the roster of units each one expects;
- `reports`: a unit's report row for a period, what waits for approval, whom to tell;
- `values`: the figures themselves, each change to them and the unit's history;
- `drafts`: a lead's submission in progress;
- `subtree`: grouping rows by the tree of units, which the two below share;
- `sums`: the report's totals; `completeness`: who has reported, and who has not.

Callers import from here; the modules are how the code is kept, not a second interface.
"""

from storage.figures.completeness import (
    Tally,
    UnitRow,
    completeness,
    list_unit_reports,
    missing_reports,
    missing_under,
)
from storage.figures.drafts import drop_draft, get_draft, put_draft
from storage.figures.indicators import list_indicators, store_indicators
from storage.figures.periods import (
    count_expected,
    get_period,
    get_period_by_code,
    list_periods,
    sync_roster,
)
from storage.figures.reports import get_or_add_report, get_report, leads_of, reports_to_approve
from storage.figures.subtree import units_under
from storage.figures.sums import Sums, sums_by_units, sums_under, values_under
from storage.figures.values import Change, current_values, history_bounds, list_changes, save_values

__all__ = [
    "Change",
    "Sums",
    "Tally",
    "UnitRow",
    "completeness",
    "count_expected",
    "current_values",
    "drop_draft",
    "get_draft",
    "get_or_add_report",
    "get_period",
    "get_period_by_code",
    "get_report",
    "history_bounds",
    "leads_of",
    "list_changes",
    "list_indicators",
    "list_periods",
    "list_unit_reports",
    "missing_reports",
    "missing_under",
    "put_draft",
    "reports_to_approve",
    "save_values",
    "store_indicators",
    "sums_by_units",
    "sums_under",
    "sync_roster",
    "units_under",
    "values_under",
]
