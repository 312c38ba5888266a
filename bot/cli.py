"""`motcua` command line: the shell that reads the clock and the environment, then delegates."""

from __future__ import annotations

import sys
from datetime import timedelta

import typer
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from bot.app import App, build_app, configure_logging
from bot.bot_api_check import check_bot_api
from bot.channels.console import ConsoleMessenger, run_console
from bot.cli_admin import db_app, unit_app
from bot.cli_catalog import procedures_app, search
from bot.cli_dossiers import dossiers_app
from bot.cli_outbox import outbox_app
from bot.cli_people import invite_app, users_app
from bot.cli_qr import qr
from bot.cli_reports import calendar_app, period_app, report_app
from bot.cli_zalo import zalo_app
from bot.core.clock import utcnow
from bot.core.demo import seed_demo
from bot.core.reporting import ElementsError
from bot.db import transaction
from bot.rendering import Renderer
from bot.scheduler import Deliverer
from bot.settings import Settings
from bot.settings_checks import SettingProblem, describe, env_file

app = typer.Typer(
    help="Một Cửa bot: trợ lý chat cho Trung tâm Phục vụ hành chính công cấp xã.",
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")
app.add_typer(unit_app, name="unit")
app.add_typer(invite_app, name="invite")
app.add_typer(users_app, name="users")
app.add_typer(procedures_app, name="procedures")
app.command("search")(search)
app.add_typer(period_app, name="period")
app.add_typer(calendar_app, name="calendar")
app.add_typer(report_app, name="report")
app.add_typer(outbox_app, name="outbox")
app.add_typer(dossiers_app, name="dossiers")
app.command("qr")(qr)
app.add_typer(zalo_app, name="zalo")


def say(template: str, **context: object) -> None:
    typer.echo(Renderer("cli").text(template, **context))


@app.command()
def chat(
    user: str = typer.Option("nguoidan", "--user", help="Who you are in this session."),
    name: str = typer.Option("", "--name", help="Display name."),
) -> None:
    """Chat with the bot in this terminal (no token needed); one message per line."""
    settings = Settings()
    configure_logging_quietly(settings)
    bot = build_app(settings)
    interactive = sys.stdin.isatty()
    if interactive:
        say("cli/chat_intro", user=user)
    run_console(
        bot.dispatcher, sys.stdin, sys.stdout, user=user, name=name,
        prompt="> " if interactive else "", deliverer=console_deliverer(bot),
        max_file_bytes=settings.chat_file_max_mb * 2**20, files_dir=settings.data_dir / "files",
    )


@app.command()
def demo() -> None:
    """Seed a demo unit with a staff and a lead account, then open the console chat."""
    settings = Settings()
    configure_logging_quietly(settings)
    bot = build_app(settings)
    with transaction(bot.sessions) as session:
        procedures = bot.services.catalog.snapshot(session.connection(), utcnow()).procedures
        seeded = seed_demo(session, utcnow(), timedelta(hours=settings.invite_ttl_hours),
                           settings.dossier_options, procedures)
    say("cli/demo_intro", **seeded)
    run_console(
        bot.dispatcher, sys.stdin, sys.stdout, user="nguoidan",
        prompt="> " if sys.stdin.isatty() else "", deliverer=console_deliverer(bot),
        max_file_bytes=settings.chat_file_max_mb * 2**20, files_dir=settings.data_dir / "files",
    )


@app.command()
def run() -> None:
    """Start the bot on Telegram (polling or webhook) and/or Zalo OA, with the scheduler."""
    settings = Settings()
    configure_logging(settings)
    if not settings.has_telegram and not settings.has_zalo:
        say("cli/no_token")
        raise typer.Exit(code=2)
    if settings.has_telegram:
        check_bot_api(settings.telegram_base_url, settings.telegram_token.get_secret_value())
    if settings.has_zalo:
        from bot.channels.zalo_runner import run_with_zalo

        run_with_zalo(build_app(settings))
        return
    from bot.channels.telegram_runner import run_telegram

    run_telegram(build_app(settings))


def console_deliverer(bot: App) -> Deliverer:
    """Reminders and approvals addressed to console users, printed in this terminal."""
    files = bot.settings.data_dir / "files"
    return bot.deliverer({"console": ConsoleMessenger(sys.stdout, files)})


def configure_logging_quietly(settings: Settings) -> None:
    """The console shows the conversation; only warnings and errors go to stderr."""
    configure_logging(settings.model_copy(update={"log_level": "WARNING"}))


def main() -> None:
    """Configuration mistakes get a sentence saying what to fix, not a traceback."""
    try:
        env_file()
        app()
    except (ValidationError, SettingProblem) as exc:
        problems = describe(exc, Settings)
        typer.echo(Renderer("cli").text("cli/bad_settings", problems=problems), err=True)
        sys.exit(2)
    except ElementsError as exc:
        typer.echo(Renderer("cli").text("cli/bad_elements", detail=str(exc)), err=True)
        sys.exit(2)
    except OperationalError as exc:
        typer.echo(Renderer("cli").text("cli/database_unreachable",
                                        detail=str(exc.orig).strip()), err=True)
        sys.exit(2)
