"""A feedback ticket's states, the moves between them, and its deadlines. Pure.

States and moves (the model public grievance systems use):

                  take, ask                 reply                  rate
      waiting ──────────────► assigned ──────────────► answered ──────────► closed
         ▲ │                   │    ▲                     ▲                   │
         │ └────── reply ──────┼────┼─────────────────────┘                   │
         └────── forward ──────┘    └──────────── reopen (lead) ──────────────┘
                                                  (also from answered, refused)

      waiting, assigned ── refuse (until the refusal deadline) ──► refused ── rate ──► closed

      extend (once), escalate, supply (the citizen's added information):
          from waiting or assigned, the state unchanged
      hide (lead, abusive content, kept): from any state, the state unchanged

`MOVES` below is the same table; `next_state` refuses any move it does not list, so a
button pressed twice, or on a ticket someone else already answered, changes nothing.

Deadlines. The rules on feedback about administrative regulations are Nghị định
20/2008/NĐ-CP as amended by Nghị định 92/2017/NĐ-CP: Điều 9 (quy trình tiếp nhận),
Điều 14 (quy trình xử lý phản ánh, kiến nghị của cơ quan hành chính nhà nước) and
Điều 15 (hình thức xử lý). Those article titles were checked against the Pháp điển
(đề mục 44.12); the article text with its day counts could not be read here, so the
numbers below are NOT taken from the decree: they are the national public service
portal's own timers, which issue 10 gives as the default, all in working days on the
project calendar (bot/core/calendar.py), counted like a dossier's (a ticket sent on a day
off or after office hours counts from the next working day):

- refuse as not within scope: within FEEDBACK_REFUSE_DAYS (2), with the reason told to the
  citizen; after that the ticket must be answered (our reading of the portal's timer);
- ask the citizen for more information: within FEEDBACK_ASK_DAYS (5); the citizen's
  answer is added to the ticket and does not stop the answer's clock (our choice: the
  portal's timer does not say it does);
- answer: within FEEDBACK_ANSWER_DAYS (15);
- the answer is published within 2 more working days (`PUBLISH_DAYS`; shown, not tracked:
  the bot relays the answer at once);
- extend once, with a reason, by FEEDBACK_EXTEND_DAYS (10, our choice: the portal says
  "once" without a length we could verify).

Our choices, written down: "not within scope" is anything the unit does not decide (another
level's procedure, a court case, a complaint under the Law on Complaints, content with no
request); the staff member types the reason. Anonymous feedback is accepted (a chat account
is never anonymous to the bot, but the citizen may refuse to be contacted): staff then see
no contact at all, and the answer still reaches the citizen through the bot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.core.calendar import WorkingCalendar


class State(StrEnum):
    WAITING = "waiting"  # sent, nobody has taken it yet
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    REFUSED = "refused"  # not within scope, the reason told to the citizen
    CLOSED = "closed"  # the citizen rated the handling


class Move(StrEnum):
    CREATE = "create"
    TAKE = "take"
    FORWARD = "forward"
    REPLY = "reply"
    REFUSE = "refuse"
    EXTEND = "extend"
    ASK = "ask"  # staff ask the citizen for more information
    SUPPLY = "supply"  # the citizen's answer to that question
    ESCALATE = "escalate"
    RATE = "rate"
    REOPEN = "reopen"
    HIDE = "hide"


OPEN_STATES = (State.WAITING, State.ASSIGNED)
HANDLED = (State.ANSWERED, State.REFUSED, State.CLOSED)
_ANY = tuple(State)
# move -> (states it is allowed from, the state after; None keeps the state)
MOVES: dict[Move, tuple[tuple[State, ...], State | None]] = {
    Move.TAKE: (OPEN_STATES, State.ASSIGNED),
    Move.FORWARD: (OPEN_STATES, State.WAITING),
    Move.REPLY: (OPEN_STATES, State.ANSWERED),
    Move.REFUSE: (OPEN_STATES, State.REFUSED),
    Move.EXTEND: (OPEN_STATES, None),
    Move.ASK: (OPEN_STATES, State.ASSIGNED),  # who asks, handles it
    Move.SUPPLY: (OPEN_STATES, None),
    Move.ESCALATE: (OPEN_STATES, None),
    Move.RATE: ((State.ANSWERED, State.REFUSED), State.CLOSED),
    Move.REOPEN: (HANDLED, State.ASSIGNED),
    Move.HIDE: (_ANY, None),
}


class Topic(StrEnum):
    PROCEDURE = "procedure"
    DOSSIER = "dossier"
    CONDUCT = "conduct"  # the service, or a staff member's conduct
    REGULATION = "regulation"


class Rating(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    UNSATISFIED = "unsatisfied"


def next_state(state: str, move: Move) -> State | None:
    """The state after `move`, or None when the model does not allow it from `state`."""
    allowed, after = MOVES[move]
    current = State(state)
    if current not in allowed:
        return None
    return after or current


PUBLISH_DAYS = 2


@dataclass(frozen=True)
class Timers:
    refuse_days: int = 2
    answer_days: int = 15
    extend_days: int = 10
    ask_days: int = 5


@dataclass(frozen=True)
class Deadlines:
    refuse_by: dt.datetime
    answer_by: dt.datetime


def deadlines(received: dt.datetime, timers: Timers, calendar: WorkingCalendar,
              tz: dt.tzinfo) -> Deadlines:
    """Both deadlines of a ticket received at `received`, at the close of office hours."""
    return Deadlines(calendar.due_at(received, timers.refuse_days, "working_day", tz),
                     calendar.due_at(received, timers.answer_days, "working_day", tz))


def ask_by(received: dt.datetime, timers: Timers, calendar: WorkingCalendar,
           tz: dt.tzinfo) -> dt.datetime:
    """Until when staff may ask the citizen for more information."""
    return calendar.due_at(received, timers.ask_days, "working_day", tz)


def extended(due: dt.datetime, timers: Timers, calendar: WorkingCalendar,
             tz: dt.tzinfo) -> dt.datetime:
    """The answer deadline after the one extension: `extend_days` working days later."""
    local = due.astimezone(tz)
    day = calendar.add_working_days(local.date(), timers.extend_days)
    return dt.datetime.combine(day, local.timetz())
