"""A desk's changes to one dossier: status moves, supplements, one extension, the apology."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import App
from bot.core.dossiers import get_dossier, list_dossiers
from bot.core.dossiers.actions import (
    Refusal,
    change_status,
    extend,
    mark_apology,
    record_supplied,
    request_supplement,
)
from bot.core.dossiers.store import DossierView, audit_trail
from models import DossierStatus as S
from tests.core.dossiers.register_helpers import (
    NOW,
    context,
    local,
    make_unit,
    run_import,
    supplements,
)
from tests.dossier_files import portal_csv

CODE = "000.00.53.H48-260302-0002"  # 1.011441, received 02/03 15:30, due 06/03 (computed)


@pytest.fixture
def unit(app: App, tmp_path: Path) -> int:
    unit_id = make_unit(app)
    assert run_import(app, unit_id, portal_csv(tmp_path / "p.csv")).ok
    return unit_id


def dossier(app: App, unit_id: int, code: str = CODE) -> DossierView:
    with app.engine.connect() as connection:
        found = get_dossier(connection, unit_id, code)
    assert found is not None
    return found


def test_codes_are_found_as_citizens_type_them(app: App, unit: int) -> None:
    assert dossier(app, unit, " 000.00.53.h48-260302-0002 ").code == CODE
    with app.engine.connect() as connection:
        assert get_dossier(connection, unit, "000.00.53.H48-260302-9999") is None


def test_an_extension_is_granted_once_and_a_second_is_refused(app: App, unit: int) -> None:
    first_due = local(20, 17)
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit)
        view = get_dossier(connection, unit, CODE)
        assert view is not None
        assert extend(connection, ctx, view, local(5, 17), "x", now=NOW, by=None) == \
            Refusal.IN_PAST
        done = extend(connection, ctx, view, first_due, "Chờ ý kiến cơ quan thuế", now=NOW,
                      by=None)
        assert isinstance(done, DossierView)
        assert (done.due_at, done.extended, done.original_due_at) == (
            first_due, True, local(6, 17))
        again = extend(connection, ctx, done, local(27, 17), "lần hai", now=NOW, by=None)
        assert again == Refusal.ALREADY_EXTENDED
    assert dossier(app, unit).due_at == first_due
    with app.engine.connect() as connection:
        fields = [c.field for c in audit_trail(connection, dossier(app, unit).id)]
    assert {"due_at", "extension_due_at", "extension_reason", "extended_at"} <= set(fields)


def test_an_earlier_date_is_no_extension(app: App, unit: int) -> None:
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit)
        view = dossier(app, unit, "XH-2026/15")  # due 17/03
        assert extend(connection, ctx, view, local(16, 17), "x", now=NOW, by=None) == \
            Refusal.NOT_LATER


def test_a_supplement_pauses_and_the_due_date_moves_by_the_wait(app: App, unit: int) -> None:
    code = "XH-2026/15"  # due Tuesday 17/03 17:00
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit)
        asked = request_supplement(connection, ctx, dossier(app, unit, code), now=NOW, by=None,
                                   note="Thiếu giấy xác nhận chỗ ở")
        assert isinstance(asked, DossierView) and asked.status == S.SUPPLEMENT
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit)
        back = record_supplied(connection, ctx, dossier(app, unit, code), now=local(18, 14),
                               by=None)
    # Asked Monday, supplied Wednesday: two working days, so Thursday 19/03.
    assert isinstance(back, DossierView)
    assert (back.status, back.due_at, back.supplement_count) == ("in_progress", local(19, 17), 1)
    episode = [s for s in supplements(app) if s["dossier_id"] == back.id]
    assert episode[0]["supplied_at"] == local(18, 14) and episode[0]["due_after"] == local(19, 17)
    assert not back.multiple_supplements


def test_a_second_supplement_request_is_flagged(app: App, unit: int) -> None:
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit)
        view = dossier(app, unit, "XH-2026/15")
        for hour in (1, 3):
            view_or = change_status(connection, ctx, view, S.SUPPLEMENT, now=NOW, by=None)
            assert isinstance(view_or, DossierView)
            view_or = change_status(connection, ctx, view_or, S.IN_PROGRESS,
                                    now=NOW.replace(hour=hour + 2), by=None)
            assert isinstance(view_or, DossierView)
            view = view_or
    assert view.supplement_count == 2 and view.multiple_supplements


def test_moves_are_checked(app: App, unit: int) -> None:
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit)
        resolved = dossier(app, unit, "000.00.53.H48-260303-0007")
        assert change_status(connection, ctx, resolved, S.IN_PROGRESS, now=NOW, by=None) == \
            Refusal.CLOSED
        waiting = dossier(app, unit, "000.00.53.H48-260304-0003")
        assert change_status(connection, ctx, waiting, S.RESOLVED, now=NOW, by=None) == \
            Refusal.NOT_ALLOWED
        view = dossier(app, unit, "XH-2026/15")
        assert change_status(connection, ctx, view, S.IN_PROGRESS, now=NOW, by=None) == \
            Refusal.SAME
        done = change_status(connection, ctx, view, S.RESOLVED, now=NOW, by=None)
        assert isinstance(done, DossierView) and done.resolved_at == NOW
        # The first reading is stale now: nothing is written from it.
        assert mark_apology(connection, ctx, view, now=NOW, by=None) == Refusal.CHANGED


def test_lists_by_status_and_due_date(app: App, unit: int) -> None:
    with app.engine.connect() as connection:
        ctx = context(app, connection, unit)
        codes = lambda views: [v.code for v in views]  # noqa: E731
        assert codes(list_dossiers(connection, unit, status="overdue", now=NOW)) == [
            "000.00.53.H48-260302-0001", "000.00.53.H48-260302-0002",
            "000.00.53.H48-260304-0003"]
        soon = list_dossiers(connection, unit, due_before=ctx.due_soon_limit(NOW, 1))
        assert codes(soon)[-1] == "XH-2026/15" and len(soon) == 4
        assert codes(list_dossiers(connection, unit, status="returned")) == [
            "000.00.53.H48-260305-0011"]
        assert len(list_dossiers(connection, unit)) == 6
