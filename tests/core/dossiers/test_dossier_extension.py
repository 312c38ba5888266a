"""The new date proposed for a late dossier: working days of the unit's calendar, never a day
off, checked against the current appointment and the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.app import App
from bot.core.dossiers.actions import Refusal, add_dossier
from bot.core.dossiers.extension import FALLBACK_DAYS, check_day, proposed_days
from bot.core.dossiers.store import DossierView
from tests.core.dossiers.register_helpers import context, local, make_unit

# Thursday 12/02/2026, 09:00 in Hà Nội: Tết is 16–20/02, with the weekends around it.
BEFORE_TET = datetime(2026, 2, 12, 2, 0, tzinfo=UTC)


def add(app: App, unit_id: int, code: str, **values: object) -> DossierView:
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit_id)
        view = add_dossier(connection, ctx, code=code, received_at=local(9, 8, month=2),
                           now=BEFORE_TET, by=None, **values)  # type: ignore[arg-type]
    assert isinstance(view, DossierView)
    return view


def test_the_proposal_counts_the_procedures_time_again_across_tet(app: App) -> None:
    unit_id = make_unit(app)
    # Đăng ký biện pháp bảo đảm: 3 working days; due Friday 13/02, the eve of Tết's break.
    view = add(app, unit_id, "BN-1", procedure_code="1.011441", channel="direct",
               due_at=local(13, 17, month=2))
    unknown = add(app, unit_id, "BN-2", procedure_name="Thủ tục của ngành dọc",
                  due_at=local(13, 17, month=2))
    with app.engine.connect() as connection:
        ctx = context(app, connection, unit_id)
        assert proposed_days(ctx, view, BEFORE_TET) == (
            date(2026, 2, 25), [date(2026, 2, 23), date(2026, 2, 25), date(2026, 3, 2)])
        assert FALLBACK_DAYS == 5
        assert proposed_days(ctx, unknown, BEFORE_TET) == (
            date(2026, 2, 27), [date(2026, 2, 24), date(2026, 2, 27), date(2026, 3, 6)])
        # Overdue by a week: counted from today, not from the appointment already past.
        later = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
        assert proposed_days(ctx, view, later)[0] == date(2026, 3, 5)
        tet = check_day(ctx, view, date(2026, 2, 17), BEFORE_TET)
        assert tet is not None and tet.day_off and tet.holiday == "Tết Nguyên Đán"
        assert tet.next_working_day == date(2026, 2, 23)
        weekend = check_day(ctx, view, date(2026, 2, 28), BEFORE_TET)
        assert weekend is not None and weekend.day_off and weekend.holiday == ""
        same = check_day(ctx, view, date(2026, 2, 13), BEFORE_TET)
        assert same is not None and same.refusal == Refusal.NOT_LATER
        past = check_day(ctx, view, date(2026, 2, 11), BEFORE_TET)
        assert past is not None and past.refusal == Refusal.IN_PAST
        assert check_day(ctx, view, date(2026, 2, 23), BEFORE_TET) is None
