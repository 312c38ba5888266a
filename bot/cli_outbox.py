"""`motcua outbox failed [--retry ID]`: the scheduled messages the bot gave up on."""

from __future__ import annotations

import typer

from bot.app import build_app
from bot.core.clock import utcnow
from bot.core.outbox.failures import list_failed, retry
from bot.db import transaction
from bot.rendering import Renderer

outbox_app = typer.Typer(help="Scheduled messages (reminders, digests, approvals).")


def say(template: str, err: bool = False, **context: object) -> None:
    typer.echo(Renderer("cli").text(template, **context), err=err)


@outbox_app.command("failed")
def failed(
    again: list[int] = typer.Option([], "--retry", help="Send this failed message again (ID)."),
    limit: int = typer.Option(50, "--limit", min=1, max=1000, help="How many to list."),
) -> None:
    """List messages given up on (newest first), or put some back in the queue."""
    bot = build_app()
    if not again:
        with transaction(bot.sessions) as session:
            rows = list_failed(session.connection(), limit)
        say("cli/outbox_failed", rows=rows, limit=limit)
        return
    now = utcnow()
    with transaction(bot.sessions) as session:
        connection = session.connection()
        # All or nothing: check every ID before requeueing any.
        checked = {number: retry(connection, number, now, dry_run=True) for number in again}
        problems = [{"id": n, "result": r} for n, r in checked.items() if r != "requeued"]
        if not problems:
            for number in checked:
                retry(connection, number, now)
    if problems:
        say("cli/outbox_retried", err=True, problems=problems, ids=list(checked))
        raise typer.Exit(code=1)
    say("cli/outbox_retried", problems=[], ids=list(checked),
        attempts=bot.settings.outbox_max_attempts)
