"""The shape rules: transports stay in bot/channels; no wall clock below the shell."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEUTRAL = ["bot/core", "handlers", "models", "bot/dispatch.py", "bot/rendering.py"]
TRANSPORTS = {"telegram", "starlette", "uvicorn"}


def python_files(*places: str) -> list[Path]:
    files: list[Path] = []
    for place in places:
        path = ROOT / place
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", python_files(*NEUTRAL), ids=lambda p: str(p.relative_to(ROOT)))
def test_channel_neutral_code_imports_no_transport(path: Path) -> None:
    assert not imported_roots(path) & TRANSPORTS


def test_the_rule_would_catch_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from telegram import Update\n")
    assert imported_roots(bad) & TRANSPORTS == {"telegram"}


@pytest.mark.parametrize("path", python_files("bot/core", "handlers", "models"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_code_does_not_read_the_wall_clock(path: Path) -> None:
    if path.name == "clock.py":
        return  # the one sanctioned reader, used only by the shell
    source = path.read_text(encoding="utf-8")
    for call in ("datetime.now(", "date.today(", "datetime.utcnow(", "time.time("):
        assert call not in source, f"{path}: {call}"
