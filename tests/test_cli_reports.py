"""`motcua period …` and `motcua calendar …` take and show dates the Vietnamese way."""

from pathlib import Path

from tests.test_cli_people import motcua


def test_months_and_days_are_written_day_first(tmp_path: Path) -> None:
    motcua(tmp_path, "unit", "add", "ab", "Trung tâm xã An Bình")
    assert "Đã chốt số liệu tháng 02/2026" in motcua(tmp_path, "period", "close", "02/2026",
                                                      "--unit", "ab").stdout
    assert "Đã chốt số liệu tháng 01/2026" in motcua(tmp_path, "period", "close", "2026-01",
                                                      "--unit", "ab").stdout
    missing = motcua(tmp_path, "period", "unlock", "03/2026", "--unit", "ab")
    assert missing.returncode == 1 and "Tháng 03/2026 chưa chốt" in missing.stderr
    bad = motcua(tmp_path, "period", "close", "13/2026", "--unit", "ab")
    assert bad.returncode == 1 and "ví dụ 03/2026" in bad.stderr
    assert "ngày 02/05/2026 là ngày làm việc" in motcua(tmp_path, "calendar", "set",
                                                        "02/05/2026", "--working").stdout
    assert "02/05/2026: làm việc" in motcua(tmp_path, "calendar", "list").stdout
    wrong = motcua(tmp_path, "calendar", "set", "31/02/2026", "--off")
    assert wrong.returncode == 1 and "ví dụ 02/05/2026" in wrong.stderr


def test_an_admin_sets_a_units_cutoff_day(tmp_path: Path) -> None:
    motcua(tmp_path, "unit", "add", "ab", "Trung tâm xã An Bình")
    assert "từ ngày 20 tháng trước đến ngày 19" in motcua(
        tmp_path, "unit", "set-cutoff", "ab", "20").stdout
    assert "tháng dương lịch" in motcua(tmp_path, "unit", "set-cutoff", "ab", "0").stdout
    bad = motcua(tmp_path, "unit", "set-cutoff", "ab", "31")
    assert bad.returncode == 1 and "từ 2 đến 28" in bad.stderr
    missing = motcua(tmp_path, "unit", "set-cutoff", "zz", "15")
    assert missing.returncode == 1


def test_report_build_prints_the_summary_and_saves_the_files(tmp_path: Path) -> None:
    motcua(tmp_path, "unit", "add", "ab", "Trung tâm xã An Bình")
    built = motcua(tmp_path, "report", "build", "--unit", "ab", "--period", "quý 1/2026")
    assert built.returncode == 0, built.stderr
    assert "Báo cáo quý I/2026 — Trung tâm xã An Bình" in built.stdout
    assert "Số liệu từ 15/12/2025 đến 14/03/2026" in built.stdout
    saved = [line.split(": ", 1)[1] for line in built.stdout.splitlines()
             if "tệp đính kèm đã lưu" in line]
    assert len(saved) == 3 and all(Path(p.rstrip(")")).is_file() for p in saved)
    assert all(str(tmp_path / "files") in p for p in saved)
    span = motcua(tmp_path, "report", "build", "--all", "--from", "01/03/2026", "--to",
                  "31/03/2026")
    assert "từ 01/03/2026 đến 31/03/2026" in span.stdout
    bad = motcua(tmp_path, "report", "build", "--unit", "ab", "--period", "13/2026")
    assert bad.returncode == 1 and "Không hiểu kỳ báo cáo «13/2026»" in bad.stderr
    usage = motcua(tmp_path, "report", "build", "--period", "2026-03")
    assert usage.returncode == 1 and "Cách dùng" in usage.stderr


def test_report_rollup_prints_the_province_and_saves_its_files(tmp_path: Path) -> None:
    motcua(tmp_path, "unit", "add", "ab", "Trung tâm xã An Bình", "--province", "Tỉnh Mẫu")
    motcua(tmp_path, "unit", "add", "cd", "Trung tâm xã Cát Đằng", "--province", "Tỉnh Mẫu")
    listed = motcua(tmp_path, "unit", "list").stdout
    assert "kỳ báo cáo từ ngày 15 tháng trước đến ngày 14" in listed
    built = motcua(tmp_path, "report", "rollup", "--province", "Tỉnh Mẫu", "--period", "3/2026")
    assert built.returncode == 0, built.stderr
    assert "Tổng hợp tháng 3/2026 — Tỉnh Mẫu" in built.stdout
    assert "Chưa báo cáo (2): Trung tâm xã An Bình, Trung tâm xã Cát Đằng" in built.stdout
    saved = [line.split(": ", 1)[1].rstrip(")") for line in built.stdout.splitlines()
             if "tệp đính kèm đã lưu" in line]
    assert [Path(p).suffix for p in saved] == [".xlsx", ".png"]
    assert all(Path(p).is_file() for p in saved)
    unknown = motcua(tmp_path, "report", "rollup", "--province", "Tỉnh Khác", "--period", "3/2026")
    assert unknown.returncode == 1 and "Không có đơn vị nào thuộc «Tỉnh Khác»" in unknown.stderr
    usage = motcua(tmp_path, "report", "rollup", "--province", "Tỉnh Mẫu")
    assert usage.returncode == 1 and "Cách dùng" in usage.stderr
