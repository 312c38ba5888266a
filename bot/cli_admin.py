"""Admin commands: schema upgrades and units (people and invites: cli_people.py)."""

from __future__ import annotations

import re

import typer
from sqlmodel import select

from bot.app import build_app
from bot.core.clock import utcnow
from bot.core.dossiers.hours import OfficeHours
from bot.core.people import UnitExists, create_unit, find_unit
from bot.core.reporting import ElementSet
from bot.core.summaries.periods import PeriodError, PeriodScheme, cutoff_value
from bot.db import make_engine, transaction, upgrade
from bot.rendering import Renderer
from bot.settings import Settings
from models import Unit

db_app = typer.Typer(help="Database schema.")
unit_app = typer.Typer(help="Units (Trung tâm Phục vụ hành chính công).")


def say(template: str, **context: object) -> None:
    typer.echo(Renderer("cli").text(template, **context))


def fail(template: str, **context: object) -> None:
    typer.echo(Renderer("cli").text(template, **context), err=True)
    raise typer.Exit(code=1)


def check_sectors(elements: ElementSet, codes: list[str]) -> None:
    known = [s.code for s in elements.sectors]
    unknown = [c for c in codes if c not in known]
    if unknown or not codes:
        fail("cli/bad_sectors", unknown=unknown, known=known)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply pending migrations (also done on every start)."""
    upgrade(make_engine(Settings().effective_database_url), revision)
    say("cli/db_upgraded", revision=revision)


@unit_app.command("add")
def unit_add(
    code: str = typer.Argument(..., help="Short code, e.g. phuong-ben-nghe"),
    name: str = typer.Argument(..., help="Full name of the center"),
    province: str = typer.Option("", help="Province / city"),
    timezone: str = typer.Option("", help="IANA timezone; default DEFAULT_TIMEZONE"),
    sectors: str = typer.Option("xa,ca,qs,dd,bhxh", help="Sector codes, comma separated"),
) -> None:
    """Create a unit."""
    settings = Settings()
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(timezone or settings.default_timezone)
    except (KeyError, ValueError):
        fail("cli/bad_timezone", timezone=timezone)
    bot = build_app(settings)
    codes = [s.strip() for s in sectors.split(",") if s.strip()]
    check_sectors(bot.services.elements, codes)
    try:
        with transaction(bot.sessions) as session:
            unit = create_unit(
                session, code=code, name=name, province=province,
                timezone=timezone or settings.default_timezone, now=utcnow(),
                sectors=codes,
            )
            say("cli/unit_added", unit=unit)
    except UnitExists:
        fail("cli/unit_exists", code=code)


@unit_app.command("set")
def unit_set(
    code: str = typer.Argument(..., help="Unit code"),
    name: str | None = typer.Option(None, help="Full name"),
    address: str | None = typer.Option(None, help="Address shown to citizens"),
    phone: str | None = typer.Option(None, help="Phone shown to citizens"),
    hours: str | None = typer.Option(None, help="Opening hours shown to citizens"),
    map_url: str | None = typer.Option(None, "--map-url", help="A map link to the center"),
    queue: str | None = typer.Option(
        None, help="How to get a number or book a time ahead, told to citizens"),
    sectors: str | None = typer.Option(None, help="Sector codes, comma separated"),
    office_hours: str | None = typer.Option(
        None, help='Windows deadlines in hours count in, "07:00-11:30,13:30-17:00"; "" = default'),
) -> None:
    """Change a unit's name, contact details, sectors or office hours."""
    bot = build_app()
    with transaction(bot.sessions) as session:
        unit = find_unit(session, code)
        if unit is None:
            fail("cli/unit_missing", code=code)
            return
        if name is not None:
            unit.name = name
        if address is not None:
            unit.address = address
        if phone is not None:
            unit.phone = phone
        if hours is not None:
            unit.opening_hours = hours
        if map_url is not None:
            unit.map_url = _map_url(map_url)
        if queue is not None:
            unit.queue_info = queue.strip()
        if sectors is not None:
            codes = [s.strip() for s in sectors.split(",") if s.strip()]
            check_sectors(bot.services.elements, codes)
            unit.sectors = codes
        if office_hours is not None:
            unit.office_hours = _office_hours(office_hours)
        say("cli/unit_added", unit=unit, updated=True)


def _map_url(text: str) -> str:
    """An http(s) link, or "" to remove it; anything else is refused with the fix."""
    given = text.strip()
    if given and not re.fullmatch(r"https?://\S+", given):
        fail("cli/bad_map_url", given=text)
    return given


def _office_hours(text: str) -> str:
    if not text.strip():
        return ""
    try:
        return str(OfficeHours.parse(text))
    except ValueError:
        fail("cli/bad_office_hours", given=text)
        raise  # fail() exits; this keeps the type checker sure of it


@unit_app.command("set-cutoff")
def unit_set_cutoff(
    code: str = typer.Argument(..., help="Unit code"),
    day: str = typer.Argument(..., help="2..28 (15 = 15th to 14th), or 0 for calendar months"),
) -> None:
    """Set the day a unit's report months start (Nghị định 09/2019/NĐ-CP Điều 12: the 15th)."""
    try:
        value = cutoff_value(day)
    except PeriodError:
        fail("cli/bad_cutoff", given=day)
        return
    bot = build_app()
    with transaction(bot.sessions) as session:
        unit = find_unit(session, code)
        if unit is None:
            fail("cli/unit_missing", code=code)
            return
        unit.report_cutoff_day = value
        say("cli/cutoff_set", unit=unit, cutoff=PeriodScheme.stored(value).cutoff_day)


@unit_app.command("list")
def unit_list() -> None:
    """List units."""
    bot = build_app()
    with transaction(bot.sessions) as session:
        units = list(session.exec(select(Unit).order_by(Unit.code)))
        say("cli/unit_list", units=units)

