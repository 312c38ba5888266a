"""`motcua dossiers ...` as real processes, on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from bot.app import build_app
from bot.core.dossiers import DossierView, find_unit_id, get_dossier, load_context
from bot.core.dossiers.actions import extend, mark_apology
from tests.conftest import make_settings
from tests.dossier_files import EXPECTED, plain_csv, portal_csv, thanh_hoa_xlsx

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SHAPES = {"portal.csv": portal_csv, "thanh_hoa.xlsx": thanh_hoa_xlsx, "plain.csv": plain_csv}


def motcua(data: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The real process, run in `data` (where files it writes by default go)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "DOSSIER_", "DATABASE_URL"))}
    env.update(DATA_DIR=str(data), DATABASE_URL=database_url)
    return subprocess.run([sys.executable, "-m", "bot", *args], text=True, capture_output=True,
                          env=env, timeout=180, check=False, cwd=data)


@pytest.fixture
def unit(tmp_path: Path, database_url: str) -> Path:
    done = motcua(tmp_path, database_url, "unit", "add", "hb", "Trung tâm xã Hoà Bình",
                  "--sectors", "xa,ca,dd")
    assert done.returncode == 0, done.stderr
    return tmp_path


def listed(data: Path, database_url: str, *args: str) -> list[dict[str, object]]:
    done = motcua(data, database_url, "dossiers", "list", "--unit", "hb", "--json", *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_import_then_list_json_gives_every_row_with_its_due_date_and_status(
        unit: Path, database_url: str, name: str) -> None:
    path = SHAPES[name](unit / name)
    done = motcua(unit, database_url, "dossiers", "import", str(path), "--unit", "hb")
    assert done.returncode == 0, done.stderr
    assert "thêm mới 6 hồ sơ" in done.stdout and "bỏ qua 1 hồ sơ mới đăng ký" in done.stdout
    found = {row["code"]: row for row in listed(unit, database_url)}
    assert {code: (row["status"], row["due_at"]) for code, row in found.items()} == {
        code: (status, due.replace(tzinfo=TZ).isoformat() if due else None)
        for code, (status, due) in EXPECTED.items()}
    first = found["000.00.53.H48-260302-0002"]
    assert first["received_at"] == "2026-03-02T15:30:00+07:00"
    assert (first["procedure_code"], first["sector"], first["extended"]) == (
        "1.011441", "dd", False)
    assert set(first) == {"code", "procedure_code", "procedure_name", "sector", "channel",
                          "received_at", "due_at", "status", "resolved_at", "extended"}
    assert [r["code"] for r in listed(unit, database_url, "--status", "returned")] == [
        "000.00.53.H48-260305-0011"]


def test_the_book_on_screen_and_a_refused_file(unit: Path, database_url: str) -> None:
    motcua(unit, database_url, "dossiers", "import", str(portal_csv(unit / "p.csv")),
           "--unit", "hb")
    book = motcua(unit, database_url, "dossiers", "list", "--unit", "hb")
    assert "000.00.53.H48-260302-0002 · 1.011441" in book.stdout
    assert "02/03/2026 · 06/03/2026 · đã tiếp nhận" in book.stdout
    before = listed(unit, database_url)
    broken = unit / "broken.csv"
    broken.write_text("MaHoSo;NgayTiepNhan;TrangThaiHoSo\n"
                      "000.00.53.H48-260302-0002;20260302153000;9\n"
                      "000.00.53.H48-260316-0001;16/03/2026 25:00;4\n", encoding="utf-8")
    refused = motcua(unit, database_url, "dossiers", "import", str(broken), "--unit", "hb")
    assert refused.returncode == 1
    assert "Dòng 3, cột «NgayTiepNhan»: «16/03/2026 25:00» không phải ngày hợp lệ" in \
        refused.stderr
    assert "Sổ theo dõi hồ sơ chưa thay đổi gì" in refused.stderr
    assert listed(unit, database_url) == before
    wrong = motcua(unit, database_url, "dossiers", "list", "--unit", "hb", "--status", "xong")
    assert wrong.returncode == 1 and "overdue" in wrong.stderr
    missing = motcua(unit, database_url, "dossiers", "import", str(broken), "--unit", "khong")
    assert missing.returncode == 1 and "Không có đơn vị mã «khong»" in missing.stderr


def test_cutoff_rules_are_listed_and_can_be_turned_off_for_a_unit(
        unit: Path, database_url: str) -> None:
    shown = motcua(unit, database_url, "dossiers", "rules")
    assert shown.returncode == 0 and shown.stdout.count(" — 15:00 · ") == 12
    assert "1.001193 — 15:00 · theo trình tự thực hiện đã công bố: «" in shown.stdout
    off = motcua(unit, database_url, "dossiers", "rule", "1.011441", "--cutoff", "off",
                 "--unit", "hb")
    assert off.returncode == 0 and "không áp dụng giờ chốt" in off.stdout
    motcua(unit, database_url, "dossiers", "import", str(portal_csv(unit / "p.csv")),
           "--unit", "hb")
    found = {row["code"]: row for row in listed(unit, database_url)}
    # Received Monday 15:30: without the cut-off the 3 working days count from Monday.
    assert found["000.00.53.H48-260302-0002"]["due_at"] == datetime(
        2026, 3, 5, 17, tzinfo=TZ).isoformat()
    bad = motcua(unit, database_url, "dossiers", "rule", "1.011441", "--cutoff", "3pm")
    assert bad.returncode == 1 and "GIỜ:PHÚT" in bad.stderr


def test_a_unit_sets_its_own_office_hours(unit: Path, database_url: str) -> None:
    done = motcua(unit, database_url, "unit", "set", "hb", "--office-hours",
                  "07:30-11:30, 13:30-17:30")
    assert done.returncode == 0 and "07:30-11:30,13:30-17:30" in done.stdout
    motcua(unit, database_url, "dossiers", "import", str(portal_csv(unit / "p.csv")),
           "--unit", "hb")
    found = {row["code"]: row for row in listed(unit, database_url)}
    assert found["XH-2026/15"]["due_at"] == datetime(2026, 3, 17, 17, 30, tzinfo=TZ).isoformat()
    bad = motcua(unit, database_url, "unit", "set", "hb", "--office-hours", "sáng")
    assert bad.returncode == 1 and "GIỜ:PHÚT-GIỜ:PHÚT" in bad.stderr


def test_export_writes_the_months_book_with_what_became_of_each_dossier(
        unit: Path, database_url: str) -> None:
    motcua(unit, database_url, "dossiers", "import", str(portal_csv(unit / "p.csv")),
           "--unit", "hb")
    extend_one(database_url, unit)
    out = unit / "book.xlsx"
    done = motcua(unit, database_url, "dossiers", "export", "--unit", "hb", "--month",
                  "2026-03", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Sổ theo dõi hồ sơ tháng 3/2026 của Trung tâm xã Hoà Bình (6 hồ sơ" in done.stdout
    assert str(out.resolve()) in done.stdout
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A3"].value == "Tháng 3 năm 2026"
    book = [[sheet.cell(r, c).value for c in range(1, 14)] for r in range(7, sheet.max_row + 1)]
    # Received in March, in order of receipt; the one never accepted is in no book.
    assert [row[1] for row in book] == [
        "000.00.53.H48-260302-0001", "000.00.53.H48-260302-0002", "000.00.53.H48-260303-0007",
        "000.00.53.H48-260304-0003", "000.00.53.H48-260305-0011", "XH-2026/15"]
    first, second = book[0], book[1]
    assert first[:4] == [1, "000.00.53.H48-260302-0001", "Thủ tục đăng ký khai sinh",
                         "Nguyễn Văn An"]
    assert (first[6], first[7], first[12]) == (
        datetime(2026, 3, 2, 9, 15), datetime(2026, 3, 3, 17, 0), "Đang giải quyết")
    assert second[7] == datetime(2026, 3, 19, 17, 0)
    assert second[12] == ("Đã tiếp nhận; Đã gia hạn, hẹn ban đầu 17:00 06/03/2026; "
                          "có văn bản xin lỗi ngày 16/03/2026")
    assert book[2][12] is None  # resolved: nothing to note
    assert book[4][12] == "Trả lại"
    # April's book is empty; the default file is named after the unit and the month.
    april = motcua(unit, database_url, "dossiers", "export", "--unit", "hb", "--month",
                   "04/2026")
    assert april.returncode == 0 and "(0 hồ sơ" in april.stdout
    default = unit / "hb-so-theo-doi-ho-so-2026-04.xlsx"
    assert str(default) in april.stdout and openpyxl.load_workbook(default).active["A7"].value \
        is None


@pytest.mark.parametrize(("args", "said"), [
    (("--unit", "hb", "--month", "2026-13"), "«2026-13» không phải tháng hợp lệ"),
    (("--unit", "hb", "--month", "tháng ba"), "không phải tháng hợp lệ"),
    (("--unit", "zz", "--month", "2026-03"), "Không có đơn vị mã «zz»"),
    (("--unit", "hb", "--month", "2026-03", "--out", "/nonexistent/dir/b.xlsx"),
     "Không ghi được tệp «/nonexistent/dir/b.xlsx»"),
])
def test_export_refuses_a_bad_month_unit_or_place(unit: Path, database_url: str,
                                                  args: tuple[str, ...], said: str) -> None:
    done = motcua(unit, database_url, "dossiers", "export", *args)
    assert done.returncode == 1 and said in done.stderr, done.stderr


def extend_one(database_url: str, data: Path) -> None:
    """The desk extends one dossier and issues the apology (as /xinloi does), on 16/03."""
    app = build_app(make_settings(database_url, data_dir=data))
    now = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)
    try:
        with app.engine.begin() as connection:
            unit_id = find_unit_id(connection, "hb")
            assert unit_id is not None
            procedures = app.services.catalog.snapshot(connection, now).procedures
            ctx = load_context(connection, unit_id, app.settings.dossier_options, procedures)
            view = get_dossier(connection, unit_id, "000.00.53.H48-260302-0002")
            assert view is not None
            extended = extend(connection, ctx, view, datetime(2026, 3, 19, 17, tzinfo=TZ),
                              "Cần xác minh", now=now, by=None)
            assert isinstance(extended, DossierView)
            assert isinstance(mark_apology(connection, ctx, extended, now=now, by=None),
                              DossierView)
    finally:
        app.engine.dispose()
