"""When the OA may still write to a Zalo user: a window after the user's last message.

Zalo's rule for an OA's "reply" messages (Zalo OA help centre, "Các loại tin của Zalo Official
Account (OA)": "OA sẽ được phép sử dụng 8 tin phản hồi (miễn phí) trong vòng 48h kể từ thời
điểm người quan tâm gửi tin đến OA … Hạn mức này sẽ được thiết lập lại mỗi khi Người dùng gửi
tin mới cho OA. Đối với tin thứ 9 trở đi hoặc tin gửi sau 48h, tin được OA gửi đến người dùng
được tính là Tin chủ động"; the quota object of a sent consultation message names the same
"8 messages 48 hours" frame, `quota_type: reply`). Proactive messages need a verified OA and
a paid or monthly quota, which a commune center cannot count on, so the bot sends only
within the free window (ZALO_REPLY_WINDOW_HOURS / ZALO_REPLY_WINDOW_MESSAGES).

Each message from the user opens the window again with a fresh count. Every call to the
message API counts one (a long reply split in two counts two). Answers to the message that
just came in are always sent (the user has just opened the window); scheduled messages take
a place in it atomically or are refused, and the outbox then gives them up as
Undeliverable with the reason, which the lead's digest reports as "could not reach".

Chosen where the help centre is silent: a follow opens the window like a message (the
welcome answers it), and button taps count as messages (they arrive as the user's text).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from models import ZaloContact

_table = ZaloContact.__table__  # type: ignore[attr-defined]
_c = _table.c


def opened(connection: Connection, address: str, now: datetime) -> None:
    """The user wrote (or followed): a fresh window from `now`."""
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    connection.execute(
        insert(_table).values(address=address, last_inbound_at=now, sent_since=0)
        .on_conflict_do_update(index_elements=["address"],
                               set_={"last_inbound_at": now, "sent_since": 0}))


def counted(connection: Connection, address: str, messages: int) -> None:
    """Messages sent as answers: counted, never refused."""
    connection.execute(update(_table).where(_c.address == address)
                       .values(sent_since=_c.sent_since + messages))


def take(connection: Connection, address: str, messages: int, now: datetime, *,
         window: timedelta, allowed: int) -> bool:
    """Room for `messages` more in the user's open window, taken in one statement (two
    processes never both take the last place); False when the window is closed or full."""
    result = connection.execute(
        update(_table)
        .where(_c.address == address, _c.last_inbound_at > now - window,
               _c.sent_since + messages <= allowed)
        .values(sent_since=_c.sent_since + messages)
        .returning(_c.address))
    return result.first() is not None
