"""Import benchmark: the shared importer vs the bare readers it wraps, measured in one run.

    .venv/bin/python bench/importing.py [--rows 20000]

Builds a dossier-register-like file (XLSX and CSV, ROWS rows × 8 columns) in a temporary
folder, then times reading every row with the bare library (openpyxl read-only iteration;
csv.reader) beside `load_file` (size checks, the XLSX pre-scan, header mapping, cell checks),
and prints the peak memory (tracemalloc) of both. Last, the refusal of issue 13's XLSX bomb.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from bot.core.importing import Columns, RowError, heading_key, load_file  # noqa: E402
from bot.core.importing.limits import DEFAULT_LIMITS  # noqa: E402
from bot.core.importing.xlsx import check_archive  # noqa: E402
from tests.importing_files import huge_cell_xlsx  # noqa: E402

HEADINGS = ["Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Người nộp", "Ngày nhận", "Hẹn trả",
            "Trạng thái", "Ghi chú"]
COLUMNS = Columns(tuple(HEADINGS), ("Mã hồ sơ",), True, {heading_key(h): h for h in HEADINGS})


def rows(count: int) -> list[list[object]]:
    start = datetime(2026, 1, 5, 8, 0)
    return [[f"000.00.{i:06d}", "1.001193", "Đăng ký khai sinh cho trẻ em", f"Nguyễn Văn {i}",
             start + timedelta(minutes=i), start + timedelta(days=3, minutes=i),
             "Đã trả kết quả", "Nộp trực tuyến" if i % 3 else ""] for i in range(count)]


def measure(name: str, run: Callable[[], int]) -> tuple[float, int]:
    seconds = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        count = run()
        seconds = min(seconds, time.perf_counter() - started)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  {name:<34} {count:>7} rows {seconds * 1000:>9.0f} ms {peak / 2**20:>8.1f} MB peak")
    return seconds, peak


def no_check(_line: int, _record: dict[str, object]) -> list[RowError]:
    return []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = rows(args.rows)
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(HEADINGS)
        for row in data:
            sheet.append(row)
        xlsx = folder / "so.xlsx"
        book.save(xlsx)
        csv_path = folder / "so.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([HEADINGS, *data])

        def bare_xlsx() -> int:
            wb = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
            count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
            wb.close()
            return count - 1

        def bare_csv() -> int:
            with csv_path.open(encoding="utf-8", newline="") as handle:
                return sum(1 for _ in csv.reader(handle)) - 1

        def ours(path: Path) -> Callable[[], int]:
            return lambda: len(load_file(path, COLUMNS, no_check).records)

        def scan_only() -> int:
            check_archive(xlsx, DEFAULT_LIMITS)
            return args.rows

        sizes = xlsx.stat().st_size / 2**20, csv_path.stat().st_size / 2**20
        print(f"XLSX {sizes[0]:.1f} MB, CSV {sizes[1]:.1f} MB, {args.rows} rows x "
              f"{len(HEADINGS)} columns; best of 3 runs; load_file keeps every record")
        base, _ = measure("baseline: openpyxl read-only", bare_xlsx)
        mine, _ = measure("load_file (xlsx)", ours(xlsx))
        scan, _ = measure("  of which the zip + XML pre-scan", scan_only)
        print(f"  XLSX overhead {100 * (mine - base) / base:+.0f} % "
              f"(pre-scan {100 * scan / base:.0f} % of the baseline)")
        base, _ = measure("baseline: csv.reader", bare_csv)
        mine, _ = measure("load_file (csv)", ours(csv_path))
        print(f"  CSV: load_file costs {mine / base:.1f}x the bare reader (records, checks)")

        bomb = huge_cell_xlsx(folder / "bomb.xlsx", 1500 * 2**20)
        print(f"Bomb: {bomb.stat().st_size / 2**20:.1f} MB file, one 1500 MB cell")
        errors = load_file(bomb, COLUMNS, no_check).errors
        print(f"  refused: {[e.code for e in errors]}")
        measure("load_file refusing it", lambda: len(load_file(bomb, COLUMNS, no_check).errors))


if __name__ == "__main__":
    main()
