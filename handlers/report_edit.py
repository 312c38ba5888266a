"""An edited report line corrects the submission that message made, on the day it was for.

Telegram lets a person edit a sent message; the edit carries the same message id. Only the
figures still determined by that message change (a lead's later correction stays), and the
audit marks the change as an edit of that submission.
"""

from __future__ import annotations

from bot.core.messages import Reply
from bot.core.reporting import corrections
from handlers.base import Router, Turn, allowed, command_parts
from handlers.report_common import check_and_store, desk, no_unit, sector_label
from handlers.report_line import is_report, line_text, parse_line, refusal
from models import Role


def is_report_edit(turn: Turn) -> bool:
    """Staff editing what reads as a report line (`bc …`, `/sua …`)."""
    if not allowed(turn.role, Role.STAFF):
        return False
    return is_report(turn) or (turn.text.startswith("/") and command_parts(turn.text)[0] == "sua")


def correct_line(turn: Turn) -> list[Reply]:
    """Re-read the edited line and correct its submission; anything unclear changes nothing."""
    found = desk(turn)
    if found is None:
        return no_unit()
    original = (corrections.find_line(turn.connection, turn.identity.user_id,
                                      turn.msg.message_id)
                if turn.msg.message_id else None)
    if original is None or original.key.unit_id != found.unit.id:
        return [Reply("report/edit_unknown")]
    key = original.key
    if original.undone_at is not None:
        return [Reply("report/edit_undone")]
    # Words like "hôm qua" mean what they meant when the line was first sent.
    sent_on = found.unit.today(original.created_at)
    result = parse_line(turn, found, line_text(turn), sent_on, key.sector)
    if result.report is None:
        return refusal(turn, result.problems)
    report = result.report
    if (report.date, report.sector) != (key.day, key.sector):
        return [Reply("report/edit_moved", {"day": key.day,
                                            "sector": sector_label(turn, key.sector)})]
    return check_and_store(turn, found, key.day, key.sector, dict(report.values),
                           source="edit", corrects=original.id)


def register(router: Router) -> None:
    router.edit(is_report_edit, min_role=Role.STAFF)(correct_line)
