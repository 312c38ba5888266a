"""A month compiled from daily reports and from the register: sums, stock, carried over,
missing days, each broken identity named with its days, rates and where figures came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.core.reporting import ElementSet, load_elements
from bot.core.summaries.compile import compile_report
from bot.core.summaries.model import PeriodReport, Source
from bot.core.summaries.periods import PeriodScheme, parse_period
from bot.db import make_engine, upgrade
from tests.core.summaries.seed import DAY, add_dossier, make_unit, working_days, write_days

ELEMENTS: ElementSet = load_elements()
NOVEMBER = parse_period("11/2026", PeriodScheme(15))  # 15/10/2026-14/11/2026
OCTOBER = parse_period("10/2026", PeriodScheme(15))
NOW = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def sqlite(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def compiled(engine: Engine, unit_id: int, period=NOVEMBER) -> PeriodReport:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return compile_report(connection, unit_id, period, now=NOW, elements=ELEMENTS)


def balanced(engine: Engine, unit_id: int, user_id: int, sector: str) -> list[dt.date]:
    days = working_days(OCTOBER.start, NOVEMBER.end)
    write_days(engine, unit_id, user_id, sector, [(d, DAY) for d in days])
    return [d for d in days if d >= NOVEMBER.start]


def test_a_consistent_month_sums_flows_and_takes_stock(sqlite: Engine) -> None:
    unit_id, user_id = make_unit(sqlite)
    days = balanced(sqlite, unit_id, user_id, "xa")
    balanced(sqlite, unit_id, user_id, "ca")
    report = compiled(sqlite, unit_id)
    n = len(days)
    xa = report.sectors[0].figures
    assert (report.sectors[0].code, report.sectors[0].label) == ("xa", "Thủ tục của xã")
    assert (xa.online, xa.in_person, xa.post) == (3 * n, 2 * n, None)
    assert (xa.early, xa.on_time, xa.late, xa.returned) == (n, 3 * n, n, n)  # tc counts on time
    assert (xa.carried_over, xa.pending_in_time, xa.overdue) == (10, 8, 2)
    assert report.total.received == 2 * (5 * n + 10)
    assert report.breaks == () and report.missing == ()
    assert report.rates["on_time"].numerator == 2 * 4 * n
    assert report.rates["on_time"].denominator == 2 * 5 * n
    assert report.rates["paid_online"].percent == 50.0
    assert report.rates["satisfaction"].percent == 100.0
    assert "feedback_on_time" not in report.rates  # no feedback data: not invented
    assert report.previous is not None and report.previous.pending == 20
    assert report.sources["online"] is Source.DAILY
    assert report.title == "tháng 11/2026" and report.due_by == dt.date(2026, 11, 20)
    assert report.weekly_on_time[0][0] == NOVEMBER.start
    assert sum(r.denominator for _, r in report.weekly_on_time) == 2 * 5 * n


def test_an_inconsistent_month_names_each_break_and_the_missing_day(sqlite: Engine) -> None:
    unit_id, user_id = make_unit(sqlite)
    days = working_days(OCTOBER.start, NOVEMBER.end)
    in_period = [d for d in days if d >= NOVEMBER.start]
    typed_wrong, jump, skipped, overpaid = in_period[2], in_period[5], in_period[7], in_period[9]
    xa = []
    for day in days:
        values = dict(DAY)
        if day == typed_wrong:
            values["nhan"] = 9  # tt + tiep = 5
        if day >= jump:
            values["th"] = 20  # 12 more pending from nowhere on `jump`
        xa.append((day, values))
    write_days(sqlite, unit_id, user_id, "xa", xa)
    ca = [(d, {**DAY, "phi": 1, "ttoan": 10 if d == overpaid else 1})
          for d in days if d != skipped]
    write_days(sqlite, unit_id, user_id, "ca", ca)
    report = compiled(sqlite, unit_id)
    assert report.missing == (("ca", skipped),)
    found = {(b.identity, b.sector): b for b in report.breaks}
    received = found[("received", "xa")]
    assert (received.left, received.right, received.days) == (9, 5, (typed_wrong,))
    balance = found[("balance", "xa")]
    assert balance.difference == -12 and balance.days == (jump,)
    paid = found[("paid_online", "ca")]
    assert paid.difference == 9 and paid.days == (overpaid,)
    assert ("received", None) in found and ("balance", None) in found
    assert found[("balance", None)].days == (jump,)
    assert ("carry", "xa") not in found  # carried over is the previous period's pending


def test_register_figures_replace_the_daily_ones_where_kept(sqlite: Engine) -> None:
    unit_id, user_id = make_unit(sqlite)
    balanced(sqlite, unit_id, user_id, "xa")
    balanced(sqlite, unit_id, user_id, "ca")
    d = dt.date
    # Pending at the start: one in time, resolved early in the period.
    add_dossier(sqlite, unit_id, "A1", sector="xa", received=d(2026, 10, 1),
                due=d(2026, 10, 20), status="resolved", resolved=d(2026, 10, 16))
    # Received in the period online, resolved on its due day.
    add_dossier(sqlite, unit_id, "A2", sector="xa", received=d(2026, 10, 20), channel="online",
                due=d(2026, 10, 27), status="resolved", resolved=d(2026, 10, 27))
    # By post, resolved late after two supplement requests.
    add_dossier(sqlite, unit_id, "A3", sector="xa", received=d(2026, 10, 21), channel="postal",
                due=d(2026, 10, 28), status="resolved", resolved=d(2026, 11, 2),
                supplements=[d(2026, 10, 22), d(2026, 10, 26)])
    # Withdrawn; pending overdue at the end; pending in time; resolved after the period.
    add_dossier(sqlite, unit_id, "A4", sector="xa", received=d(2026, 10, 22),
                due=d(2026, 11, 30), status="withdrawn", resolved=d(2026, 10, 23))
    add_dossier(sqlite, unit_id, "A5", sector=None, received=d(2026, 10, 23),
                due=d(2026, 11, 5), status="in_progress")
    add_dossier(sqlite, unit_id, "A6", sector="xa", received=d(2026, 11, 10),
                due=d(2026, 11, 25), status="in_progress")
    add_dossier(sqlite, unit_id, "A7", sector="xa", received=d(2026, 11, 12),
                due=d(2026, 11, 13), status="resolved", resolved=d(2026, 11, 16))
    report = compiled(sqlite, unit_id)
    xa, ca = report.sectors[0], report.sectors[1]
    f = xa.figures
    assert (f.carried_over, f.online, f.post, f.in_person) == (1, 1, 1, 4)
    assert (f.early, f.on_time, f.late, f.withdrawn) == (1, 2, 1, 1)
    assert (f.pending_in_time, f.overdue) == (1, 2)  # A6 in time; A5 (no sector) and A7 late
    assert (f.supplements, f.repeated_supplements) == (2, 1)
    assert f.fee == DAY["phi"] * len(working_days(NOVEMBER.start, NOVEMBER.end))
    assert xa.sources["online"] is Source.REGISTER and xa.sources["fee"] is Source.DAILY
    assert xa.missing_days == ()
    assert ca.sources["online"] is Source.DAILY
    assert report.sources["online"] is Source.MIXED and report.sources["fee"] is Source.DAILY
    assert not [b for b in report.breaks if b.sector == "xa" and b.identity == "balance"]
    assert "summaries/note_register_due" in report.notes


def test_compile_on_the_database_backends(engine: Engine) -> None:
    """The same month on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL."""
    unit_id, user_id = make_unit(engine)
    days = balanced(engine, unit_id, user_id, "xa")
    add_dossier(engine, unit_id, "B1", sector="ca", received=dt.date(2026, 10, 20),
                due=dt.date(2026, 10, 27), status="resolved", resolved=dt.date(2026, 10, 26))
    add_dossier(engine, unit_id, "B2", sector="ca", received=dt.date(2026, 10, 20),
                due=dt.date(2026, 10, 27), status="resolved", resolved=dt.date(2026, 10, 27))
    report = compiled(engine, unit_id)
    assert report.sectors[0].figures.online == 3 * len(days)
    ca = report.sectors[1].figures
    assert (ca.early, ca.on_time, ca.late) == (1, 1, 0)
    assert report.sectors[1].sources["early"] is Source.REGISTER
