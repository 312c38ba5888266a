"""Report views as data for templates: what is missing, values by group, problem contexts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from bot.core.reporting import problems as p
from bot.core.reporting.elements import Element, ElementSet, fold
from bot.core.reporting.problems import Problem


def missing_elements(values: Mapping[str, int], elements: ElementSet) -> list[Element]:
    """Required elements not yet given for the day, in guided-form order."""
    return [e for e in elements.elements if e.required and e.code not in values]


def grouped_values(values: Mapping[str, int], elements: ElementSet) -> list[dict[str, Any]]:
    """[{code, label, items: [{code, label, value}]}] in form order, groups without values
    left out, for a confirmation message."""
    groups = elements.groups or ()
    labels = {g.code: g.label for g in groups}
    order = [g.code for g in groups] or list(dict.fromkeys(e.group for e in elements.elements))
    result = []
    for group in order:
        items = [
            {"code": e.code, "label": e.label, "value": values[e.code]}
            for e in elements.elements
            if e.group == group and e.code in values
        ]
        if items:
            result.append({"code": group, "label": labels.get(group, group), "items": items})
    return result


def format_command(
    values: Mapping[str, int],
    *,
    sector: str | None = None,
    day: dt.date | None = None,
    command: str = "bc",
) -> str:
    """The canonical one-line form, e.g. to show how to resend: `bc tt=45 ngay=14/03/2026`."""
    parts = [command, *(f"{code}={value}" for code, value in values.items())]
    if sector is not None:
        parts.append(f"{p.SECTOR_FIELD}={sector}")
    if day is not None:
        parts.append(f"{p.DATE_FIELD}={day:%d/%m/%Y}")
    return " ".join(parts)


def _label_of(name: str | None, elements: ElementSet) -> str | None:
    """Vietnamese label of an element or sector spelled `name`; None for parser words."""
    if not name:
        return None
    element = elements.element(name)
    if element is not None:
        return element.label
    sector = elements.sector(name)
    return sector.label if sector is not None else None


def problem_views(problems: Iterable[Problem], elements: ElementSet) -> list[dict[str, Any]]:
    """Context for templates/report/problems.j2: each problem as a dict with code, field,
    severity, params, plus `label` (of the field) and `labels` (code/alias -> label for
    every element, sector and suggestion the sentence may name)."""
    views = []
    for problem in problems:
        params = dict(problem.params)
        names: list[str] = []
        for key in ("suggestion", "sector"):
            if isinstance(params.get(key), str):
                names.append(str(params[key]))
        for key in ("left", "right", "allowed"):
            terms = params.get(key)
            if isinstance(terms, list):
                names.extend(str(t) for t in terms)
        views.append(
            {
                "code": problem.code,
                "field": problem.field,
                "severity": problem.severity,
                "params": params,
                "label": _label_of(problem.field, elements),
                "labels": {n: label for n in names if (label := _label_of(fold(n), elements))},
            }
        )
    return views
