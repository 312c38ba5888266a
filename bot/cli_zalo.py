"""`motcua zalo status|token`: the Zalo OA's access token, as an admin sees and mends it."""

from __future__ import annotations

import typer

from bot.app import build_app
from bot.channels import zalo_tokens
from bot.core.clock import utcnow
from bot.db import transaction
from bot.rendering import Renderer

zalo_app = typer.Typer(help="Zalo Official Account: access token status and renewal.")


def say(template: str, err: bool = False, **context: object) -> None:
    typer.echo(Renderer("cli").text(template, **context), err=err)


@zalo_app.command("status")
def status() -> None:
    """Whether Zalo is set up, until when the access token holds, the last refresh error."""
    bot = build_app()
    with transaction(bot.sessions) as session:
        found = zalo_tokens.status(session.connection())
    say("cli/zalo_status", configured=bot.settings.has_zalo, token=found, now=utcnow())
    if found.failed_at is not None or not found.configured:
        raise typer.Exit(code=1)


@zalo_app.command("token")
def token(
    refresh_token: str = typer.Option(..., prompt="Refresh token", hide_input=True,
                                      help="A new refresh token from the OA authorization."),
) -> None:
    """Store a new refresh token (after a failed refresh); typed hidden, not on the command
    line, so it stays out of the shell history."""
    value = refresh_token.strip()
    if not value:
        say("cli/zalo_token_empty", err=True)
        raise typer.Exit(code=2)
    bot = build_app()
    with transaction(bot.sessions) as session:
        zalo_tokens.replace_refresh_token(session.connection(), value)
    say("cli/zalo_token_set")
