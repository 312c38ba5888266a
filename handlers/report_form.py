"""/nhapso: the day's figures asked one at a time, with skip, back and cancel buttons.

The whole draft lives in the conversation row, so a restart mid-form loses nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core import report_store
from bot.core.labels import label
from bot.core.messages import Choice, Reply
from bot.core.reporting import Element, grouped_values
from bot.core.reporting.fields import parse_count, parse_day
from handlers.base import Router, Turn, command_parts, payload_parts
from handlers.report_common import (
    check_and_store,
    default_sector,
    elements,
    local_today,
    no_unit,
    sector_label,
    staff_unit,
)
from models import Role

FLOW = "report_form"


def form_elements(turn: Turn) -> list[Element]:
    return [e for e in elements(turn).elements if e.required]


def start_form(turn: Turn) -> list[Reply]:
    """/nhapso [ngành] [ngày]: open the form for a sector and day (default: mine, today)."""
    unit = staff_unit(turn)
    if unit is None:
        return no_unit()
    _, rest = command_parts(turn.text)
    today = local_today(turn, unit)
    sector, day = default_sector(turn, unit), today
    for word in rest.split():
        found = elements(turn).sector(word)
        if found is not None and found.code in unit.sectors:
            sector = found.code
            continue
        parsed = parse_day(word, today)
        if parsed is None:
            return [Reply("report/form_bad_argument", {"word": word, "sectors": unit.sectors})]
        day = parsed
    if sector is None:
        return [Reply("report/form_which_sector", {
            "sectors": [{"code": c, "label": sector_label(turn, c)} for c in unit.sectors]})]
    if day > today:
        return [Reply("report/form_future", {"day": day})]
    turn.start_flow(FLOW, "ask", {"day": day.isoformat(), "sector": sector, "index": 0,
                                  "draft": {}})
    return _ask(turn)


def _data(turn: Turn) -> dict[str, Any]:
    return turn.conversation.data


def _ask(turn: Turn, problem: str = "", given: str = "") -> list[Reply]:
    data = _data(turn)
    fields = form_elements(turn)
    index = int(data["index"])
    if index >= len(fields):
        return _review(turn)
    element = fields[index]
    unit = staff_unit(turn)
    assert unit is not None and unit.id is not None
    stored = report_store.current_values(turn.connection, unit.id,
                                         date.fromisoformat(data["day"]), data["sector"])
    context = {
        "position": index + 1, "total": len(fields), "code": element.code,
        "label": element.label, "stored": stored.get(element.code),
        "draft": data["draft"].get(element.code), "day": date.fromisoformat(data["day"]),
        "sector": sector_label(turn, data["sector"]), "problem": problem, "given": given,
        "max": element.max_daily,
    }
    choices = [Choice(label("skip"), "form:skip")]
    if index > 0:
        choices.append(Choice(label("back"), "form:back"))
    choices.append(Choice(label("cancel"), "cancel"))
    return [Reply("report/form_ask", context, choices=tuple(choices), choices_by_number=False)]


def _review(turn: Turn) -> list[Reply]:
    data = _data(turn)
    turn.set_step("review")
    draft = {k: int(v) for k, v in data["draft"].items()}
    context = {"day": date.fromisoformat(data["day"]), "sector": sector_label(turn, data["sector"]),
               "groups": grouped_values(draft, elements(turn))}
    choices = [Choice(label("back"), "form:back"), Choice(label("cancel"), "cancel")]
    if draft:
        choices.insert(0, Choice(label("confirm"), "form:save"))
    return [Reply("report/form_review", context, choices=tuple(choices),
                  choices_by_number=False)]


def answer(turn: Turn) -> list[Reply]:
    """A typed value for the current question."""
    data = _data(turn)
    if turn.conversation.step != "ask":
        return [Reply("report/form_use_buttons"), *_review(turn)]
    element = form_elements(turn)[int(data["index"])]
    parsed = parse_count(turn.text.strip(), element.max_daily)
    if not isinstance(parsed, int):
        return _ask(turn, problem=parsed[0], given=turn.text.strip())
    turn.set_step("ask", draft={**data["draft"], element.code: parsed},
                  index=int(data["index"]) + 1)
    return _ask(turn)


def press(turn: Turn) -> list[Reply]:
    """Skip, back, save."""
    if turn.conversation.flow != FLOW:
        return [Reply("report/form_expired")]
    _, action = payload_parts(turn.msg.payload or "")
    data = _data(turn)
    index = int(data["index"])
    if action == "skip" and turn.conversation.step == "ask":
        turn.set_step("ask", index=index + 1)
    elif action == "back":
        turn.set_step("ask", index=max(0, min(index, len(form_elements(turn))) - 1))
    elif action == "save" and data["draft"]:
        unit = staff_unit(turn)
        assert unit is not None
        values = {k: int(v) for k, v in data["draft"].items()}
        return check_and_store(turn, unit, date.fromisoformat(data["day"]), data["sector"],
                               values, source="form")
    return _ask(turn)


def register(router: Router) -> None:
    router.command("nhapso", "form", min_role=Role.STAFF)(start_form)
    router.payload("form", min_role=Role.STAFF, on_dialogue=True)(press)
    router.flow(FLOW, min_role=Role.STAFF)(answer)
