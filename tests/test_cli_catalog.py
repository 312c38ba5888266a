"""`motcua procedures import` and `motcua search` as real processes on a real SQLite file."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from bot.db import make_engine


def motcua(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(DATA_DIR=str(data), DATABASE_URL="")
    return subprocess.run([sys.executable, "-m", "bot", *args], text=True, capture_output=True,
                          env=env, timeout=120, check=False)


def rows(data: Path) -> dict[str, tuple[str, str]]:
    engine = make_engine(f"sqlite:///{data / 'motcua.sqlite3'}")
    with engine.connect() as connection:
        result = connection.execute(text("SELECT code, name, updated_at FROM procedure"))
        found = {code: (name, str(updated)) for code, name, updated in result}
    engine.dispose()
    return found


def test_broken_file_changes_nothing_and_says_why(tmp_path: Path) -> None:
    assert motcua(tmp_path, "db", "upgrade").returncode == 0
    motcua(tmp_path, "search", "khai sinh")  # first start loads the shipped catalog
    before = rows(tmp_path)
    assert len(before) == 588
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"ma_thu_tuc": "9.000001", "ten_thu_tuc": "Thủ tục mới hợp lệ"}) + "\n"
        + json.dumps({"ma_thu_tuc": "1.001193", "ten_thu_tuc": "Đổi tên"}) + "\n"
        + "{not json\n"
        + json.dumps({"ma_thu_tuc": "12345", "ten_thu_tuc": "Sai mã"}) + "\n",
        encoding="utf-8",
    )
    result = motcua(tmp_path, "procedures", "import", str(bad))
    assert result.returncode == 1
    assert "Dòng 3: dòng này không phải JSON hợp lệ" in result.stderr
    assert 'Dòng 4: mã thủ tục "12345" không đúng dạng' in result.stderr
    assert "Chưa có dữ liệu nào được thay đổi" in result.stderr
    assert rows(tmp_path) == before


def test_csv_upserts_by_code_and_search_sees_it(tmp_path: Path) -> None:
    path = tmp_path / "moi.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["ma_thu_tuc", "ten_thu_tuc", "linh_vuc", "detail_url"])
        writer.writeheader()
        writer.writerow({"ma_thu_tuc": "9.000002", "ten_thu_tuc": "Cấp giấy phép nuôi ong mật",
                         "linh_vuc": "Chăn nuôi", "detail_url": "https://example.gov.vn/ong"})
    result = motcua(tmp_path, "procedures", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "thêm mới 1, cập nhật 0, bỏ qua 0" in result.stdout
    again = motcua(tmp_path, "procedures", "import", str(path))
    assert "thêm mới 0, cập nhật 0, bỏ qua 1" in again.stdout
    found = motcua(tmp_path, "search", "--json", "giay phep nuoi ong")
    assert json.loads(found.stdout)["results"][0]["code"] == "9.000002"


def test_xlsx_import_updates_an_existing_procedure(tmp_path: Path) -> None:
    path = tmp_path / "capnhat.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ma_thu_tuc", "ten_thu_tuc", "linh_vuc"])
    sheet.append(["1.004222", "Đăng ký thường trú (bản cập nhật)", "Đăng ký, quản lý cư trú"])
    book.save(path)
    result = motcua(tmp_path, "procedures", "import", str(path))
    assert "thêm mới 0, cập nhật 1" in result.stdout, result.stderr
    assert rows(tmp_path)["1.004222"][0] == "Đăng ký thường trú (bản cập nhật)"


def test_search_json_over_a_query_file(tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"q": "đăng ký khai tử"}\n{"q": "công thức nấu phở"}\n', "utf-8")
    result = motcua(tmp_path, "search", "--json", "--queries", str(queries))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["q"] for line in lines] == ["đăng ký khai tử", "công thức nấu phở"]
    assert lines[0]["results"][0]["code"] == "1.000656" and len(lines[0]["results"]) <= 5
    assert set(lines[0]["results"][0]) == {"code", "name", "score"}
    assert lines[1]["results"] == []


def test_bad_query_file_names_the_line(tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"q": "khai sinh"}\n{"query": "sai khoá"}\n', "utf-8")
    result = motcua(tmp_path, "search", "--json", "--queries", str(queries))
    assert result.returncode == 1 and "dòng 2" in result.stderr


def test_unclosed_quote_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    """Issue 13: the rows after the quote became one name, and the import said "1 added"."""
    assert motcua(tmp_path, "db", "upgrade").returncode == 0
    motcua(tmp_path, "search", "khai sinh")
    before = rows(tmp_path)
    path = tmp_path / "loi.csv"
    path.write_text('ma_thu_tuc,ten_thu_tuc\n9.000001,"Tên một\n9.000002,Tên hai\n'
                    "9.000003,Tên ba\n", encoding="utf-8")
    result = motcua(tmp_path, "procedures", "import", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert 'Dòng 2: dấu ngoặc kép (") mở ở dòng này không được đóng' in result.stderr
    assert rows(tmp_path) == before


def test_corrupt_xlsx_gets_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 300)
    result = motcua(tmp_path, "procedures", "import", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "tệp .xlsx bị hỏng nên không đọc được" in result.stderr


# The real `motcua` entry point, reporting its own peak memory as it exits. VmHWM belongs to the
# process's own address space; rusage from wait4 would also count the forking test runner.
PEAK_MEMORY_MAIN = (
    "import atexit, sys\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            sys.stderr.write('PEAK_KB=' + line.split()[1] + '\\n')\n"
    "atexit.register(peak)\n"
    "sys.argv = ['motcua'] + sys.argv[1:]\n"
    "from bot.cli import main\n"
    "main()\n"
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_the_xlsx_bomb_is_refused_without_the_memory(tmp_path: Path, xlsx_bomb: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(DATA_DIR=str(tmp_path), DATABASE_URL="")
    result = subprocess.run([sys.executable, "-c", PEAK_MEMORY_MAIN, "procedures", "import",
                             str(xlsx_bomb)], env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "vượt giới hạn 200,0 MB" in result.stderr
    peak_kb = int(result.stderr.rsplit("PEAK_KB=", 1)[1].split()[0])
    assert peak_kb < 200 * 1024, f"peak {peak_kb // 1024} MB"  # the old reader: 3.1 GB


def test_excel_csv_with_semicolons_and_portal_headings(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (
        "Mã thủ tục;Tên thủ tục;Lĩnh vực\r\n"
        "9.000003;Cấp phép nuôi ong, nuôi tằm;Chăn nuôi\r\n").encode())
    result = motcua(tmp_path, "procedures", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert rows(tmp_path)["9.000003"][0] == "Cấp phép nuôi ong, nuôi tằm"
