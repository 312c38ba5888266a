"""Whatever mix of lines, a lead's corrections, edits and undos arrives, the audit replays to
the stored figures, and a staff member's undo never changes a figure the lead set last."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.core.messages import Incoming
from bot.dispatch import unstamp
from tests.chat import Chat
from tests.handlers.report_helpers import make_center

ELEMENTS = ["tt", "tiep", "som", "dung"]
figures = st.dictionaries(st.sampled_from(ELEMENTS), st.integers(0, 30), min_size=1, max_size=3)
steps = st.lists(st.one_of(
    st.tuples(st.just("line"), st.sampled_from(["an", "binh"]), figures),
    st.tuples(st.just("lead"), st.sampled_from(["xa", "ca"]), figures),
    st.tuples(st.just("edit"), st.integers(0, 9), figures),
    st.tuples(st.just("undo"), st.sampled_from(["an", "binh", "lead"]), st.just({})),
), min_size=1, max_size=14)


def rows(chat: Chat, sql: str) -> list[tuple[object, ...]]:
    with chat.app.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def lead_figures(chat: Chat) -> dict[tuple[object, ...], int]:
    """Figures the lead's own line set (the lead undoing it hands them back to staff)."""
    return {(d, s, e): v for d, s, e, v in rows(chat, (
        "SELECT d.day, d.sector, d.element, d.value FROM daily_value d "
        "JOIN submission s ON s.id = d.submission_id JOIN \"user\" u ON u.id = s.user_id "
        "WHERE u.address = 'lead'"))}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=steps)
def test_the_audit_replays_and_undo_keeps_the_leads_figures(chat: Chat, script) -> None:
    if not chat.transcript:
        make_center(chat)
        chat.transcript.append(("setup", ""))
    chat.later(days=1)  # a fresh day for each example
    sent: list[tuple[str, str]] = []
    for number, (kind, who, values) in enumerate(script):
        at = chat.now + timedelta(seconds=number)
        line = "bc " + " ".join(f"{k}={v}" for k, v in values.items())
        edited, message_id, user = False, f"{chat.now.isoformat()}-{number}", str(who)
        if kind == "line":
            sent.append((user, message_id))
        elif kind == "lead":
            user, line = "lead", f"{line} nganh={who}"
        elif kind == "edit":
            if not sent:
                continue
            user, message_id = sent[int(who) % len(sent)]
            edited = True
        else:
            line = "/hoantac"
        before = lead_figures(chat)
        replies = chat.app.dispatcher.handle(Incoming(
            channel="console", sender=user, now=at, text=line, message_id=message_id,
            edited=edited))
        confirm = [c.payload for r in replies for c in r.choices
                   if unstamp(c.payload)[0] == "report:confirm"]
        if confirm:
            chat.app.dispatcher.handle(Incoming(channel="console", sender=user, now=at,
                                                payload=confirm[-1]))
        assert all(r.template != "common/internal_error" for r in replies)
        if kind == "undo" and user != "lead":
            # Kept as they were; an undo may hand a figure back to the lead, never take one.
            assert before.items() <= lead_figures(chat).items()
    replayed: dict[tuple[object, ...], object] = {}
    for day, sector, element, old, new in rows(chat, (
            "SELECT s.day, s.sector, v.element, v.old_value, v.new_value FROM value_change v "
            "JOIN submission s ON s.id = v.submission_id ORDER BY s.id, v.id")):
        assert replayed.get((day, sector, element)) == old
        replayed[(day, sector, element)] = new
    stored = {(d, s, e): v for d, s, e, v in rows(
        chat, "SELECT day, sector, element, value FROM daily_value")}
    assert {k: v for k, v in replayed.items() if v is not None} == stored
