"""The ticket's state model and its working-day deadlines (pure)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.core.calendar import WorkingCalendar
from bot.core.feedback.model import MOVES, Move, State, Timers, deadlines, extended, next_state

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar.from_file()


@pytest.mark.parametrize(("state", "move", "after"), [
    ("waiting", Move.TAKE, State.ASSIGNED),
    ("assigned", Move.TAKE, State.ASSIGNED),  # reassigned to whoever takes it
    ("assigned", Move.FORWARD, State.WAITING),
    ("waiting", Move.REPLY, State.ANSWERED),
    ("assigned", Move.REFUSE, State.REFUSED),
    ("assigned", Move.EXTEND, State.ASSIGNED),
    ("answered", Move.RATE, State.CLOSED),
    ("refused", Move.RATE, State.CLOSED),
    ("closed", Move.REOPEN, State.ASSIGNED),
    ("closed", Move.HIDE, State.CLOSED),
])
def test_allowed_moves(state: str, move: Move, after: State) -> None:
    assert next_state(state, move) == after


@pytest.mark.parametrize(("state", "move"), [
    ("waiting", Move.RATE), ("assigned", Move.RATE), ("closed", Move.RATE),
    ("answered", Move.REPLY), ("refused", Move.REPLY), ("closed", Move.REPLY),
    ("answered", Move.REFUSE), ("answered", Move.EXTEND), ("closed", Move.FORWARD),
    ("waiting", Move.REOPEN), ("answered", Move.TAKE), ("refused", Move.ESCALATE),
])
def test_disallowed_moves_are_refused(state: str, move: Move) -> None:
    assert next_state(state, move) is None


def test_every_move_but_create_is_in_the_table() -> None:
    assert set(MOVES) == set(Move) - {Move.CREATE}


def test_deadlines_skip_weekends_holidays_and_after_hours() -> None:
    # Friday 24/04/2026 18:00, after office hours: counts from Tuesday 28/04 (Monday 27/04
    # is the Hùng Kings day off), and 30/4, 1/5 are holidays.
    due = deadlines(dt.datetime(2026, 4, 24, 18, tzinfo=TZ), Timers(), CAL, TZ)
    assert due.refuse_by == dt.datetime(2026, 5, 4, 17, tzinfo=TZ)
    assert due.answer_by == dt.datetime(2026, 5, 21, 17, tzinfo=TZ)
    later = extended(due.answer_by, Timers(extend_days=10), CAL, TZ)
    assert later == dt.datetime(2026, 6, 4, 17, tzinfo=TZ)


def test_the_open_index_predicate_names_the_open_states() -> None:
    from models.feedback import FEEDBACK_OPEN_SQL

    states = ", ".join(f"'{s.value}'" for s in (State.WAITING, State.ASSIGNED))
    assert f"status IN ({states})" == FEEDBACK_OPEN_SQL
