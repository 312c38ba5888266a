"""Per-chat ordering: different people at once, one person's messages in order."""

import asyncio

from telegram import Update

from bot.channels.telegram_order import PerChatUpdateProcessor
from tests.telegram_fakes import text_update


def update(update_id: int, chat: int) -> Update:
    return Update.de_json(text_update(update_id, chat, "x"), None)


async def test_same_chat_waits_other_chats_do_not() -> None:
    processor = PerChatUpdateProcessor(8)
    release_first = asyncio.Event()
    log: list[str] = []

    async def slow_first() -> None:
        log.append("a1 start")
        await release_first.wait()
        log.append("a1 end")

    async def record(name: str) -> None:
        log.append(name)

    first = asyncio.create_task(processor.process_update(update(1, 100), slow_first()))
    second = asyncio.create_task(processor.process_update(update(2, 100), record("a2")))
    other = asyncio.create_task(processor.process_update(update(3, 200), record("b1")))
    await other  # another chat is not held up by chat 100's slow update
    assert log == ["a1 start", "b1"]
    release_first.set()
    await asyncio.gather(first, second)
    assert log == ["a1 start", "b1", "a1 end", "a2"]
    assert processor._locks == {} and processor._waiting == {}  # idle chats are forgotten
