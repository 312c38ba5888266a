"""`motcua procedures ...` and `motcua search`: the catalog from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from sqlmodel import select

from bot.app import build_app
from bot.core.catalog import load_records
from bot.core.clock import utcnow
from bot.core.procedures import import_records
from bot.db import transaction
from bot.rendering import Renderer
from models import Unit, UnitProcedure

procedures_app = typer.Typer(help="The procedure catalog (thủ tục hành chính).")


def say(template: str, err: bool = False, **context: object) -> None:
    typer.echo(Renderer("cli").text(template, **context), err=err)


@procedures_app.command("import")
def import_file(path: Path = typer.Argument(..., help=".jsonl, .csv or .xlsx")) -> None:
    """Add or update procedures by code; a file with any error changes nothing."""
    result = load_records(path)
    if not result.ok:
        say("procedures/import_errors", err=True, errors=[e.as_context() for e in result.errors])
        raise typer.Exit(code=1)
    bot = build_app()
    with transaction(bot.sessions) as session, typer.progressbar(
        length=len(result.records), label="Đang nhập", file=sys.stderr,
    ) as bar:
        report = import_records(
            session, result.records, now=utcnow(), source=path.name,
            excluded_fields=bot.settings.excluded_fields, progress=bar.update,
        )
    say("cli/import_report", report=report, path=path.name)


def _unit_setting(code: str, unit: str, **change: object) -> None:
    bot = build_app()
    with transaction(bot.sessions) as session:
        found = session.exec(select(Unit).where(Unit.code == unit)).first()
        if found is None or found.id is None:
            say("cli/unit_missing", err=True, code=unit)
            raise typer.Exit(code=1)
        snapshot = bot.services.catalog.snapshot(session.connection(), utcnow())
        if snapshot.visible(code) is None:
            say("procedures/unknown_code", err=True, code=code)
            raise typer.Exit(code=1)
        row = session.exec(select(UnitProcedure).where(
            UnitProcedure.unit_id == found.id, UnitProcedure.code == code)).first()
        if row is None:
            row = UnitProcedure(unit_id=found.id, code=code, updated_at=utcnow())
            session.add(row)
        for key, value in change.items():
            setattr(row, key, value)
        row.updated_at = utcnow()
        say("cli/unit_procedure", unit=found, code=code, hidden=row.hidden, note=row.note)


@procedures_app.command("hide")
def hide(code: str, unit: str = typer.Option(..., "--unit")) -> None:
    """Citizens of this unit stop seeing the procedure."""
    _unit_setting(code, unit, hidden=True)


@procedures_app.command("show")
def show(code: str, unit: str = typer.Option(..., "--unit")) -> None:
    """Undo `hide`."""
    _unit_setting(code, unit, hidden=False)


@procedures_app.command("note")
def note(code: str, text: str, unit: str = typer.Option(..., "--unit")) -> None:
    """A local note under the card (counter, opening hours, phone); "" removes it."""
    _unit_setting(code, unit, note=text)


def search(
    query: str = typer.Argument("", help="What a citizen would type"),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per query"),
    queries: Path | None = typer.Option(None, "--queries", help="JSONL with a \"q\" field"),
    limit: int = typer.Option(5, min=1, max=5),
) -> None:
    """Ranked procedures for a query, or for every query of a file (--json --queries)."""
    bot = build_app()
    with bot.engine.connect() as connection:
        index = bot.services.catalog.snapshot(connection, utcnow()).index
    texts = _read_queries(queries) if queries else [query]
    if not any(t.strip() for t in texts):
        say("cli/empty_query", err=True)
        raise typer.Exit(code=1)
    for text in texts:
        hits = index.search(text, limit=limit)
        if as_json:
            results = [{"code": h.code, "name": h.name, "score": round(h.score, 4)}
                       for h in hits]
            typer.echo(json.dumps({"q": text, "results": results}, ensure_ascii=False))
        else:
            say("cli/search_results", query=text, hits=hits)


def _read_queries(path: Path) -> list[str]:
    """Every line's "q"; a bad line stops with its number and what is wrong."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        say("cli/bad_queries", err=True, path=str(path), line=0, reason=str(exc))
        raise typer.Exit(code=1) from exc
    texts = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            text = data["q"]
            if not isinstance(text, str):
                raise TypeError
        except (ValueError, KeyError, TypeError) as exc:
            say("cli/bad_queries", err=True, path=str(path), line=number, reason="")
            raise typer.Exit(code=1) from exc
        texts.append(text)
    return texts
