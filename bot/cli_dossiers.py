"""`motcua dossiers ...`: the register from the command line (import, list, export of the
month's book, cut-off rules)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import typer
from sqlalchemy.exc import IntegrityError

from bot.app import App, build_app
from bot.cli_reports import _period as month_argument
from bot.core.clock import utcnow
from bot.core.documents import register_book
from bot.core.dossiers import DossierView, find_unit_id, list_dossiers, load_context
from bot.core.dossiers.book import book_row, month_dossiers
from bot.core.dossiers.context import RegisterContext
from bot.core.dossiers.importer import import_file
from bot.core.dossiers.rules import list_rules, set_cutoff
from bot.core.dossiers.store import ConcurrentChange
from bot.rendering import Renderer
from models import DossierStatus

dossiers_app = typer.Typer(help="The dossier register (sổ theo dõi hồ sơ).")
STATUS_FILTERS = ("open", "overdue", *(s.value for s in DossierStatus))


def say(template: str, err: bool = False, **context: object) -> None:
    typer.echo(Renderer("cli").text(template, **context), err=err)


def _context(bot: App, connection: Any, unit: str, now: datetime) -> RegisterContext:
    unit_id = find_unit_id(connection, unit)
    if unit_id is None:
        say("cli/unit_missing", err=True, code=unit)
        raise typer.Exit(code=1)
    procedures = bot.services.catalog.snapshot(connection, now).procedures
    return load_context(connection, unit_id, bot.settings.dossier_options, procedures)


class _Rows:
    """A progress bar's iterable of unknown length: the file is read once, as it streams."""

    def __iter__(self) -> Iterator[int]:
        return iter(())


@dossiers_app.command("import")
def import_command(
    path: Path = typer.Argument(..., help="The export: .xlsx or .csv"),
    unit: str = typer.Option(..., "--unit", help="Unit code"),
) -> None:
    """Add or update dossiers by receipt code; a file with any error changes nothing."""
    bot = build_app()
    now = utcnow()
    try:
        with bot.engine.begin() as connection:
            ctx = _context(bot, connection, unit, now)
            with typer.progressbar(_Rows(), label="Đang đọc và nhập", file=sys.stderr,
                                   show_pos=True) as bar:
                outcome = import_file(connection, ctx, path, now=now, by=None, write=True,
                                      source=f"import:{path.name}", progress=bar.update)
    except (ConcurrentChange, IntegrityError):
        # Someone changed the same dossiers meanwhile; everything was rolled back.
        say("dossiers/import_busy", err=True, file=path.name)
        raise typer.Exit(code=1) from None
    if not outcome.ok:
        say("dossiers/import_errors", err=True, file=path.name,
            errors=[e.as_context() for e in outcome.errors])
        raise typer.Exit(code=1)
    say("dossiers/import_done", file=path.name, unit=ctx.unit_name, report=outcome.report,
        counts=outcome.counts, days=ctx.options.due_soon_days)


def _json(view: DossierView, ctx: RegisterContext) -> str:
    def iso(value: datetime | None) -> str | None:
        return value.astimezone(ctx.tz).isoformat() if value else None

    return json.dumps({
        "code": view.code, "procedure_code": view.procedure_code,
        "procedure_name": view.procedure_name, "sector": view.sector, "channel": view.channel,
        "received_at": iso(view.received_at), "due_at": iso(view.due_at), "status": view.status,
        "resolved_at": iso(view.resolved_at), "extended": view.extended,
    }, ensure_ascii=False)


@dossiers_app.command("list")
def list_command(
    unit: str = typer.Option(..., "--unit", help="Unit code"),
    status: str | None = typer.Option(
        None, "--status", help="open, overdue, or one status: " + ", ".join(STATUS_FILTERS[2:])),
    due_within: int | None = typer.Option(
        None, "--due-within", min=0, max=366,
        help="Open dossiers due by the end of the N-th working day from today (overdue too)"),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line"),
) -> None:
    """The register, by due date: the book on screen, or JSON lines for other tools."""
    if status is not None and status not in STATUS_FILTERS:
        say("dossiers/bad_status", err=True, given=status, choices=STATUS_FILTERS)
        raise typer.Exit(code=1)
    bot = build_app()
    now = utcnow()
    with bot.engine.connect() as connection:
        ctx = _context(bot, connection, unit, now)
        due_before = ctx.due_soon_limit(now, due_within) if due_within is not None else None
        views = list_dossiers(connection, ctx.unit_id, status=status, due_before=due_before,
                              now=now)
    if as_json:
        for view in views:
            typer.echo(_json(view, ctx))
        return
    say("dossiers/list", unit=ctx.unit_name, dossiers=views, tz=str(ctx.tz), now=now)


@dossiers_app.command("export")
def export_command(
    unit: str = typer.Option(..., "--unit", help="Unit code"),
    month: str = typer.Option(..., "--month", help="The month, 2026-03 or 03/2026"),
    out: Path | None = typer.Option(
        None, "--out", help="Where to write the .xlsx (default: this folder, named after the "
        "unit and month)"),
) -> None:
    """The month's register book, Sổ theo dõi hồ sơ (Mẫu 07), as XLSX: the dossiers received
    in that month (bot/core/dossiers/book.py says why), with what became of them."""
    period = month_argument(month)
    first = date.fromisoformat(f"{period}-01")
    bot = build_app()
    renderer = Renderer("cli")
    with bot.engine.connect() as connection:
        ctx = _context(bot, connection, unit, utcnow())
        views = month_dossiers(connection, ctx.unit_id, first, ctx.tz)

    def note(view: DossierView) -> str | None:
        return renderer.text("dossiers/book_note", dossier=view, tz=str(ctx.tz)) or None

    book = register_book(ctx.unit_name, first, [book_row(v, note) for v in views],
                         timezone=str(ctx.tz))
    target = out if out is not None else Path(f"{ctx.unit_code}-{book.filename}")
    try:
        target.write_bytes(book.content)
    except OSError as exc:
        say("dossiers/export_failed", err=True, path=str(target), reason=exc.strerror or "")
        raise typer.Exit(code=1) from None
    say("dossiers/export_done", path=str(target.resolve()), unit=ctx.unit_name, month=first,
        count=len(views))


@dossiers_app.command("rules")
def rules_command(unit: str | None = typer.Option(None, "--unit", help="With its overrides")
                  ) -> None:
    """Procedures with the same-day cut-off (received after it, counted from the next
    working day), with the sentence of the procedure each was read from."""
    bot = build_app()
    with bot.engine.connect() as connection:
        unit_id = None
        if unit is not None:
            unit_id = find_unit_id(connection, unit)
            if unit_id is None:
                say("cli/unit_missing", err=True, code=unit)
                raise typer.Exit(code=1)
        say("dossiers/rules", rules=list_rules(connection, unit_id), unit=unit)


@dossiers_app.command("rule")
def rule_command(
    code: str = typer.Argument(..., help="Procedure code, e.g. 1.001193"),
    cutoff: str = typer.Option(..., "--cutoff", help="HH:MM, or off"),
    unit: str | None = typer.Option(None, "--unit", help="Only this unit (default: every unit)"),
) -> None:
    """Turn a procedure's same-day cut-off on or off, for every unit or one."""
    value: time | None = None
    if cutoff.strip().lower() != "off":
        try:
            value = time.fromisoformat(cutoff.strip().zfill(5))
        except ValueError:
            say("dossiers/bad_cutoff", err=True, given=cutoff)
            raise typer.Exit(code=1) from None
    bot = build_app()
    with bot.engine.begin() as connection:
        unit_id = find_unit_id(connection, unit) if unit is not None else None
        if unit is not None and unit_id is None:
            say("cli/unit_missing", err=True, code=unit)
            raise typer.Exit(code=1)
        if bot.services.catalog.snapshot(connection, utcnow()).procedures.get(code) is None:
            say("procedures/unknown_code", err=True, code=code)
            raise typer.Exit(code=1)
        set_cutoff(connection, code, unit_id, value, utcnow())
    say("dossiers/rule_set", code=code, cutoff=value, unit=unit)
