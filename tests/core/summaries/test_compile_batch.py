"""Many units compiled together (a province's roll-up) give the very reports each unit gets
alone: with a register, with missing days and a broken identity, with another cut-off day,
and with nothing reported. And the stock of a sector that sent nothing in the period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from bot.core.summaries import daily
from bot.core.summaries.compile import compile_report, compile_reports
from bot.core.summaries.model import Source
from bot.core.summaries.province import compile_rollup
from bot.core.summaries.rollup import Standing, build_rollup
from tests.core.summaries.seed import DAY, add_dossier, make_unit, working_days, write_days
from tests.core.summaries.test_compile import ELEMENTS, NOVEMBER, NOW, OCTOBER


def seed_province(engine: Engine) -> tuple[dict[str, int], dt.date]:
    days = working_days(OCTOBER.start - dt.timedelta(days=20), NOVEMBER.end)
    units = {}
    plain, staff = make_unit(engine, code="plain")
    for sector in ("xa", "ca"):
        write_days(engine, plain, staff, sector, [(d, DAY) for d in days])
    units["plain"] = plain

    kept, staff = make_unit(engine, code="kept")
    write_days(engine, kept, staff, "ca", [(d, DAY) for d in days])
    add_dossier(engine, kept, "K1", sector="xa", received=dt.date(2026, 10, 1),
                due=dt.date(2026, 10, 20), status="resolved", resolved=dt.date(2026, 10, 19))
    add_dossier(engine, kept, "K2", sector=None, received=dt.date(2026, 10, 22),
                due=dt.date(2026, 11, 2), status="resolved", resolved=dt.date(2026, 11, 5),
                supplements=[dt.date(2026, 10, 25), dt.date(2026, 10, 28)])
    add_dossier(engine, kept, "K3", sector="xa", received=dt.date(2026, 11, 10),
                due=dt.date(2026, 11, 12))
    units["kept"] = kept

    gaps, staff = make_unit(engine, code="gaps", cutoff=20)
    skipped = {d for d in days if d >= NOVEMBER.start}
    skipped = set(sorted(skipped)[3:6])
    wrong = sorted(d for d in days if d >= NOVEMBER.start)[8]
    write_days(engine, gaps, staff, "xa", [(d, {**DAY, "nhan": 9} if d == wrong else DAY)
                                           for d in days if d not in skipped])
    write_days(engine, gaps, staff, "ca", [(d, DAY) for d in days if d < NOVEMBER.start])
    units["gaps"] = gaps

    units["silent"] = make_unit(engine, code="silent")[0]
    return units, wrong


def test_compiled_together_or_alone_the_reports_are_the_same(engine: Engine) -> None:
    units, wrong = seed_province(engine)
    ids = list(units.values())
    with engine.connect() as connection:
        alone = {i: compile_report(connection, i, NOVEMBER, now=NOW, elements=ELEMENTS)
                 for i in ids}
        together = compile_reports(connection, ids, NOVEMBER, now=NOW, elements=ELEMENTS)
        backwards = compile_reports(connection, ids[::-1], NOVEMBER, now=NOW,
                                    elements=ELEMENTS)
        rollup = compile_rollup(connection, "Tỉnh Thử", NOVEMBER, now=NOW, elements=ELEMENTS)
    assert together == [alone[i] for i in ids]
    assert backwards == [alone[i] for i in ids[::-1]]
    # The cases the test is about are really there.
    kept = alone[units["kept"]]
    assert kept.sources["early"] is Source.MIXED and kept.total.repeated_supplements == 1
    gaps = alone[units["gaps"]]
    assert len([d for s, d in gaps.missing if s == "xa"]) == 3
    assert any(s == "ca" for s, _ in gaps.missing)  # ca stopped before the period
    assert gaps.sectors[1].figures.carried_over == 10  # ... yet its stock is carried
    assert gaps.sectors[1].figures.pending == 10
    assert any(b.identity == "received" and b.days == (wrong,) for b in gaps.breaks)
    assert alone[units["plain"]].breaks == () and alone[units["plain"]].previous is not None
    assert not any(s.reported for s in alone[units["silent"]].sectors)
    codes = [(u, alone[i].unit_name) for u, i in units.items()]
    assert rollup == build_rollup("Tỉnh Thử", NOVEMBER, codes, [alone[i] for i in ids])
    standing = {r.code: r.standing for r in rollup.rows}
    assert standing["silent"] is Standing.NOT_REPORTED and standing["plain"] is Standing.RANKED


def test_a_sector_gone_before_the_lookback_is_not_listed(engine: Engine) -> None:
    """The read spans both periods; a sector the unit no longer has, last heard from 80 days
    before November, shows in October's figures only."""
    unit_id, staff = make_unit(engine, code="old")
    write_days(engine, unit_id, staff, "tp",
               [(NOVEMBER.start - dt.timedelta(days=80), DAY)])
    with engine.connect() as connection:
        report = compile_report(connection, unit_id, NOVEMBER, now=NOW, elements=ELEMENTS)
        october = compile_report(connection, unit_id, OCTOBER, now=NOW, elements=ELEMENTS)
    assert [s.code for s in report.sectors] == ["xa", "ca"]
    assert [s.code for s in october.sectors] == ["xa", "ca", "tp"]
    assert october.sectors[2].figures.carried_over == 10


def test_the_period_before_from_its_sums(engine: Engine) -> None:
    """October sent flows but never its stock: it counts as reported, received what was
    sent, and ends with no pending (as a daily fold gives), not with September's stock."""
    unit_id, staff = make_unit(engine, sectors=("xa",), code="flows")
    september = working_days(OCTOBER.start - dt.timedelta(days=10), OCTOBER.start
                             - dt.timedelta(days=1))
    october = working_days(OCTOBER.start, OCTOBER.end)
    no_stock = {k: v for k, v in DAY.items() if k not in ("th", "qh")}
    write_days(engine, unit_id, staff, "xa", [(d, DAY) for d in september]
               + [(d, no_stock) for d in october]
               + [(d, DAY) for d in working_days(NOVEMBER.start, NOVEMBER.end)])
    with engine.connect() as connection:
        report = compile_report(connection, unit_id, NOVEMBER, now=NOW, elements=ELEMENTS)
    assert report.previous is not None
    assert report.previous.carried_over == 10 and report.previous.pending == 0
    assert report.previous.new_received == 5 * len(october)
    assert report.previous.resolved == 5 * len(october)
    assert report.sectors[0].figures.carried_over == 10  # September's, the last full stock


def test_a_sector_silent_in_the_period_keeps_its_last_full_stock() -> None:
    """The last day before the period sent flows only: the stock is the last day that sent
    both stock figures (the carried over), not 0."""
    start, end = dt.date(2026, 3, 15), dt.date(2026, 4, 14)
    days = [(dt.date(2026, 3, 10), {"th": 7, "qh": 1, "tiep": 2}),
            (dt.date(2026, 3, 11), {"tiep": 3}),
            (dt.date(2026, 3, 12), {"th": 5})]  # one stock figure only
    folded = daily.fold_sector(days, start, end, ELEMENTS)
    assert folded.carried_over == 8
    assert folded.stock_end == {"th": 7, "qh": 1}
    assert folded.reported == set() and folded.flows == {}


def test_within_keeps_the_days_of_a_range() -> None:
    days = [(dt.date(2026, 3, d), {"tiep": d}) for d in (1, 3, 5, 7)]
    assert daily.within(days, dt.date(2026, 3, 2), dt.date(2026, 3, 5)) == days[1:3]
    assert daily.within(days, dt.date(2026, 3, 8), dt.date(2026, 3, 9)) == []
