"""Staff and leads handle feedback: /phananh lists the unit's open tickets with their due
dates; a ticket's buttons take it, reply, forward it to another sector, refuse it as not
within scope (the reason goes to the citizen) or extend it once (with a reason). A lead may
also hide abusive content (kept, not deleted) and reopen a handled ticket.

Reply, refusal and extension ask for a text in chat (the ticket id waits in the
conversation row); the reply and the refusal reach the citizen through the outbox, on
their own channel (bot/core/feedback/relay.py). Every move is audited by actions.py.
"""

from __future__ import annotations

from typing import Any

from bot.core.feedback import actions, relay, store
from bot.core.feedback.model import ask_by
from bot.core.feedback.store import Ticket
from bot.core.labels import label, shorten
from bot.core.messages import Choice, Reply
from bot.core.units import UnitView
from handlers.base import Router, Turn, allowed, bounded_int, payload_parts
from handlers.feedback_common import calendar, staff_view, timers, zone
from handlers.report_common import no_unit
from models import Role

FLOW = "feedback_desk"
P = relay.STAFF_PAYLOAD
WRITES = {"reply": "answer", "refuse": "reason", "extend": "reason", "ask": "question"}
LEAD_ONLY = {"hide", "reopen"}
LIST_CAP = 10


def _unit(turn: Turn) -> UnitView | None:
    return turn.unit_view


def listing(turn: Turn) -> list[Reply]:
    unit = _unit(turn)
    if unit is None:
        return no_unit()
    open_ones = store.open_for_unit(turn.connection, unit.id, LIST_CAP + 1)
    items = [staff_view(t, unit.timezone, full_contact=False) for t in open_ones[:LIST_CAP]]
    choices = tuple(Choice(shorten(f"{label('feedback_view')} {t.code}"), f"{P}:view:{t.id}")
                    for t in open_ones[:LIST_CAP])
    return [Reply("feedback/staff_list", {"items": items, "more": len(open_ones) > LIST_CAP,
                                          "now": turn.now, "unit": unit.name},
                  choices=choices)]


def _card(turn: Turn, ticket: Ticket, unit: UnitView, note: str | None = None
          ) -> list[Reply]:
    buttons: tuple[Choice, ...] = relay.staff_buttons(ticket) if ticket.is_open else ()
    if allowed(turn.role, Role.LEAD):
        extra = ["reopen"] if not ticket.is_open else []
        extra += [] if ticket.hidden else ["hide"]
        buttons += tuple(Choice(label(f"feedback_{a}"), f"{P}:{a}:{ticket.id}") for a in extra)
    return [Reply("feedback/staff_card", {
        **staff_view(ticket, unit.timezone, full_contact=True), "note": note,
        "history": store.history(turn.connection, ticket.id)}, choices=buttons)]


def show_by_code(turn: Turn, code: str) -> list[Reply]:
    unit = _unit(turn)
    ticket_id = store.parse_code(code[:40])
    ticket = (store.for_unit(turn.connection, ticket_id, unit.id)
              if unit and ticket_id is not None else None)
    if unit is None or ticket is None:
        return [Reply("feedback/not_found", {"code": code[:40]})]
    return _card(turn, ticket, unit)


def _done(turn: Turn, result: Ticket | actions.Refusal, unit: UnitView, note: str
          ) -> list[Reply]:
    if isinstance(result, actions.Refusal):
        return [Reply("feedback/staff_refused", {"why": result.value})]
    return _card(turn, result, unit, note)


def pressed(turn: Turn) -> list[Reply]:
    """pa:<action>:<ticket>[:<sector>]."""
    unit = _unit(turn)
    if unit is None:
        return no_unit()
    _, rest = payload_parts(turn.msg.payload or "")
    action, _, tail = rest.partition(":")
    raw_id, _, sector = tail.partition(":")
    ticket_id = bounded_int(raw_id)
    ticket = store.for_unit(turn.connection, ticket_id, unit.id) if ticket_id else None
    if ticket is None:
        return [Reply("feedback/not_found", {"code": ""})]
    if action in LEAD_ONLY and not allowed(turn.role, Role.LEAD):
        return [Reply("common/refused", {"role": turn.role.value})]
    me, now = turn.identity.user_id, turn.now
    if action == "view":
        return _card(turn, ticket, unit)
    if action == "take":
        return _done(turn, actions.take(turn.connection, ticket, me, now), unit, "taken")
    if action in WRITES:
        if action == "refuse" and ticket.is_open and now > ticket.refuse_by:
            return [Reply("feedback/staff_refused", {"why": "too_late_to_refuse"})]
        turn.start_flow(FLOW, action, {"ticket": ticket.id, "version": ticket.version})
        return [Reply("feedback/staff_ask", {"action": action, "code": ticket.code,
                                             "problem": None, "max": 0},
                      choices=(Choice(label("cancel"), "cancel"),))]
    if action == "forward" and not sector:
        sectors = [s for s in unit.sectors if s != ticket.sector]
        return [Reply("feedback/staff_forward", {"code": ticket.code}, choices=tuple(
            Choice(_sector_label(turn, s), f"{P}:forward:{ticket.id}:{s}") for s in sectors))]
    if action == "forward" and sector in unit.sectors:
        done = actions.forward(turn.connection, ticket, me, now, sector)
        if not isinstance(done, actions.Refusal):
            relay.tell_desk(turn.session, done, now, unit.name, unit.timezone, "forwarded")
        return _done(turn, done, unit, "forwarded")
    if action == "hide":
        return _done(turn, actions.hide(turn.connection, ticket, me, now), unit, "hidden")
    if action == "reopen":
        done = actions.reopen(turn.connection, ticket, me, now)
        if not isinstance(done, actions.Refusal):  # the desk hears it is open again
            relay.tell_desk(turn.session, done, now, unit.name, unit.timezone, "reopened")
        return _done(turn, done, unit, "reopened")
    return _card(turn, ticket, unit)


def _sector_label(turn: Turn, code: str) -> str:
    sector = turn.services.elements.sector(code)
    return shorten(sector.label if sector else code)


def typed(turn: Turn) -> list[Reply]:
    """The answer, the refusal's reason, or the extension's reason."""
    unit = _unit(turn)
    data: dict[str, Any] = dict(turn.conversation.data)
    action = turn.conversation.step or ""
    ticket = store.for_unit(turn.connection, int(data.get("ticket", 0)), unit.id) \
        if unit else None
    if unit is None or ticket is None or action not in WRITES:
        turn.end_flow()
        return [Reply("feedback/not_found", {"code": ""})]
    if ticket.version != data.get("version"):
        turn.end_flow()  # someone else changed it since the button was pressed
        return [Reply("feedback/staff_refused", {"why": "changed"})]
    text, limit = turn.text, turn.services.settings.feedback_max_chars
    longest = limit if action == "reply" else 500  # reasons and questions: 500
    if len(text) < 2 or len(text) > longest:
        return [Reply("feedback/staff_ask", {"action": action, "code": ticket.code,
                                             "problem": "length", "max": longest},
                      choices=(Choice(label("cancel"), "cancel"),))]
    me, now = turn.identity.user_id, turn.now
    done: Ticket | actions.Refusal
    if action == "reply":
        done = actions.reply(turn.connection, ticket, me, now, text)
    elif action == "refuse":
        done = actions.refuse(turn.connection, ticket, me, now, text)
    elif action == "ask":
        until = ask_by(ticket.received_at, timers(turn), calendar(turn), zone(unit.timezone))
        done = actions.ask(turn.connection, ticket, me, now, text, until)
    else:
        done = actions.extend(turn.connection, ticket, me, now, text, timers(turn),
                              calendar(turn), zone(unit.timezone))
    turn.end_flow()
    if not isinstance(done, actions.Refusal) and action in ("reply", "refuse", "ask"):
        relay.tell_citizen(turn.session, done, now, unit.timezone)
    return _done(turn, done, unit, {"reply": "answered", "refuse": "refused",
                                    "extend": "extended", "ask": "asked"}[action])


def register(router: Router) -> None:
    router.payload(P, min_role=Role.STAFF)(pressed)
    router.flow(FLOW, min_role=Role.STAFF)(typed)
