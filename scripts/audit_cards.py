"""Render every card of the shipped catalog and flag lines that do not read correctly.

    .venv/bin/python scripts/audit_cards.py

Prints each flagged line with its procedure and rule; exits 1 when there is any.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.catalog import build_procedures, load_records  # noqa: E402
from bot.core.catalog.audit import problems  # noqa: E402
from bot.core.messages import Reply  # noqa: E402
from bot.rendering import Renderer  # noqa: E402
from handlers.procedure_view import card_context  # noqa: E402

TEMPLATES = ("procedures/card", "procedures/documents", "procedures/legal_basis")


def audit(channel: str = "console") -> list[tuple[str, str, str, str]]:
    """(code, template, rule, line) for every flagged line of every visible card."""
    renderer = Renderer(channel)
    records = load_records(ROOT / "bot" / "data" / "procedures.jsonl").records
    flagged = []
    for procedure in build_procedures(records):
        if not procedure.visible:
            continue
        context = card_context(procedure, None, "")
        for template in TEMPLATES:
            text = renderer.render(Reply(template, context)).text
            flagged += [(procedure.code, template, rule, line) for rule, line in problems(text)]
    return flagged


def main() -> None:
    flagged = audit()
    for code, template, rule, line in flagged:
        print(f"{code} {template}: {rule}: {line[:160]}")
    print(f"{len(flagged)} flagged lines")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
