"""A dossier typed by hand (the ngành dọc desks, paper receipts): each part checked, with a
`Problem` naming the part and what is wrong, so the chat can say how to fix it.

One line: `MÃ | THỦ TỤC | NGÀY TIẾP NHẬN [| KÊNH] [| HẸN TRẢ]`, e.g.
`/themhoso BN-2026/031 | 1.004222 | 16/03/2026 08:30 | trực tiếp | 20/03/2026`.

- The code is the one written on the receipt, kept as typed (codes.py: the bot never makes
  one up). A code the unit already has is refused.
- The procedure is a catalog code (`1.004222`) or a procedure's exact name (without regard
  to case or diacritics); any other name is kept as written, and then the due date must be
  given, since the catalog cannot give the time.
- Dates are dd/mm/yyyy, with or without hh:mm, in the unit's time zone (vocabulary.py). A
  received date without a time is the opening of office hours and a due date without one
  the close, as in an import. A received date in the future is refused.
- The channel and the due date may come in either order after the received date; the
  channel is trực tiếp when not given (our choice: a dossier typed by hand is one handed in
  at the desk on paper — an online one comes from the provincial system's export).
- Without a due date, the catalog's processing time from acceptance (due.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Connection

from bot.core.dossiers.codes import MAX_CODE, code_key
from bot.core.dossiers.context import RegisterContext
from bot.core.dossiers.store import get_dossier
from bot.core.dossiers.vocabulary import parse_date, vocabulary

PARTS = ("code", "procedure", "received", "channel", "due")
DEFAULT_CHANNEL = "direct"
_PROCEDURE_CODE = re.compile(r"^\d+\.\d{3,}$")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one part: `part` (PARTS, or "line"), `kind`, what was `given`."""

    part: str
    kind: str
    given: str = ""
    extra: str = ""


@dataclass(frozen=True)
class Entry:
    code: str
    procedure_code: str | None
    procedure_name: str
    received_at: dt.datetime
    channel: str
    due_at: dt.datetime | None  # as given; None: computed from the catalog

    def due(self, ctx: RegisterContext) -> dt.datetime | None:
        return self.due_at or ctx.computed_due(self.received_at, self.procedure_code,
                                               self.channel)


def check_code(connection: Connection, ctx: RegisterContext, text: str) -> str | Problem:
    code = " ".join(text.split())
    if not code_key(code):
        return Problem("code", "missing")
    if len(code) > MAX_CODE:
        return Problem("code", "too_long", code)
    if get_dossier(connection, ctx.unit_id, code) is not None:
        return Problem("code", "exists", code)
    return code


def check_procedure(ctx: RegisterContext, text: str) -> tuple[str | None, str] | Problem:
    """(catalog code or None, name)."""
    given = " ".join(text.split())
    if not given:
        return Problem("procedure", "missing")
    if _PROCEDURE_CODE.match(given):
        if given not in ctx.procedures:
            return Problem("procedure", "unknown_code", given)
        return ctx.match_procedure(given, "")
    if len(given) > 1000:
        return Problem("procedure", "too_long", given)
    return ctx.match_procedure("", given)


def _date(ctx: RegisterContext, text: str, default: dt.time) -> dt.datetime | None:
    try:
        return parse_date(" ".join(text.split()), ctx.tz, default)
    except ValueError:
        return None


def check_received(ctx: RegisterContext, text: str, now: dt.datetime) -> dt.datetime | Problem:
    given = " ".join(text.split())
    if not given:
        return Problem("received", "missing")
    moment = _date(ctx, given, ctx.clock.hours.opens)
    if moment is None:
        return Problem("received", "bad_date", given)
    if moment > now:
        return Problem("received", "future", given)
    return moment


def check_channel(text: str) -> str | Problem:
    found = vocabulary().channel(text)
    return found if found else Problem("channel", "unknown", " ".join(text.split()))


def check_due(ctx: RegisterContext, text: str, received: dt.datetime) -> dt.datetime | Problem:
    given = " ".join(text.split())
    moment = _date(ctx, given, ctx.clock.hours.closes)
    if moment is None:
        return Problem("due", "bad_date", given)
    if moment < received:
        return Problem("due", "before_received", given)
    return moment


def check_computable(ctx: RegisterContext, entry: Entry) -> Problem | None:
    """A procedure the catalog gives no time for needs the due date from the receipt."""
    if entry.due(ctx) is None:
        return Problem("due", "not_computable", entry.procedure_name,
                       extra="" if entry.procedure_code else "unmatched")
    return None


def parse_line(connection: Connection, ctx: RegisterContext, text: str, now: dt.datetime
               ) -> Entry | Problem:
    """The one-line form; the first problem found, part by part."""
    parts = [part.strip() for part in text.split("|")]
    if len(parts) < 3:
        missing = PARTS[len(parts):3] if any(parts) else PARTS[:3]
        return Problem("line", "too_few", extra=",".join(missing))
    if len(parts) > 5:
        return Problem("line", "too_many")
    code = check_code(connection, ctx, parts[0])
    if isinstance(code, Problem):
        return code
    procedure = check_procedure(ctx, parts[1])
    if isinstance(procedure, Problem):
        return procedure
    received = check_received(ctx, parts[2], now)
    if isinstance(received, Problem):
        return received
    channel: str | None = None
    due: dt.datetime | None = None
    for part in parts[3:]:
        if not part:
            continue
        found_channel = vocabulary().channel(part)
        if found_channel and channel is None:
            channel = found_channel
            continue
        if _date(ctx, part, ctx.clock.hours.closes) is not None and due is None:
            checked = check_due(ctx, part, received)
            if isinstance(checked, Problem):
                return checked
            due = checked
            continue
        return Problem("line", "unknown_part", " ".join(part.split()))
    entry = Entry(code, procedure[0], procedure[1], received, channel or DEFAULT_CHANNEL, due)
    return check_computable(ctx, entry) or entry
