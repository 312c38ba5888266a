"""`motcua period ...`, `motcua calendar ...`, `motcua report build` and `motcua report
rollup`: closing months, local calendar changes, and period summaries and a province's
roll-up compiled from the command line."""

from __future__ import annotations

from datetime import date, timedelta

import typer
from sqlmodel import select

from bot.app import build_app
from bot.channels.console import format_reply
from bot.core.clock import utcnow
from bot.core.documents.rollup_table import render_rollup_table
from bot.core.messages import RenderedReply, Reply
from bot.core.reporting.periods import close_period, unlock_period
from bot.core.summaries.compile import compile_report, load_unit
from bot.core.summaries.compose import full_summary
from bot.core.summaries.files import render_all
from bot.core.summaries.model import Period
from bot.core.summaries.periods import PeriodError, PeriodScheme, explicit_period, parse_period
from bot.core.summaries.province import compile_rollup, province_units
from bot.core.summaries.rollup_chart import render_rollup_chart
from bot.core.summaries.rollup_view import rollup_context
from bot.db import transaction
from bot.rendering import Renderer
from bot.settings import Settings
from models import CalendarOverride, Unit

period_app = typer.Typer(help="Closed report periods (months).")
calendar_app = typer.Typer(help="Local calendar changes: extra days off, make-up working days.")
report_app = typer.Typer(help="Period summaries: figures, checks, DOCX, XLSX and chart.")


def say(template: str, err: bool = False, **context: object) -> None:
    typer.echo(Renderer("cli").text(template, **context), err=err)


def _period(text: str) -> str:
    """`03/2026` (as people write it) or `2026-03`."""
    month, slash, year = text.partition("/")
    if not slash:
        year, _, month = text.partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        say("cli/bad_period", err=True, given=text)
        raise typer.Exit(code=1)
    return f"{year}-{int(month):02d}"


def _day(text: str) -> date:
    """`02/05/2026` (as people write it) or `2026-05-02`."""
    day, slash, rest = text.partition("/")
    month, _, year = rest.partition("/")
    try:
        if slash:
            return date(int(year), int(month), int(day))
        return date.fromisoformat(text)
    except ValueError as exc:
        say("cli/bad_day", err=True, given=text)
        raise typer.Exit(code=1) from exc


def _unit_id(session: object, code: str) -> int:
    found = session.exec(select(Unit).where(Unit.code == code)).first()  # type: ignore[attr-defined]
    if found is None or found.id is None:
        say("cli/unit_missing", err=True, code=code)
        raise typer.Exit(code=1)
    return int(found.id)


@period_app.command("close")
def close(month: str = typer.Argument(..., help="MM/YYYY or YYYY-MM"),
          unit: str = typer.Option(..., "--unit")) -> None:
    """Close a month: later edits need a lead's approval."""
    period = _period(month)
    bot = build_app()
    with transaction(bot.sessions) as session:
        changed = close_period(session, _unit_id(session, unit), period, utcnow(), None)
    say("report/closed", period=period, changed=changed)


@period_app.command("unlock")
def unlock(month: str = typer.Argument(..., help="MM/YYYY or YYYY-MM"),
           unit: str = typer.Option(..., "--unit"),
           hours: int = typer.Option(48, min=1, max=24 * 31)) -> None:
    """Let edits of a closed month go straight in for a while (an admin exception)."""
    period = _period(month)
    bot = build_app()
    until = utcnow() + timedelta(hours=hours)
    with transaction(bot.sessions) as session:
        unit_id = _unit_id(session, unit)
        if not unlock_period(session, unit_id, period, until):
            say("cli/period_not_closed", err=True, period=period)
            raise typer.Exit(code=1)
    say("cli/period_unlocked", period=period, until=until)


@calendar_app.command("set")
def set_day(day: str = typer.Argument(..., help="DD/MM/YYYY or YYYY-MM-DD"),
            working: bool = typer.Option(..., "--working/--off",
                                         help="a make-up working day, or a day off"),
            note: str = typer.Option("", help="e.g. the decision that announced it")) -> None:
    """Record an announced swap; reminders and deadlines follow it."""
    parsed = _day(day)
    bot = build_app()
    with transaction(bot.sessions) as session:
        row = session.exec(select(CalendarOverride).where(CalendarOverride.day == parsed)).first()
        if row is None:
            row = CalendarOverride(day=parsed, working=working, note=note)
            session.add(row)
        row.working, row.note = working, note
    say("cli/calendar_set", day=parsed, working=working, note=note)


@calendar_app.command("list")
def list_days() -> None:
    """Local calendar changes on top of the national holidays."""
    bot = build_app()
    with transaction(bot.sessions) as session:
        rows = list(session.exec(select(CalendarOverride).order_by(CalendarOverride.day)))  # type: ignore[arg-type]
        say("cli/calendar_list", rows=rows)


def _summary_period(scheme: PeriodScheme, period: str | None, start: str | None,
                    end: str | None) -> Period:
    try:
        if start or end:
            if not (start and end):
                raise PeriodError(start or end or "")
            return explicit_period(_day(start), _day(end))
        return parse_period(period or "", scheme)
    except PeriodError as exc:
        say("summaries/bad_period_cli", err=True, given=exc.given)
        raise typer.Exit(code=1) from exc


@report_app.command("build")
def build(unit: str | None = typer.Option(None, "--unit", help="Unit code"),
          all_units: bool = typer.Option(False, "--all", help="Every unit"),
          period: str | None = typer.Option(None, "--period",
                                            help="2026-03, 3/2026, quý 1/2026, 2026-Q1, năm 2026"),
          start: str | None = typer.Option(None, "--from", help="First day, 01/03/2026"),
          end: str | None = typer.Option(None, "--to", help="Last day, 31/03/2026")) -> None:
    """Compile a period's summary, print it and save its files under DATA_DIR/files."""
    if (unit is None) == (not all_units) or (period is None and start is None and end is None):
        say("summaries/build_usage", err=True)
        raise typer.Exit(code=1)
    settings = Settings()
    bot = build_app(settings)
    now = utcnow()
    renderer = Renderer("console")
    with transaction(bot.sessions) as session:
        units = (list(session.exec(select(Unit).order_by(Unit.code)))
                 if all_units else [session.get(Unit, _unit_id(session, unit or ""))])
        connection = session.connection()
        for row in units:
            assert row is not None and row.id is not None
            scheme = load_unit(connection, row.id).scheme
            chosen = _summary_period(scheme, period, start, end)
            report = compile_report(connection, row.id, chosen, now=now,
                                    elements=bot.services.elements)
            # The console cannot press buttons: the files are saved and their paths shown.
            rendered = RenderedReply(renderer.render(full_summary(
                connection, report, now=now, elements=bot.services.elements)).text,
                                     attachments=tuple(render_all(report)))
            typer.echo(format_reply(rendered, settings.data_dir / "files") + "\n")


@report_app.command("rollup")
def rollup(province: str = typer.Option(..., "--province", help="Province as units have it"),
           period: str | None = typer.Option(None, "--period",
                                             help="2026-03, 3/2026, quý 1/2026, năm 2026"),
           start: str | None = typer.Option(None, "--from", help="First day, 01/03/2026"),
           end: str | None = typer.Option(None, "--to", help="Last day, 31/03/2026")) -> None:
    """A province's roll-up for a period: printed, with its XLSX and chart saved."""
    if period is None and start is None and end is None:
        say("summaries/rollup_usage", err=True)
        raise typer.Exit(code=1)
    settings = Settings()
    bot = build_app(settings)
    now = utcnow()
    with transaction(bot.sessions) as session:
        connection = session.connection()
        units = province_units(connection, province)
        if not units:
            say("summaries/rollup_unknown_province", err=True, province=province)
            raise typer.Exit(code=1)
        # The period as the province's first unit cuts its months (province.py says why
        # every unit is then compiled over those same days).
        chosen = _summary_period(load_unit(connection, units[0].id).scheme, period, start, end)
        built = compile_rollup(connection, province, chosen, now=now,
                               elements=bot.services.elements)
    rendered = RenderedReply(
        Renderer("console").render(Reply("summaries/rollup", rollup_context(built))).text,
        attachments=(render_rollup_table(built), render_rollup_chart(built)))
    typer.echo(format_reply(rendered, settings.data_dir / "files"))
