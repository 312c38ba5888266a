"""What the throughput benchmark sends: the kinds of update, visits, and the updates themselves.

Updates are Telegram's JSON (tests/telegram_fakes.py shapes). A button press carries the
callback data of the keyboard the bot last sent to that chat (recorded by `Replies`), so it
stays valid whatever a button encodes.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.labels import label
from bot.core.search.folding import fold
from bot.rendering import Renderer
from tests.telegram_fakes import BOT_USER, RecordingRequest, api_result, text_update

ROOT = Path(__file__).resolve().parent.parent
QUERY_FILES = sorted((ROOT / "tests" / "core" / "search").glob("*_queries.jsonl"))

FIRST, SEARCH_VN, SEARCH_ASCII, RESULT, DOCS, CODE, BC, TODAY = (
    "first contact (/start)", "search, diacritics", "search, no diacritics", "result button",
    "documents button", "/thutuc CODE", "bc line", "/homnay",
)
KINDS = [FIRST, SEARCH_VN, SEARCH_ASCII, RESULT, DOCS, CODE, BC, TODAY]
STAFF_KINDS = (BC, TODAY)
# Visits: (weight, who, steps). Shares come out about 80 % citizen and 20 % staff updates.
VISITS: list[tuple[float, str, list[str]]] = [
    (2.0, "new", [FIRST, SEARCH_VN, RESULT, DOCS]),
    (3.0, "citizen", [SEARCH_ASCII, RESULT, DOCS, CODE]),
    (2.0, "citizen", [CODE, SEARCH_VN, RESULT]),
    (2.5, "staff", [BC, TODAY]),
    (1.5, "staff", [BC]),
]
MEAN_STEPS = sum(w * len(s) for w, _, s in VISITS) / sum(w for w, _, _ in VISITS)


INTERNAL_ERROR = Renderer("telegram").text("common/internal_error")


class Replies(RecordingRequest):
    """The recording request, remembering only each chat's last message with a keyboard,
    and counting replies that apologize for an internal error (a run must have none)."""

    def __init__(self) -> None:
        super().__init__()
        self.sends = 0
        self.errors = 0
        self.keyboards: dict[int, dict[str, Any]] = {}

    async def do_request(self, url: str, method: str, request_data: Any = None,
                         **_timeouts: Any) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.sends += 1
        result = api_result(name, params, self.sends)
        if name == "sendMessage" and params.get("text") == INTERNAL_ERROR:
            self.errors += 1
        if name == "sendMessage" and params.get("reply_markup"):
            self.keyboards[int(params["chat_id"])] = {**result,
                                                      "reply_markup": params["reply_markup"]}
        return 200, json.dumps({"ok": True, "result": result}).encode()


def press(update_id: int, user_id: int, message: dict[str, Any], data: str) -> dict[str, Any]:
    """A callback update as Telegram sends it: the pressed message with its keyboard."""
    return {"update_id": update_id, "callback_query": {
        "id": str(update_id), "chat_instance": str(user_id), "data": data,
        "from": {"id": user_id, "is_bot": False, "first_name": "Lan"},
        "message": {**message, "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
                    "from": BOT_USER},
    }}


def bc_line(rng: random.Random, day: str = "") -> str:
    """A day's figures in the range the history has, so no outlier warning is asked."""
    values = (f"tt={rng.randint(8, 15)} tiep={rng.randint(3, 8)} som={rng.randint(1, 4)} "
              f"dung={rng.randint(5, 12)} tre={rng.randint(0, 1)}")
    return f"bc {values}" + (f" ngay={day}" if day else "")


@dataclass
class People:
    """Who sends what: citizens (new ones get fresh ids), staff, queries, procedure codes.

    Update ids are unique over the whole run, as Telegram's are.
    """

    staff: list[int]
    codes: list[str]
    rng: random.Random = field(default_factory=lambda: random.Random(13))
    citizens: list[int] = field(default_factory=list)
    next_citizen: int = 1_000_000
    next_update: int = 1
    queries_vn: list[str] = field(default_factory=list)
    queries_ascii: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for path in QUERY_FILES:
            for line in path.read_text(encoding="utf-8").splitlines():
                query = json.loads(line)
                if not query.get("expect"):
                    continue  # questions with no procedure make no result button to press
                q = query["q"]
                (self.queries_vn if q != fold(q) else self.queries_ascii).append(q)
                self.queries_ascii.append(fold(q))

    def new_citizen(self) -> int:
        self.next_citizen += 1
        self.citizens.append(self.next_citizen)
        return self.next_citizen

    def update_id(self) -> int:
        self.next_update += 1
        return self.next_update

    def build(self, kind: str, user: int, replies: Replies) -> tuple[str, dict[str, Any]]:
        """The update for `kind`, built when it is sent (a button needs the latest keyboard);
        with nothing to press, the person asks again and the kind says so."""
        uid, rng = self.update_id(), self.rng
        if kind == FIRST:
            return kind, text_update(uid, user, "/start")
        if kind in (RESULT, DOCS):
            message = replies.keyboards.get(user)
            buttons = [b for row in (message or {}).get("reply_markup", {})
                       .get("inline_keyboard", []) for b in row]
            if kind == DOCS:
                buttons = [b for b in buttons if b["text"] == label("documents")]
            if message and buttons:
                return kind, press(uid, user, message, rng.choice(buttons)["callback_data"])
            kind = SEARCH_VN
        if kind == SEARCH_VN:
            return kind, text_update(uid, user, rng.choice(self.queries_vn))
        if kind == SEARCH_ASCII:
            return kind, text_update(uid, user, rng.choice(self.queries_ascii))
        if kind == CODE:
            return kind, text_update(uid, user, f"/thutuc {rng.choice(self.codes)}")
        if kind == BC:
            return kind, text_update(uid, user, bc_line(rng))
        return kind, text_update(uid, user, "/homnay")

    def visits(self, total: int) -> list[tuple[int, list[str]]]:
        """Visits adding up to about `total` updates, each with its sender."""
        weights = [w for w, _, _ in VISITS]
        plan: list[tuple[int, list[str]]] = []
        count = 0
        while count < total:
            _, who, steps = self.rng.choices(VISITS, weights)[0]
            if who == "new" or not self.citizens:
                user = self.new_citizen()
            elif who == "citizen":
                user = self.rng.choice(self.citizens)
            else:
                user = self.rng.choice(self.staff)
            plan.append((user, steps))
            count += len(steps)
        return plan

    def arrivals(self, rate: float, seconds: float, lead_in: float
                 ) -> list[tuple[float, int, str]]:
        """(time, sender, kind) for an open loop: visits start at random (Poisson), each
        step a few seconds after the last, as people read and tap. Visits start from
        -lead_in so the rate is steady from 0; the caller measures [0, seconds)."""
        schedule = []
        start = -lead_in
        while True:
            start += self.rng.expovariate(rate / MEAN_STEPS)
            if start >= seconds:
                return sorted(schedule)
            [(user, steps)] = self.visits(1)
            at = start
            for kind in steps:
                if at < seconds:
                    schedule.append((at, user, kind))
                at += 1.0 + self.rng.expovariate(1.0)
