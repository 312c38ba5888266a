"""SQL pieces every set-based planner builds its rows' keys and texts from."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, literal


def text(value: str) -> Any:
    """A string literal typed as text (so concatenation is text on both databases)."""
    return literal(value, String)


def key(*parts: Any) -> Any:
    """'a:' || x || ':' || y … from literals and columns: an outbox row's key in SQL."""
    expr: Any = None
    for part in parts:
        piece = text(part) if isinstance(part, str) else cast(part, String)
        expr = piece if expr is None else expr + piece
    return expr
