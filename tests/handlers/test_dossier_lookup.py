"""Citizens check a dossier by its receipt code: what they see, what they never see, guessing
slowed down across bot processes, and the news they subscribe to."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App, build_app
from bot.core.dossiers import get_dossier
from bot.core.dossiers.actions import add_dossier, change_status, extend
from bot.core.dossiers.codes import looks_like_code
from bot.core.dossiers.store import DossierView
from bot.core.dossiers.subscriptions import notify_subscribers
from bot.core.messages import Reply
from bot.core.outbox.rows import decode
from bot.delivery import Deliverer
from bot.rendering import Renderer
from models import DossierStatus, DossierSubscription, Notification
from tests.chat import Chat, bare
from tests.conftest import make_settings
from tests.core.dossiers.register_helpers import NOW, context, count, local, make_unit, run_import
from tests.dossier_files import ROWS, Row, portal_csv
from tests.fakes import FakeMessenger

CODE = "000.00.53.H48-260302-0001"  # khai sinh, in progress, received 02/03 09:15, due 03/03 17:00
OPEN_CODE = "000.00.53.H48-260302-0002"  # received, due 06/03 17:00 (computed)
SEARCH_FILES = sorted((Path(__file__).parent.parent / "core" / "search").glob("*.jsonl"))


@pytest.fixture
def unit(app: App, tmp_path: Path) -> int:
    unit_id = make_unit(app)
    assert run_import(app, unit_id, portal_csv(tmp_path / "p.csv")).ok
    with app.engine.begin() as connection:  # one dossier with everything personal filled in
        added = add_dossier(connection, context(app, connection, unit_id), code="HS-2026/77",
                            received_at=local(10, 9), now=NOW, by=None,
                            procedure_code="1.001193", citizen_name="Phạm Thị Mận",
                            citizen_phone="0912345678", due_at=local(20, 17))
        assert isinstance(added, DossierView)
    return unit_id


@pytest.fixture
def chat(app: App, unit: int) -> Chat:
    return Chat(app, NOW)


def view(app: App, unit_id: int, code: str) -> DossierView:
    with app.engine.connect() as connection:
        found = get_dossier(connection, unit_id, code)
    assert found is not None
    return found


def news(app: App) -> list[dict[str, object]]:
    table = Notification.__table__  # type: ignore[attr-defined]
    with app.engine.connect() as connection:
        rows = connection.execute(select(table).where(table.c.kind == "dossier_news")
                                  .order_by(table.c.id))
        return [dict(r._mapping) for r in rows]


def rendered(row: dict[str, object]) -> str:
    context = row["context"]
    context = json.loads(context) if isinstance(context, str) else context
    assert isinstance(context, dict)
    return Renderer("telegram").render(Reply(str(row["template"]), decode(context))).text


def test_a_valid_code_shows_its_status_and_no_person(chat: Chat) -> None:
    answer = chat.say(CODE)
    assert f"Hồ sơ {CODE}" in answer and "Thủ tục đăng ký khai sinh" in answer
    assert "Ngày tiếp nhận: 09:15 02/03/2026" in answer
    assert "Ngày hẹn trả kết quả: 17:00 03/03/2026" in answer
    assert "Tình trạng: đang được giải quyết" in answer
    assert "quá ngày hẹn trả" in answer  # 16/03 is past 03/03
    for person in ("Nguyễn Văn An", "Lê Thị Hoa", "Nguyễn"):
        assert person not in answer
    mine = chat.say("/tracuu hs-2026/77")
    assert "HS-2026/77" in mine and "Tình trạng: đã tiếp nhận, đang chờ giải quyết" in mine
    for secret in ("Phạm", "Mận", "0912", "678"):
        assert secret not in mine
    replies = chat.send(OPEN_CODE)
    assert bare(replies[-1])[0].startswith("theodoi:")


def test_a_closed_dossier_says_when_it_ended_and_offers_no_subscription(chat: Chat) -> None:
    replies = chat.send("/tracuu 000.00.53.H48-260303-0007")
    assert "Tình trạng: đã có kết quả" in replies[-1].text
    assert "Ngày kết thúc xử lý: 04/03/2026" in replies[-1].text
    # No subscription: rating the service and sending feedback only.
    assert [p.split(":")[0] for p in bare(replies[-1])] == ["dg", "pa_start"]


def test_codes_are_matched_as_typed_with_spaces_and_lower_case(chat: Chat) -> None:
    for typed in (" 000.00.53.h48 - 260302-0001 ", "000.00.53.h48-260302-0001",
                  "/tracuu 000.00.53.H48 -260302-0001"):
        assert f"Hồ sơ {CODE}" in chat.say(typed), typed


def test_an_unknown_code_gets_the_same_clear_answer_whatever_exists(app: App, chat: Chat
                                                                    ) -> None:
    first = chat.say("000.00.53.H48-260302-0099")
    assert "Không tìm thấy hồ sơ có mã «000.00.53.H48-260302-0099»" in first
    assert "giấy tiếp nhận" in first and "Trung tâm xã Hoà Bình" in first
    # A code one digit away from a real one, and one nowhere near: the same words.
    second = chat.say("000.00.53.H48-260302-0003")
    other = chat.say("999.99.99.Z99-991231-9999")
    assert first.replace("260302-0099", "X") == second.replace("260302-0003", "X")
    assert first.replace("000.00.53.H48-260302-0099", "X") == other.replace(
        "999.99.99.Z99-991231-9999", "X")
    assert "Vui lòng gửi kèm mã hồ sơ" in chat.say("/tracuu")


def test_the_same_code_in_two_units_is_shown_per_unit_without_people(app: App, chat: Chat,
                                                                      tmp_path: Path) -> None:
    other = make_unit(app, code="tl")
    with app.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE unit SET name = 'Trung tâm xã Tân Lập' WHERE code = 'tl'")
    assert run_import(app, other, portal_csv(tmp_path / "o.csv", [ROWS[0]])).ok
    replies = chat.send(CODE)
    answer = replies[-1].text
    assert "Mã này có ở 2 đơn vị" in answer
    assert "Trung tâm xã Hoà Bình" in answer and "Trung tâm xã Tân Lập" in answer
    assert answer.count(f"Hồ sơ {CODE}") == 2 and "Nguyễn Văn An" not in answer
    assert len(bare(replies[-1])) == 2


def test_search_queries_are_still_searched(chat: Chat) -> None:
    for query in ("lam giay khai sinh", "đăng ký kết hôn", "1.001193", "CT01"):
        replies = chat.send(query)
        assert "Không tìm thấy hồ sơ" not in replies[-1].text, query
    assert any(p.startswith("proc:") for p in bare(chat.send("đăng ký kết hôn")[-1]))
    queries = [json.loads(line) for f in SEARCH_FILES for line in f.read_text().splitlines()
               if line.strip()]
    texts = [q.get("query") or q.get("q") or next(iter(q.values())) for q in queries]
    assert len(texts) > 100
    assert [t for t in texts if looks_like_code(str(t))] == []


# --- enumeration -------------------------------------------------------------------------

GUESSES = [f"000.00.53.H48-260302-{n:04d}" for n in range(50, 80)]


@pytest.fixture
def second(app: App, database_url: str, unit: int) -> Iterator[App]:
    """Another bot process on the same database."""
    other = build_app(make_settings(database_url), catalog=app.services.catalog)
    yield other
    other.engine.dispose()


def test_guessing_codes_is_refused_across_two_processes(app: App, chat: Chat, second: App
                                                        ) -> None:
    there = Chat(second, NOW)
    # 10 points per 10 minutes, a miss costs 2: five misses, alternating processes.
    for n, guess in enumerate(GUESSES[:5]):
        side = chat if n % 2 else there
        assert "Không tìm thấy" in side.say(guess, at=NOW + timedelta(seconds=n))
    refused = there.say(GUESSES[5], at=NOW + timedelta(seconds=6))
    assert "chờ khoảng" in refused and "phút" in refused
    assert "chờ khoảng" in chat.say(CODE, at=NOW + timedelta(seconds=7))  # a real one too
    # Another person is not affected.
    assert f"Hồ sơ {CODE}" in chat.say(CODE, user="neighbour", at=NOW + timedelta(seconds=8))
    # Two windows later the past weighs nothing: allowed again.
    assert f"Hồ sơ {CODE}" in there.say(CODE, at=NOW + timedelta(minutes=20, seconds=1))


def test_the_wait_is_told_and_holds_until_it_has_passed(chat: Chat) -> None:
    for guess in GUESSES[:5]:
        chat.say(guess)
    refused = chat.say(CODE)
    minutes = int(refused.split("chờ khoảng ")[1].split(" phút")[0])
    assert 1 <= minutes <= 20
    assert "chờ khoảng" in chat.say(CODE, at=NOW + timedelta(minutes=minutes) - timedelta(
        minutes=1))
    assert f"Hồ sơ {CODE}" in chat.say(CODE, at=NOW + timedelta(minutes=minutes))


def test_found_codes_cost_less_than_misses(chat: Chat) -> None:
    for n in range(10):
        assert f"Hồ sơ {CODE}" in chat.say(CODE, at=NOW + timedelta(seconds=n))
    assert "chờ khoảng" in chat.say(CODE, at=NOW + timedelta(seconds=11))


# --- subscriptions -----------------------------------------------------------------------

def subscribe(chat: Chat, code: str = OPEN_CODE) -> None:
    replies = chat.send(code)
    payload = bare(replies[-1])[0]
    assert payload.startswith("theodoi:")
    assert "Đã ghi nhận" in chat.say(press=payload)


def test_an_extension_and_then_the_result_each_tell_the_subscriber_once(
        app: App, unit: int, chat: Chat) -> None:
    subscribe(chat)
    assert "Bạn đang theo dõi" in chat.say(OPEN_CODE)
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit)
        moved = extend(connection, ctx, view(app, unit, OPEN_CODE), local(25, 17),
                       "Chờ xác minh", now=NOW, by=None)
        assert isinstance(moved, DossierView)
    rows = news(app)
    assert len(rows) == 1 and rows[0]["address"] == "citizen"
    assert rows[0]["priority"] == 30 and rows[0]["unit_id"] is None
    text = rendered(rows[0])
    assert "ngày hẹn trả kết quả mới: 17:00 25/03/2026" in text
    assert "ngày hẹn ban đầu: 17:00 06/03/2026" in text and "gia hạn" in text
    assert "Trần Thị Bình" not in text
    # Other changes of the same dossier, or the same call again, add nothing.
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit)
        paused = change_status(connection, ctx, view(app, unit, OPEN_CODE),
                               DossierStatus.PAUSED, now=NOW, by=None)
        assert isinstance(paused, DossierView)
        notify_subscribers(connection, [paused.id], NOW)
    assert len(news(app)) == 1
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit)
        done = change_status(connection, ctx, view(app, unit, OPEN_CODE),
                             DossierStatus.RESOLVED, now=NOW + timedelta(hours=1), by=None)
        assert isinstance(done, DossierView)
    rows = news(app)
    assert len(rows) == 2
    assert "đã có kết quả ngày 16/03/2026" in rendered(rows[1])


async def test_news_from_an_import_is_delivered_once(app: App, unit: int, chat: Chat,
                                                     tmp_path: Path) -> None:
    subscribe(chat)
    first = ROWS[1]
    done = [Row(first.code, first.name, first.proc, "10", "", first.received,
                finished=datetime(2026, 3, 12, 10, 0), channel="1")]
    assert run_import(app, unit, portal_csv(tmp_path / "done.csv", done)).ok
    assert len(news(app)) == 1
    # The same file again, and another import of an unrelated dossier: nothing more.
    assert run_import(app, unit, portal_csv(tmp_path / "again.csv", done)).ok
    assert run_import(app, unit, portal_csv(tmp_path / "all.csv")).ok  # reopened by the file
    assert run_import(app, unit, portal_csv(tmp_path / "again2.csv", done)).ok
    assert len(news(app)) == 1
    messenger = FakeMessenger()
    deliverer = Deliverer(app.sessions, {"console": messenger}, worker="w1")
    assert await deliverer.tick(NOW + timedelta(minutes=1)) == 1
    assert await deliverer.tick(NOW + timedelta(minutes=2)) == 0
    [(address, reply)] = messenger.sent
    assert address == "citizen"
    assert f"Hồ sơ {OPEN_CODE}" in reply.text and "đã có kết quả ngày 12/03/2026" in reply.text
    assert "Trần Thị Bình" not in reply.text


def test_unsubscribed_citizens_hear_nothing(app: App, unit: int, chat: Chat) -> None:
    subscribe(chat)
    dossier_id = view(app, unit, OPEN_CODE).id
    assert f"Đã huỷ theo dõi hồ sơ {OPEN_CODE}" in chat.say(press=f"botheodoi:{dossier_id}")
    assert count(app, DossierSubscription) == 0
    assert "không theo dõi" in chat.say(press=f"botheodoi:{dossier_id}")
    assert "Báo cho tôi" in chat.say(OPEN_CODE)
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit)
        change_status(connection, ctx, view(app, unit, OPEN_CODE), DossierStatus.RESOLVED,
                      now=NOW, by=None)
    assert news(app) == []


def test_a_button_under_an_earlier_answer_still_subscribes(app: App, chat: Chat) -> None:
    payload = bare(chat.send(OPEN_CODE)[-1])[0]
    chat.send(CODE)
    assert "Đã ghi nhận" in chat.say(press=payload)
    assert count(app, DossierSubscription) == 1


def test_a_button_for_a_dossier_never_looked_up_subscribes_nobody(app: App, unit: int,
                                                                  chat: Chat) -> None:
    dossier_id = view(app, unit, "HS-2026/77").id
    chat.send(OPEN_CODE)
    answer = chat.say(payload=f"theodoi:{dossier_id}")
    assert "không còn dùng được" in answer
    assert count(app, DossierSubscription) == 0
    assert "không còn dùng được" in chat.say(payload="theodoi:abc")
