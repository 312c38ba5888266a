"""`motcua users …` and `motcua invite …`: the people of a unit and their invite codes.

`motcua invite --unit U --role staff` still creates a code (as `motcua invite create` does);
`list` and `revoke` manage codes not used yet.
"""

from __future__ import annotations

from datetime import timedelta

import typer
from sqlmodel import Session, select

from bot.app import build_app
from bot.core import members
from bot.core.clock import utcnow
from bot.core.members import Done, Refusal
from bot.core.menus import CHANNELS_WITH_MENUS, schedule_menu
from bot.core.people import InviteState, create_invite, find_unit, list_invites, revoke_invite
from bot.db import transaction
from bot.rendering import Renderer
from bot.settings import Settings
from models import Role, Unit, User

users_app = typer.Typer(help="People of a unit: list, change role or sectors, remove.")
invite_app = typer.Typer(help="Invite codes: create (the default), list, revoke.")


def say(template: str, **context: object) -> None:
    typer.echo(Renderer("cli").text(template, **context))


def fail(template: str, **context: object) -> None:
    typer.echo(Renderer("cli").text(template, **context), err=True)
    raise typer.Exit(code=1)


def _unit(session: Session, code: str) -> Unit:
    found = find_unit(session, code)
    if found is None or found.id is None:
        fail("cli/unit_missing", code=code)
        raise AssertionError("unreachable")
    return found


def _sectors(text: str, unit: Unit) -> list[str]:
    codes = [s.strip() for s in text.split(",") if s.strip()]
    for code in codes:
        if code not in unit.sectors:
            fail("cli/sector_missing", sector=code, unit=unit)
    return codes


def _role(text: str) -> Role:
    if text not in (Role.STAFF, Role.LEAD, Role.ADMIN):
        fail("cli/bad_role", role=text)
    return Role(text)


@users_app.command("list")
def users_list(unit: str = typer.Option(..., "--unit", help="Unit code")) -> None:
    """The unit's staff, leads and admins, with the number other commands take."""
    bot = build_app()
    with transaction(bot.sessions) as session:
        found = _unit(session, unit)
        assert found.id is not None
        people = members.list_members(session.connection(), found.id)
        say("cli/users_list", unit=found, people=people)


def _report(result: Done | Refusal, user_id: int, unit: Unit) -> None:
    if isinstance(result, Refusal):
        if result is Refusal.UNCHANGED:
            say("cli/member_unchanged", id=user_id)
            return
        fail("cli/member_refused", reason=result.value, id=user_id, unit=unit)
    else:
        say("cli/member_changed", id=user_id, field=result.field, old=result.old,
            new=result.new)


@users_app.command("set")
def users_set(
    user_id: int = typer.Argument(..., help="The number shown by `motcua users list`"),
    unit: str = typer.Option(..., "--unit", help="Unit code"),
    role: str | None = typer.Option(None, "--role", help="staff, lead or admin"),
    sectors: str | None = typer.Option(None, "--sectors",
                                       help="Sectors they report for, comma separated"),
) -> None:
    """Change a person's role and/or the sectors they may report for (audited)."""
    if role is None and sectors is None:
        fail("cli/users_set_usage")
    bot = build_app()
    with transaction(bot.sessions) as session:
        found = _unit(session, unit)
        assert found.id is not None
        now = utcnow()
        if role is not None:
            _report(members.set_role(session, found.id, user_id, _role(role), by=None, now=now),
                    user_id, found)
        if sectors is not None:
            _report(members.set_sectors(session, found.id, user_id, _sectors(sectors, found),
                                        list(found.sectors), by=None, now=now),
                    user_id, found)


@users_app.command("remove")
def users_remove(
    user_id: int = typer.Argument(..., help="The number shown by `motcua users list`"),
    unit: str = typer.Option(..., "--unit", help="Unit code"),
) -> None:
    """Someone left: they lose access at once; their past figures keep their name."""
    bot = build_app()
    with transaction(bot.sessions) as session:
        found = _unit(session, unit)
        assert found.id is not None
        _report(members.remove(session, found.id, user_id, by=None, now=utcnow()),
                user_id, found)


@users_app.command("menus")
def users_menus(unit: str | None = typer.Option(None, "--unit", help="Unit code; all if none")
                ) -> None:
    """Send every member on Telegram their role's command menu (after an upgrade, say)."""
    bot = build_app()
    now = utcnow()
    with transaction(bot.sessions) as session:
        found = _unit(session, unit) if unit else None
        query = select(User).where(User.role != Role.CITIZEN.value,
                                   User.channel.in_(CHANNELS_WITH_MENUS))  # type: ignore[attr-defined]
        if found is not None:
            query = query.where(User.unit_id == found.id)
        people = list(session.exec(query))
        for person in people:
            schedule_menu(session, person, now)
        say("cli/menus_scheduled", count=len(people))


def _create(unit: str, role: str, sector: str) -> None:
    settings = Settings()
    bot = build_app(settings)
    with transaction(bot.sessions) as session:
        found = _unit(session, unit)
        codes = _sectors(sector, found)
        ttl = timedelta(hours=settings.invite_ttl_hours)
        code, row = create_invite(session, found, _role(role), utcnow(), ttl, codes)
        say("cli/invite", code=code, unit=found, role=role, expires_at=row.expires_at,
            tz=found.timezone, sectors=codes)


_UNIT = typer.Option(None, "--unit", help="Unit code")
_ROLE = typer.Option("staff", "--role", help="staff, lead or admin")
_SECTOR = typer.Option("", "--sector", help="Sector(s) they report for, comma separated")


@invite_app.callback(invoke_without_command=True)
def invite(ctx: typer.Context, unit: str | None = _UNIT, role: str = _ROLE,
           sector: str = _SECTOR) -> None:
    """Print a one-time invite code; the person sends /thamgia CODE in chat."""
    if ctx.invoked_subcommand is not None:
        return
    if unit is None:
        fail("cli/invite_usage")
        return
    _create(unit, role, sector)


@invite_app.command("create")
def invite_create(unit: str = typer.Option(..., "--unit", help="Unit code"),
                  role: str = _ROLE, sector: str = _SECTOR) -> None:
    """The same as `motcua invite --unit …`."""
    _create(unit, role, sector)


@invite_app.command("list")
def invite_list(
    unit: str = typer.Option(..., "--unit", help="Unit code"),
    everything: bool = typer.Option(False, "--all", help="Also used, expired, revoked"),
) -> None:
    """Invite codes of a unit (only their numbers: the codes themselves are not kept)."""
    bot = build_app()
    with transaction(bot.sessions) as session:
        found = _unit(session, unit)
        assert found.id is not None
        rows = list_invites(session, found.id, utcnow(), everything=everything)
        say("cli/invite_list", unit=found, rows=rows, everything=everything)


@invite_app.command("revoke")
def invite_revoke(
    invite_id: int = typer.Argument(..., help="The number shown by `motcua invite list`"),
    unit: str = typer.Option(..., "--unit", help="Unit code"),
) -> None:
    """Withdraw a code nobody has used yet."""
    bot = build_app()
    with transaction(bot.sessions) as session:
        found = _unit(session, unit)
        assert found.id is not None
        result = revoke_invite(session, found.id, invite_id, utcnow())
        if result is None:
            fail("cli/invite_missing", id=invite_id, unit=found)
        elif isinstance(result, InviteState):
            fail("cli/invite_not_revoked", id=invite_id, state=result.value, unit=found)
        else:
            say("cli/invite_revoked", id=invite_id, unit=found)
