"""Build the shipped catalog under bot/data/ from the reference crawl (dev time only).

    .venv/bin/python scripts/build_catalog.py [--source ../shared/data]

Keeps all records and every field in the source shape; only normalizes text (NFC, trailing
spaces) and sorts by code, so the output is deterministic and `motcua procedures import`
accepts it. Exclusion and flagging happen at load time (bot.core.catalog.clean).
"""

from __future__ import annotations

import argparse
import csv
import json
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data"
OUT = ROOT / "bot" / "data"


def _clean(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def build(source: Path, out: Path) -> tuple[int, int]:
    records = [
        {key: _clean(value) for key, value in json.loads(line).items()}
        for line in (source / "tthc_cap_xa_dvcqg_2026.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    records.sort(key=lambda r: r["ma_thu_tuc"])
    out.mkdir(parents=True, exist_ok=True)
    with (out / "procedures.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
    with (source / "tthc_index_dvcqg_2026.csv").open(encoding="utf-8-sig", newline="") as src:
        rows = list(csv.reader(src))
    header, body = rows[0], sorted(rows[1:], key=lambda row: row[0])
    with (out / "procedure_index.csv").open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([[_clean(cell) for cell in row] for row in body])
    return len(records), len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    procedures, index = build(args.source, args.out)
    print(f"{procedures} procedures, {index} index rows -> {args.out}")


if __name__ == "__main__":
    main()
