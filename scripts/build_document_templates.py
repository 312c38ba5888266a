"""Build the DOCX templates of templates/documents/ from their text specs (dev time only).

    .venv/bin/python scripts/build_document_templates.py [--out DIR]

A .docx cannot be reviewed in a diff, so each one is built: the words and Jinja tags live in
templates/documents/<name>.toml (and the shared words in common.toml), the layout of
Nghị định 30/2020/NĐ-CP in bot/core/documents/admin_layout.py. Change one of those, run this,
and commit the .toml/.py change together with the rebuilt .docx. The output is byte-for-byte
the same for the same input; tests/core/documents/test_template_build.py fails when the
committed templates and a fresh build differ in text or structure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.documents import admin_layout  # noqa: E402
from bot.core.documents.formatting import DOCUMENT_TEMPLATES, common_words  # noqa: E402

# Templates on the administrative layout; each has templates/documents/<name>.toml.
ADMINISTRATIVE = ("apology_letter", "period_report")


def build_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ADMINISTRATIVE:
        spec = admin_layout.load_spec(DOCUMENT_TEMPLATES / f"{name}.toml")
        target = out / f"{name}.docx"
        target.write_bytes(admin_layout.build(spec, common_words()))
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCUMENT_TEMPLATES,
                        help="folder to write to (default: templates/documents)")
    args = parser.parse_args()
    for path in build_all(args.out):
        print(path)


if __name__ == "__main__":
    main()
