"""The neutral vocabulary every channel speaks: what came in, what goes out, to whom."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Attachment:
    """A file sent or received: bytes in memory plus the name a person sees.

    A file over the channel's size limit arrives with `too_large`, its declared `size` and no
    content, so the handler can say so instead of the channel dropping it silently.
    """

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"
    size: int = 0
    too_large: bool = False


@dataclass(frozen=True)
class Recipient:
    """Where a message goes: a channel name and the address inside that channel."""

    channel: str
    address: str


@dataclass(frozen=True)
class Incoming:
    """One message from a person, whatever channel carried it.

    `payload` is set when the person pressed a button (the choice's payload),
    `text` when they typed; `now` is when the channel received it. `message_id` is the
    channel's own id of the message (empty where a channel has none); `edited` marks a new
    text for a message sent earlier with that id, which is never a new request.
    `delivery_id` is the channel's id of this delivery ("telegram:<bot>:<update_id>"): a
    delivery already handled is dropped (bot/core/deliveries.py); empty where a channel
    never repeats itself (the console).
    """

    channel: str
    sender: str
    now: datetime
    text: str = ""
    payload: str | None = None
    display_name: str = ""
    attachments: tuple[Attachment, ...] = ()
    message_id: str = ""
    edited: bool = False
    delivery_id: str = ""

    @property
    def recipient(self) -> Recipient:
        return Recipient(self.channel, self.sender)


@dataclass(frozen=True)
class Choice:
    """A button. Channels without buttons print it numbered; the payload comes back."""

    label: str
    payload: str


@dataclass(frozen=True)
class MenuItem:
    """One command of a role's menu (Telegram's "/" list): name without the slash."""

    command: str
    description: str


@dataclass(frozen=True)
class Reply:
    """What to say: a template name and its values, never finished text."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    # False when the person is expected to type a number as an answer (a form field).
    choices_by_number: bool = True
    # The person's command menu from now on (bot/core/menus.py); None leaves it as it is.
    menu: tuple[MenuItem, ...] | None = None


@dataclass(frozen=True)
class RenderedReply:
    """A reply after rendering: the text a person reads plus its buttons."""

    text: str
    choices: tuple[Choice, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    choices_by_number: bool = True
    menu: tuple[MenuItem, ...] | None = None


class Messenger(Protocol):
    """One per channel: delivers rendered replies to an address of that channel."""

    channel: str

    async def send(self, address: str, reply: RenderedReply) -> None: ...


class RateLimited(Exception):
    """A channel's "too many requests" for one chat: try it again after `retry_after` seconds.

    Messengers raise it (Telegram's 429 `RetryAfter`); the outbox delays that chat only and
    does not count it as a failed attempt.
    """

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited; retry after {retry_after:g} s")
        self.retry_after = retry_after


class Undeliverable(Exception):
    """The channel will never take this message (the person blocked the bot, the chat does
    not exist): the outbox gives up at once instead of retrying."""
