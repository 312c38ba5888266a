"""Daily staff reports: data elements, one-line parsing, warnings and views (pure)."""

from bot.core.reporting.checks import identity_problems, outlier, outlier_threshold, review
from bot.core.reporting.elements import (
    Element,
    ElementsError,
    ElementSet,
    Group,
    Identity,
    Sector,
    element_set_from_dict,
    fold,
    load_elements,
)
from bot.core.reporting.parse import (
    ParsedReport,
    ParseResult,
    is_report_command,
    parse_report,
)
from bot.core.reporting.problems import Problem
from bot.core.reporting.summary import (
    format_command,
    grouped_values,
    missing_elements,
    problem_views,
)

__all__ = [
    "Element",
    "ElementSet",
    "ElementsError",
    "Group",
    "Identity",
    "ParseResult",
    "ParsedReport",
    "Problem",
    "Sector",
    "element_set_from_dict",
    "fold",
    "format_command",
    "grouped_values",
    "identity_problems",
    "is_report_command",
    "load_elements",
    "missing_elements",
    "outlier",
    "outlier_threshold",
    "parse_report",
    "problem_views",
    "review",
]
