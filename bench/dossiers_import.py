"""Dossier register import: rows per second and peak memory, beside the bare readers.

    .venv/bin/python bench/dossiers_import.py [--rows 100000] [--small 10000]

Builds a register export of ROWS rows (the Thanh Hóa system's headings, 12 columns; one row in
five without a due date, so the catalog's time is computed) as CSV and as XLSX, then, each in
a fresh process so peak RSS is the run's own:

- baseline: reading every row with the bare library (csv.reader; openpyxl read-only), for
  CSV, XLSX with dates as text (as the one-door systems export them) and XLSX with Excel
  date cells;
- `motcua dossiers import` work: read, check, upsert in batches and audit, into an empty
  register (all inserts), then the same file again with one row in ten changed (updates);
- the same on SMALL rows, to show memory does not grow with the file.

SQLite in a temporary folder; PostgreSQL too when BENCH_DATABASE_URL names a throwaway
database (its public schema is dropped). Rows/s are counted on the process's CPU time
(the bench machine is shared); the wall time is printed beside it, and on PostgreSQL it also
holds the server's work. Target: ≥ 5,000 rows/s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import reset_postgres  # noqa: E402 (after the path is set)

HEADER = ["STT", "Đơn vị tiếp nhận", "Tên thủ tục hành chính", "Mã hồ sơ", "Trạng thái",
          "Địa chỉ", "Người nộp", "Chủ hồ sơ", "Ngày nộp hồ sơ", "Ngày nhận", "Ngày hẹn trả",
          "Ngày kết thúc xử lý"]
PROCEDURES = ["Đăng ký tạm trú", "Đăng ký thường trú", "Thủ tục đăng ký khai sinh",
              "Thủ tục cấp bản sao từ sổ gốc", "Thủ tục đăng ký giám hộ"]
STATUSES = ["Đang xử lý", "Được tiếp nhận", "Đã trả kết quả", "Yêu cầu bổ sung giấy tờ",
            "Đã xử lý xong"]
NOW = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)


def rows(count: int, changed: bool = False) -> list[list[object]]:
    start = datetime(2025, 1, 2, 8, 0)
    out: list[list[object]] = []
    for i in range(count):
        received = start + timedelta(minutes=7 * i)
        status = STATUSES[(i + (1 if changed and i % 10 == 0 else 0)) % len(STATUSES)]
        due = received + timedelta(days=3) if i % 5 else None
        finished = received + timedelta(days=2) if status.startswith("Đã") else None
        out.append([i + 1, "UBND xã Demo", PROCEDURES[i % len(PROCEDURES)],
                    f"000.00.53.H48-{received:%y%m%d}-{i:05d}", status, f"Thôn {i % 12}",
                    f"Nguyễn Văn {i}", f"Nguyễn Văn {i}", received, received, due, finished])
    return out


def text(value: object) -> object:
    return value.strftime("%d/%m/%Y %H:%M:%S") if isinstance(value, datetime) else value


def write_files(folder: Path, count: int) -> dict[str, Path]:
    import openpyxl

    paths = {}
    for name, changed in (("first", False), ("again", True)):
        data = rows(count, changed)
        path = folder / f"{name}-{count}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(HEADER)
            writer.writerows([[text(v) for v in row] for row in data])
        paths[f"{name}.csv"] = path
        # The one-door systems write dates into their exports as text ("dd/mm/yyyy hh:mm:ss");
        # a sheet saved again by Excel may hold date cells instead, which openpyxl reads
        # several times slower. Both are measured.
        for kind, convert in (("xlsx", text), ("cells.xlsx", lambda v: v)):
            if kind == "cells.xlsx" and changed:
                continue
            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet()
            sheet.append(["DANH SÁCH HỒ SƠ THEO DÕI"])
            sheet.append(HEADER)
            for row in data:
                sheet.append([convert(v) for v in row])
            path = folder / f"{name}-{count}.{kind}"
            book.save(path)
            paths[f"{name}.{kind}"] = path
    return paths


def child(args: argparse.Namespace) -> None:
    """One measurement in this process; prints seconds, rows and peak RSS as JSON."""
    path = Path(args.file)
    before = 0.0
    if args.what == "bare":
        started, cpu = time.perf_counter(), time.process_time()
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                count = sum(1 for _ in csv.reader(handle, delimiter=";")) - 1
        else:
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)) - 2
            book.close()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    else:
        from bot.app import build_app
        from bot.core.dossiers import find_unit_id, load_context
        from bot.core.dossiers.importer import import_file
        from bot.core.people import create_unit
        from bot.db import transaction
        from bot.settings import Settings

        app = build_app(Settings(_env_file=None, database_url=args.db))  # type: ignore[call-arg]
        with transaction(app.sessions) as session:
            if find_unit_id(session.connection(), "bench") is None:
                create_unit(session, code="bench", name="Trung tâm xã Bench", now=NOW)
        with app.engine.begin() as connection:
            unit_id = find_unit_id(connection, "bench")
            assert unit_id is not None
            procedures = app.services.catalog.snapshot(connection, NOW).procedures
            ctx = load_context(connection, unit_id, app.settings.dossier_options, procedures)
            before = peak_rss_mb("VmRSS:")  # the bot loaded: catalog, SQLAlchemy, openpyxl
            started, cpu = time.perf_counter(), time.process_time()
            outcome = import_file(connection, ctx, path, now=NOW, source="bench", by=None,
                                  write=True)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert outcome.ok and outcome.report is not None, outcome.errors[:3]
        report = outcome.report
        count = report.added + report.updated + report.unchanged
        app.engine.dispose()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": count, "rss_mb": peak_rss_mb(),
                      "before_mb": before}))


def peak_rss_mb(field: str = "VmHWM:") -> float:
    """This process's own peak RSS (VmHWM): getrusage's ru_maxrss survives exec on Linux, so a
    child would report its parent's peak (the parent holds the generated rows)."""
    for text_line in Path("/proc/self/status").read_text().splitlines():
        if text_line.startswith(field):
            return int(text_line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(what: str, path: Path, db: str = "") -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--child", what, "--file", str(path),
                           "--db", db], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def line(name: str, result: dict[str, float], base: dict[str, float] | None = None) -> None:
    # The machine is shared: rows/s are by the process's own CPU time, wall time beside it.
    rate = result["rows"] / max(result["cpu"], 1e-9)
    extra = f"  {result['cpu'] / max(base['cpu'], 1e-9):5.1f}x the bare reader" if base else ""
    grown = (f" (+{result['rss_mb'] - result['before_mb']:.0f} over the loaded bot)"
             if result.get("before_mb") else "")
    print(f"  {name:<46} {int(result['rows']):>7} rows {result['seconds']:>6.2f} s wall "
          f"{result['cpu']:>6.2f} s CPU {rate:>8,.0f} rows/s {result['rss_mb']:>5.0f} MB peak RSS"
          f"{grown}{extra}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--child", default="")
    parser.add_argument("--file", default="")
    parser.add_argument("--db", default="")
    args = parser.parse_args()
    if args.child:
        child(argparse.Namespace(what=args.child, file=args.file, db=args.db))
        return
    postgres = os.environ.get("BENCH_DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for count in (args.rows, args.small):
            started = time.perf_counter()
            files = write_files(folder, count)
            sizes = ", ".join(f"{k[6:]} {p.stat().st_size / 2**20:.1f} MB"
                              for k, p in files.items() if k.startswith("first"))
            print(f"\n{count:,} rows x {len(HEADER)} columns ({sizes}; built in "
                  f"{time.perf_counter() - started:.0f} s); each line a fresh process")
            backends = [("SQLite", lambda n=count: f"sqlite:///{folder}/bench-{n}.sqlite3")]
            if postgres:
                backends.append(("PostgreSQL", lambda: postgres))
            for suffix in ("csv", "xlsx", "cells.xlsx"):  # cells.xlsx: Excel date cells
                base = measure("bare", files[f"first.{suffix}"])
                reader = {"csv": "csv.reader", "xlsx": "openpyxl, text dates",
                          "cells.xlsx": "openpyxl, date cells"}[suffix]
                line(f"baseline: bare {reader}", base)
                for label, url in backends:
                    db = url()
                    if label == "PostgreSQL":
                        reset_postgres(db).dispose()
                    elif Path(db[len("sqlite:///"):]).exists():
                        Path(db[len("sqlite:///"):]).unlink()
                    line(f"import {suffix}, {label}, empty register",
                         measure("import", files[f"first.{suffix}"], db), base)
                    if suffix != "cells.xlsx":  # the update path is the same for both XLSX
                        line(f"import {suffix}, {label}, again, 1 row in 10 changed",
                             measure("import", files[f"again.{suffix}"], db), base)


if __name__ == "__main__":
    main()
