"""/tonghop for an admin: every unit of the admin's province for a period, ranked on the
on-time rate, with the roll-up table (XLSX) and chart (PNG) as buttons.

`/tonghop` alone is the period a bare /baocao would show; `/tonghop 3/2026`,
`/tonghop quý 1/2026`, `/tonghop 01/03/2026-31/03/2026` name one, read in the admin's own
unit's scheme (bot/core/summaries/province.py says why every unit is compiled over those
same days).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.documents.rollup_table import render_rollup_table
from bot.core.labels import label
from bot.core.messages import Attachment, Choice, Reply
from bot.core.summaries.compile import load_unit
from bot.core.summaries.obligations import default_period
from bot.core.summaries.periods import PeriodError, parse_key, parse_period
from bot.core.summaries.province import compile_rollup
from bot.core.summaries.rollup import ProvinceRollup
from bot.core.summaries.rollup_chart import render_rollup_chart
from bot.core.summaries.rollup_view import rollup_context
from handlers.base import Router, Turn, command_parts, payload_parts
from models import Role

FILES = {"xlsx": render_rollup_table, "png": render_rollup_chart}


def show_rollup(turn: Turn) -> list[Reply]:
    """The province's units for a period, ranked, with buttons for the files."""
    _, rest = command_parts(turn.text)
    unit_id = turn.identity.unit_id
    if unit_id is None:
        return [Reply("summaries/rollup_no_province")]
    unit = load_unit(turn.connection, unit_id)
    if not unit.province.strip():
        return [Reply("summaries/rollup_no_province")]
    if rest:
        try:
            period = parse_period(rest, unit.scheme)
        except PeriodError:
            return [Reply("summaries/bad_period", {"given": rest, "command": "tonghop"})]
    else:
        today = turn.now.astimezone(ZoneInfo(unit.timezone)).date()
        period, _ = default_period(unit.scheme, today)
    rollup = _compile(turn, unit.province, period.key, unit_id)
    key = rollup.period.key
    return [Reply("summaries/rollup", rollup_context(rollup),
                  choices=tuple(Choice(label(f"rollup_{kind}"), f"tonghop:{kind}:{key}")
                                for kind in FILES))]


def send_rollup_file(turn: Turn) -> list[Reply]:
    """A file button: compiled again now."""
    _, rest = payload_parts(turn.msg.payload or "")
    kind, _, key = rest.partition(":")
    unit_id = turn.identity.unit_id
    if kind not in FILES or unit_id is None:
        return [Reply("summaries/file_unknown")]
    unit = load_unit(turn.connection, unit_id)
    try:
        rollup = _compile(turn, unit.province, key, unit_id)
    except PeriodError:
        return [Reply("summaries/file_unknown")]
    attachment: Attachment = FILES[kind](rollup)
    return [Reply("summaries/rollup_file", {"kind": kind, "province": rollup.province},
                  attachments=(attachment,))]


def _compile(turn: Turn, province: str, key: str, unit_id: int) -> ProvinceRollup:
    period = parse_key(key, load_unit(turn.connection, unit_id).scheme)
    return compile_rollup(turn.connection, province, period, now=turn.now,
                          elements=turn.services.elements)


def register(router: Router) -> None:
    router.command("tonghop", min_role=Role.ADMIN)(show_rollup)
    router.payload("tonghop", min_role=Role.ADMIN)(send_rollup_file)
