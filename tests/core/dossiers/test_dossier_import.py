"""Register exports in the three documented shapes, upserts, the audit, refused files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text

from bot.app import App
from bot.core.dossiers.store import ConcurrentChange
from bot.db import make_engine
from models import Dossier, DossierChange
from tests.core.dossiers.register_helpers import (
    NOW,
    audit,
    count,
    local,
    make_unit,
    rows,
    run_import,
    supplements,
)
from tests.dossier_files import EXPECTED, ROWS, Row, at, plain_csv, portal_csv, thanh_hoa_xlsx

SHAPES = {"portal.csv": portal_csv, "thanh_hoa.xlsx": thanh_hoa_xlsx, "plain.csv": plain_csv}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_documented_shape_gives_the_same_register(app: App, tmp_path: Path,
                                                        name: str) -> None:
    unit_id = make_unit(app)
    outcome = run_import(app, unit_id, SHAPES[name](tmp_path / name))
    assert outcome.ok, outcome.errors
    report = outcome.report
    assert report is not None and outcome.written
    assert (report.added, report.updated, report.skipped, report.supplements) == (6, 0, 1, 1)
    found = rows(app)
    assert {code: (r["status"], r["due_at"]) for code, r in found.items()} == {
        code: (status, due.replace(tzinfo=local(1).tzinfo) if due else None)
        for code, (status, due) in EXPECTED.items()}
    first, cutoff, _, _, returned, kept = (found[c] for c in EXPECTED)
    assert first["sector"] == "xa" and first["due_source"] == "source"
    # Matched by code or by its exact name; due computed with the procedure's 15:00 cut-off.
    assert (cutoff["procedure_code"], cutoff["sector"], cutoff["due_source"]) == (
        "1.011441", "dd", "computed")
    assert returned["due_at"] is None and returned["due_source"] == "none"
    assert (kept["code_key"], kept["procedure_code"], kept["sector"]) == (
        "XH-2026/15", "1.004222", "ca")
    # The counts after the import, as of Monday 16/03 09:00: 0001 (due 03/03), 0003 (09/03)
    # overdue; XH-2026/15 due 17/03 is within the next 2 working days; 0002 (06/03) overdue.
    assert outcome.counts is not None
    assert (outcome.counts.open, outcome.counts.overdue, outcome.counts.due_soon) == (4, 3, 1)


def test_the_portal_file_keeps_names_phones_channels_and_assignees(app: App,
                                                                   tmp_path: Path) -> None:
    unit_id = make_unit(app)
    assert run_import(app, unit_id, portal_csv(tmp_path / "p.csv")).ok
    first = rows(app)["000.00.53.H48-260302-0001"]
    assert (first["channel"], first["citizen_name"], first["assignee_text"]) == (
        "online", "Nguyễn Văn An", "Lê Thị Hoa")
    resolved = rows(app)["000.00.53.H48-260303-0007"]
    assert resolved["resolved_at"] == local(4, 10)


def test_importing_the_same_file_again_changes_nothing(app: App, tmp_path: Path) -> None:
    unit_id = make_unit(app)
    path = thanh_hoa_xlsx(tmp_path / "a.xlsx")
    run_import(app, unit_id, path)
    before, trail = rows(app), audit(app)
    outcome = run_import(app, unit_id, path, now=NOW.replace(hour=5))
    assert outcome.report is not None
    assert (outcome.report.added, outcome.report.updated, outcome.report.unchanged) == (0, 0, 6)
    assert rows(app) == before and audit(app) == trail


def test_status_changes_are_detected_and_audited(app: App, tmp_path: Path) -> None:
    unit_id = make_unit(app)
    run_import(app, unit_id, portal_csv(tmp_path / "monday.csv"))
    created = audit(app)
    assert len(created) == 6 and {f for _, f, old, _, _ in created if old is None} == {"status"}
    changed = [r if r.code != "000.00.53.H48-260302-0001" else
               Row(r.code, r.name, r.proc, "9", "", r.received, r.due, at(16, 8, 30), r.channel,
                   r.owner, r.assignee) for r in ROWS]
    outcome = run_import(app, unit_id, portal_csv(tmp_path / "tuesday.csv", changed),
                         now=NOW.replace(hour=3))
    assert outcome.report is not None
    assert (outcome.report.updated, outcome.report.status_changes, outcome.report.closed) == (
        1, 1, 1)
    new = audit(app)[len(created):]
    assert ("000.00.53.H48-260302-0001", "status", "in_progress", "resolved",
            "import:tuesday.csv") in new
    assert ("000.00.53.H48-260302-0001", "resolved_at", None, "2026-03-16T08:30:00+07:00",
            "import:tuesday.csv") in new
    first = rows(app)["000.00.53.H48-260302-0001"]
    assert first["version"] == 2 and first["status"] == "resolved"


def test_an_empty_cell_never_erases(app: App, tmp_path: Path) -> None:
    unit_id = make_unit(app)
    run_import(app, unit_id, portal_csv(tmp_path / "full.csv"))
    path = tmp_path / "thin.csv"
    path.write_text("MaHoSo;NgayTiepNhan;TrangThaiHoSo;ChuHoSo\n"
                    "000.00.53.H48-260302-0001;20260302091500;4;\n", encoding="utf-8")
    outcome = run_import(app, unit_id, path)
    assert outcome.report is not None and outcome.report.unchanged == 1
    assert rows(app)["000.00.53.H48-260302-0001"]["citizen_name"] == "Nguyễn Văn An"


def test_a_supplement_answered_moves_the_due_date_by_the_pause(app: App, tmp_path: Path) -> None:
    unit_id = make_unit(app)
    run_import(app, unit_id, portal_csv(tmp_path / "a.csv"))  # 0003 waits for a supplement
    [episode] = supplements(app)
    assert episode["due_before"] == local(9, 17) and episode["supplied_at"] is None
    # Thursday 19/03 the export shows it back in progress, with no new due date of its own.
    back = [Row(r.code, r.name, r.proc, "4" if r.code.endswith("0003") else r.status_code, "",
                r.received, None if r.code.endswith("0003") else r.due, r.finished, r.channel)
            for r in ROWS]
    thursday = local(19, 10)
    assert run_import(app, unit_id, portal_csv(tmp_path / "b.csv", back), now=thursday).ok
    dossier = rows(app)["000.00.53.H48-260304-0003"]
    # Asked Monday 16/03 (first seen waiting), supplied Thursday: 3 working days later.
    assert dossier["due_at"] == local(12, 17) and dossier["status"] == "in_progress"
    [episode] = supplements(app)
    assert episode["supplied_at"] == thursday and episode["due_after"] == local(12, 17)


def test_a_second_supplement_request_is_counted(app: App, tmp_path: Path) -> None:
    unit_id = make_unit(app)
    one = [r for r in ROWS if r.code.endswith("0003")]
    run_import(app, unit_id, portal_csv(tmp_path / "1.csv", one))
    run_import(app, unit_id, portal_csv(tmp_path / "2.csv", [
        Row(one[0].code, one[0].name, one[0].proc, "4", "", one[0].received, one[0].due)]))
    run_import(app, unit_id, portal_csv(tmp_path / "3.csv", one))
    assert rows(app)[one[0].code]["supplement_count"] == 2 and len(supplements(app)) == 2


def test_a_broken_file_changes_nothing_and_says_where(app: App, tmp_path: Path) -> None:
    unit_id = make_unit(app)
    run_import(app, unit_id, portal_csv(tmp_path / "good.csv"))
    before, trail = rows(app), audit(app)
    broken = tmp_path / "broken.csv"
    lines = portal_csv(tmp_path / "base.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(";4;", ";9;")  # a valid change that must not be written
    lines.append("000.00.53.H48-260316-0001;;;;5;20260316080000;20260310170000;;4;")
    lines.append("000.00.53.H48-260316-0002;;;;;31/02/2026;;;Xong;")
    lines.append("000.00.53.H48-260302-0001;;;;;20260316080000;;;4;")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = run_import(app, unit_id, broken)
    assert not outcome.ok and not outcome.written
    problems = {(e.line, e.column, e.code) for e in outcome.errors}
    assert problems == {
        (9, "KenhThucHien", "unknown_channel"), (9, "NgayHenTra", "due_before_received"),
        (10, "NgayTiepNhan", "bad_date"), (10, "TrangThaiHoSo", "unknown_status"),
        (11, "MaHoSo", "duplicate_code")}
    assert rows(app) == before and audit(app) == trail


def test_a_file_without_the_needed_columns_is_refused(app: App, tmp_path: Path) -> None:
    unit_id = make_unit(app)
    path = tmp_path / "x.csv"
    path.write_text("Mã hồ sơ,Tên thủ tục\nA-1,Khai sinh\n", encoding="utf-8")
    outcome = run_import(app, unit_id, path)
    assert [(e.code, e.values) for e in outcome.errors] == [
        ("missing_columns", {"columns": ["received_at", "status"]})]
    assert count(app, Dossier) == 0 and count(app, DossierChange) == 0


def test_a_preview_writes_nothing(app: App, tmp_path: Path) -> None:
    unit_id = make_unit(app)
    outcome = run_import(app, unit_id, thanh_hoa_xlsx(tmp_path / "a.xlsx"), write=False)
    assert outcome.report is not None and outcome.report.added == 6 and not outcome.written
    assert [c.code for c in outcome.report.first][:2] == [
        "000.00.53.H48-260302-0001", "000.00.53.H48-260302-0002"]
    assert count(app, Dossier) == 0


def test_a_dossier_changed_during_the_import_rolls_it_all_back(app: App, tmp_path: Path,
                                                               database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("a second writer between the SELECT and the UPDATE needs PostgreSQL")
    unit_id = make_unit(app)
    run_import(app, unit_id, portal_csv(tmp_path / "a.csv"))
    changed = [Row(r.code, r.name, r.proc, "9" if r.status_code == "4" else r.status_code, "",
                   r.received, r.due, r.finished, r.channel) for r in ROWS]
    other = make_engine(database_url)
    fired: list[str] = []

    def meddle(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("UPDATE dossier SET") and not fired:
            fired.append(statement)  # a desk's change lands between our read and our write
            with other.begin() as connection:
                connection.execute(text("UPDATE dossier SET version = version + 1"))

    event.listen(app.engine, "before_cursor_execute", meddle)
    try:
        with pytest.raises(ConcurrentChange):
            run_import(app, unit_id, portal_csv(tmp_path / "b.csv", changed))
    finally:
        event.remove(app.engine, "before_cursor_execute", meddle)
        other.dispose()
    assert fired and rows(app)["XH-2026/15"]["status"] == "in_progress"
    assert count(app, DossierChange) == 6  # only the first import's
