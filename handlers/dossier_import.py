"""A register export sent in chat: preview what it changes, write it only when confirmed.

Staff send the file their one-door system exports (a Telegram document; in the console
`/nhaphoso PATH`). The bot reads and checks all of it, stores the file (uploads.py) and shows
what would change with "Xác nhận nhập" and "Huỷ"; the conversation keeps only the upload's id
and the preview's digest, so a restart in between loses nothing. Confirming imports the
stored file into the sender's own unit, all or nothing; if the register changed since the
preview, the new preview is shown instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.dossiers import RegisterContext
from bot.core.dossiers.import_run import ImportReport
from bot.core.dossiers.importer import ImportOutcome, import_file
from bot.core.dossiers.store import ConcurrentChange
from bot.core.dossiers.uploads import as_file, drop_upload, find_upload, keep_upload
from bot.core.labels import label
from bot.core.messages import Choice, Reply
from handlers.base import Router, Turn, bounded_int, payload_parts
from handlers.dossier_common import register_context
from handlers.report_common import no_unit
from models import Role

FLOW = "dossier_import"
PAYLOAD = "nhaphoso"



def _buttons() -> tuple[Choice, ...]:
    return (Choice(label("import_confirm"), f"{PAYLOAD}:ok"),
            Choice(label("cancel"), f"{PAYLOAD}:cancel"))


def _preview(ctx: RegisterContext, filename: str, report: ImportReport, *, stale: bool = False
             ) -> Reply:
    return Reply("dossiers/import_preview", {
        "file": filename, "unit": ctx.unit_name, "report": report, "tz": str(ctx.tz),
        "stale": stale}, choices=_buttons())


def _errors(filename: str, outcome: ImportOutcome) -> Reply:
    return Reply("dossiers/import_errors",
                 {"file": filename, "errors": [e.as_context() for e in outcome.errors]})


def has_file(turn: Turn) -> bool:
    """A staff member's file; a citizen's file gets the usual "text only" answer."""
    return turn.role.is_staff and bool(turn.msg.attachments)


def receive(turn: Turn) -> list[Reply]:
    """Read and check the file; show the preview with the confirm button."""
    attachment = turn.msg.attachments[0]
    unit_id = turn.identity.unit_id
    if unit_id is None:
        return no_unit()
    if attachment.too_large:
        return [Reply("dossiers/import_too_big", {
            "file": attachment.filename, "size_mb": attachment.size / 2**20,
            "limit_mb": turn.services.settings.chat_file_max_mb})]
    ctx = register_context(turn, unit_id)
    with as_file(attachment.filename, attachment.content) as path:
        outcome = import_file(turn.connection, ctx, path, now=turn.now,
                              source=f"import:{attachment.filename}",
                              by=turn.identity.user_id, write=False)
    if turn.conversation.flow == FLOW:
        turn.end_flow()
    if not outcome.ok:
        return [_errors(attachment.filename, outcome)]
    report = outcome.report
    assert report is not None
    if not report.added and not report.updated:
        return [Reply("dossiers/import_nothing", {"file": attachment.filename, "report": report})]
    upload = keep_upload(
        turn.connection, unit_id=unit_id, user_id=turn.identity.user_id,
        filename=attachment.filename, content=attachment.content, now=turn.now,
        ttl=dt.timedelta(hours=turn.services.settings.conversation_ttl_hours))
    turn.start_flow(FLOW, "confirm", {"upload": upload, "digest": report.digest,
                                      "as_of": turn.now.isoformat(), "file": attachment.filename})
    return [_preview(ctx, attachment.filename, report)]


def command(turn: Turn) -> list[Reply]:
    """/nhaphoso with a file imports it; without one, says how to send it."""
    if turn.msg.attachments:
        return receive(turn)
    return [Reply("dossiers/import_how", {"channel": turn.msg.channel,
                                          "limit_mb": turn.services.settings.chat_file_max_mb})]


def press(turn: Turn) -> list[Reply]:
    """The preview's buttons: write the stored file, or drop it."""
    _, action = payload_parts(turn.msg.payload or "")
    data: dict[str, Any] = turn.conversation.data if turn.conversation.flow == FLOW else {}
    upload_id = bounded_int(str(data.get("upload", "")))
    if upload_id is None:
        return [Reply("dossiers/import_expired")]
    if action != "ok":
        drop_upload(turn.connection, upload_id)
        turn.end_flow()
        return [Reply("dossiers/import_cancelled")]
    found = find_upload(turn.connection, upload_id, turn.identity.user_id)
    unit_id = turn.identity.unit_id
    if found is None or unit_id is None:
        turn.end_flow()
        return [Reply("dossiers/import_expired")]
    filename, content = found
    ctx = register_context(turn, unit_id)
    try:
        with as_file(filename, content) as path:
            outcome = import_file(
                turn.connection, ctx, path, now=turn.now, source=f"import:{filename}",
                by=turn.identity.user_id, write=True, expected=str(data["digest"]),
                as_of=dt.datetime.fromisoformat(str(data["as_of"])))
    except ConcurrentChange:  # rolled back; the file and the buttons still wait
        return [Reply("dossiers/import_busy", {"file": filename}, choices=_buttons())]
    if outcome.stale and outcome.report is not None:
        turn.set_step("confirm", digest=outcome.report.digest)
        return [_preview(ctx, filename, outcome.report, stale=True)]
    drop_upload(turn.connection, upload_id)
    turn.end_flow()
    if not outcome.ok:
        return [_errors(filename, outcome)]
    return [Reply("dossiers/import_done", {
        "file": filename, "unit": ctx.unit_name, "report": outcome.report,
        "counts": outcome.counts, "days": ctx.options.due_soon_days})]


def waiting(turn: Turn) -> list[Reply]:
    """Typing while the preview waits: the buttons again (or /huy)."""
    return [Reply("dossiers/import_waiting", {"file": turn.conversation.data.get("file", "")},
                  choices=_buttons())]


def register(router: Router) -> None:
    router.command("nhaphoso", min_role=Role.STAFF)(command)
    router.file(has_file, min_role=Role.STAFF)(receive)
    router.payload(PAYLOAD, min_role=Role.STAFF, on_dialogue=True)(press)
    router.flow(FLOW, min_role=Role.STAFF)(waiting)
