"""What each kind of scheduled message is, and which goes first when the channel is busy.

At 16:30 a province's nags fill the outbox faster than Telegram lets them out (about 30 a
second), so order matters. A row's priority is fixed when it is planned, from its kind; the
claim takes due rows by (priority, due_at, id). Lower goes first:

| priority | kind       | why it goes there                                                |
|---------:|------------|------------------------------------------------------------------|
|       10 | `deadline` | a dossier due today or overdue: late means a late citizen file   |
|       10 | `deadline_check`    | the afternoon check of dossiers due today               |
|       10 | `deadline_escalate` | an overdue dossier nobody acted on, to the leads        |
|       20 | `approval` | a lead's yes/no is awaited by staff who just sent figures        |
|       20 | `decision` | the answer to that request; the staff member is waiting          |
|       30 | `feedback` | a citizen's feedback: new for staff, its answer, deadline near   |
|       30 | `feedback_escalate` | an unanswered feedback near its deadline, to the leads  |
|       30 | `dossier_news` | a subscribed citizen's dossier has a result or a new date   |
|       40 | `menu`     | a person's new role: their command menu and a one-line note      |
|       40 | `digest`   | the lead's morning list: read once, at the start of the day      |
|       40 | `deadline_digest` | the lead's morning dossier counts by sector               |
|       50 | `nag`      | the routine "you have not reported today"; a minute late is fine |
|       50 | `period_nag` | the period's last working day: days still missing             |
|       60 | `summary`  | period summaries, informational                                  |

A kind not listed gets `DEFAULT_PRIORITY` (a nag's). The kind of a row is its key's prefix
unless the caller names it ("nag:12:2026-03-14" is a `nag`). A new planner adds its kind
here, so the whole order stays readable in one table.
"""

from __future__ import annotations

PRIORITY: dict[str, int] = {
    "deadline": 10,
    "deadline_check": 10,
    "deadline_escalate": 10,
    "approval": 20,
    "decision": 20,
    "feedback": 30,
    "feedback_escalate": 30,
    "dossier_news": 30,
    "menu": 40,
    "digest": 40,
    "deadline_digest": 40,
    "nag": 50,
    "period_nag": 50,
    "summary": 60,
}
DEFAULT_PRIORITY = 50


def priority_of(kind: str) -> int:
    return PRIORITY.get(kind, DEFAULT_PRIORITY)


def kind_of(key: str) -> str:
    """The kind a key names by its prefix: "approval:7:3" -> "approval"."""
    return key.split(":", 1)[0][:32]
