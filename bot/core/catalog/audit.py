"""Lines of a rendered procedure card that do not read correctly (issue 12).

`scripts/audit_cards.py` renders every card of the shipped catalog and prints what this
flags; a test keeps the count at zero. Each rule names a fragment a citizen should never
see on a phone.
"""

from __future__ import annotations

import re

RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("the portal's currency words", re.compile(r"Việt Nam Đồng|\bVNĐ\b")),
    ("thousands with a comma (1,234)", re.compile(r"(?<![\d.,])\d{1,3},\d{3}(?![\d,])")),
    ("a bracket around a bare unit ((/trang))", re.compile(r"\(\s*/")),
    ("empty brackets", re.compile(r"\(\s*\)")),
    ("doubled brackets", re.compile(r"\(\(|\)\)")),
    ("an ISO date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    ("a value missing (None)", re.compile(r"\bNone\b")),
    ("a number with no unit in brackets", re.compile(r"\d \((cổng dịch vụ công )?không ghi rõ")),
    ("a time and fee line with nothing after its label", re.compile(r"^• Nộp[^:]*:\s*$")),
)
# The card's own time and fee lines; the portal's free text keeps its "a)" list markers and
# sentences wrapped over lines, which are not ours to rebalance.
TIME_AND_FEE = re.compile(r"^• Nộp ")


def _unbalanced(line: str) -> bool:
    depth = 0
    for ch in line:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return True
    return depth != 0


def problems(text: str) -> list[tuple[str, str]]:
    """(rule, line) for each line of `text` that breaks a rule."""
    found = []
    for line in text.splitlines():
        for name, pattern in RULES:
            if pattern.search(line):
                found.append((name, line))
        if TIME_AND_FEE.match(line) and _unbalanced(line) and not line.rstrip().endswith("…"):
            found.append(("unbalanced brackets", line))
    return found
