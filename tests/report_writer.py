"""Run as a separate process by the kill -9 test: report lines, a lead's corrections, edits
of earlier lines and undos through the real dispatcher, one after another until killed.

    python -m tests.report_writer DATABASE_URL SEED

Prints the number of messages handled after each one, so the test knows it is busy.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.app import build_app
from bot.core.messages import Incoming
from bot.dispatch import unstamp
from bot.settings import Settings

START = datetime(2025, 3, 14, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
ELEMENTS = ["tt", "tiep", "som", "dung", "th", "qh"]
HOME = {"an": "xa", "binh": "ca"}


@dataclass(frozen=True)
class Line:
    user: str
    message_id: str
    tail: str  # the day and sector part, kept when the line is edited


def figures(rng: random.Random) -> str:
    chosen = rng.sample(ELEMENTS, rng.randint(1, 4))
    return " ".join(f"{code}={rng.randint(0, 40)}" for code in chosen)


def main(url: str, seed: int) -> None:
    app = build_app(Settings(_env_file=None, database_url=url), migrate=False)  # type: ignore[call-arg]
    rng = random.Random(seed)
    lines: list[Line] = []
    for count in range(1, 1_000_000):
        now = START + timedelta(minutes=count)
        roll = rng.random()
        edited, message_id = False, f"{seed}-{count}"
        if roll < 0.45:
            user = rng.choice(["an", "binh"])
            tail = rng.choice(["", " ngay=13/3"])
            lines.append(Line(user, message_id, tail))
            text = f"bc {figures(rng)}{tail}"
        elif roll < 0.65 and lines:
            line = rng.choice(lines)
            user, message_id, edited = line.user, line.message_id, True
            text = f"bc {figures(rng)}{line.tail}"
        elif roll < 0.85:
            user = rng.choice(["an", "binh", "lead"])
            text = "/hoantac"
        else:
            user = "lead"
            text = f"bc {figures(rng)} nganh={rng.choice(['xa', 'ca'])}"
        msg = Incoming(channel="console", sender=user, now=now, text=text,
                       message_id=message_id, edited=edited)
        replies = app.dispatcher.handle(msg)
        confirm = [c.payload for r in replies for c in r.choices
                   if unstamp(c.payload)[0] == "report:confirm"]
        if confirm:
            app.dispatcher.handle(Incoming(channel="console", sender=user, now=now,
                                           payload=confirm[-1]))
        print(count, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
