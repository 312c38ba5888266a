"""The outbox: every scheduled message is a row, planned idempotently, sent at the channel's pace.

- `rows`: adding rows — `schedule` (one, from a handler), `insert_planned` (a set, from a
  planner's INSERT … SELECT); unique keys make both idempotent.
- `kinds`: each kind's priority; the claim sends the most urgent due rows first.
- `planning`: the `Planner` interface and the "units due" loop (once per time zone and day).
- `claims`: claim due rows in batches, record outcomes in batches, the final `failed` state.
- `pace`: one send rate per channel shared by all processes through the database.
- `failures`: listing and requeueing what failed (`motcua outbox failed`).

The loop that sends (`bot/delivery.py`) lives above the domain: it needs the messengers
and the renderer.
"""

from bot.core.outbox.kinds import PRIORITY, priority_of
from bot.core.outbox.rows import Due, insert_planned, schedule

__all__ = ["PRIORITY", "Due", "insert_planned", "priority_of", "schedule"]
