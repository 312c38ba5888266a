"""/nhapso: the day's figures asked one at a time, with skip, back and cancel buttons.

The whole draft lives in the conversation row, so a restart mid-form loses nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core.labels import label
from bot.core.messages import Choice, Reply
from bot.core.reporting import Element, grouped_values
from bot.core.reporting import store as report_store
from bot.core.reporting.fields import format_date, parse_count, parse_day
from bot.core.reporting.store import Key
from handlers.base import Router, Turn, command_parts, payload_parts
from handlers.report_common import (
    check_and_store,
    desk,
    elements,
    no_unit,
    sector_label,
    sector_refused,
)
from models import Role

FLOW = "report_form"


def form_elements(turn: Turn) -> list[Element]:
    return [e for e in elements(turn).elements if e.required]


def start_form(turn: Turn) -> list[Reply]:
    """/nhapso [ngành] [ngày]: open the form for a sector and day (default: mine, today)."""
    found_desk = desk(turn)
    if found_desk is None:
        return no_unit()
    unit = found_desk.unit
    _, rest = command_parts(turn.text)
    today = unit.today(turn.now)
    sector, day = found_desk.default_sector(), today
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
            "sectors": [{"code": c, "label": sector_label(turn, c)}
                        for c in found_desk.sectors]})]
    if not found_desk.may_report(sector):
        return sector_refused(turn, found_desk, sector)
    if day > today:
        return [Reply("report/form_future", {"day": day})]
    max_days_back = turn.services.settings.report_max_days_back
    if (today - day).days > max_days_back:
        return [Reply("report/form_too_old", {"day": format_date(day), "max": max_days_back})]
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
    unit_id = turn.identity.unit_id
    assert unit_id is not None
    stored = report_store.current_values(
        turn.connection, Key(unit_id, date.fromisoformat(data["day"]), data["sector"]))
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
        found = desk(turn)
        if found is None:
            return no_unit()
        values = {k: int(v) for k, v in data["draft"].items()}
        return check_and_store(turn, found, date.fromisoformat(data["day"]), data["sector"],
                               values, source="form")
    return _ask(turn)


def register(router: Router) -> None:
    router.command("nhapso", "form", min_role=Role.STAFF)(start_form)
    router.payload("form", min_role=Role.STAFF, on_dialogue=True)(press)
    router.flow(FLOW, min_role=Role.STAFF)(answer)
