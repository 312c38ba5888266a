from datetime import datetime, timedelta

from bot.app import build_app
from bot.core.people import create_invite, create_unit
from bot.db import transaction
from models import Invite, Role, User
from tests.chat import Chat
from tests.conftest import make_settings


def invite(chat: Chat, role: Role = Role.STAFF, ttl: timedelta = timedelta(hours=72)) -> str:
    with transaction(chat.app.sessions) as session:
        unit = create_unit(session, code=f"xa-{len(chat.transcript)}-{role}",
                           name="Trung tâm xã An Bình", now=chat.now)
        code, _ = create_invite(session, unit, role, chat.now, ttl)
    return code


def role_of(chat: Chat, address: str) -> str:
    with transaction(chat.app.sessions) as session:
        from sqlmodel import select

        return session.exec(select(User).where(User.address == address)).one().role


def test_join_with_code_makes_staff_and_shows_staff_help(chat: Chat) -> None:
    code = invite(chat)
    text = chat.say(f"/join {code}", user="an")
    assert "Trung tâm xã An Bình" in text and "cán bộ" in text
    assert "Việc của cán bộ" in text
    assert role_of(chat, "an") == Role.STAFF


def test_code_is_case_and_dash_insensitive(chat: Chat) -> None:
    code = invite(chat, Role.LEAD)
    chat.say(f"/thamgia {code.lower().replace('-', '')}", user="binh")
    assert role_of(chat, "binh") == Role.LEAD


def test_two_step_join(chat: Chat) -> None:
    code = invite(chat)
    assert "gửi mã mời" in chat.say("/join", user="chi")
    assert "Chào mừng" in chat.say(code, user="chi")
    assert role_of(chat, "chi") == Role.STAFF


def test_wrong_code_is_refused_and_can_be_retried(chat: Chat) -> None:
    code = invite(chat)
    text = chat.say("/join ABCD-EFGH", user="dung")
    assert "không đúng" in text
    assert role_of(chat, "dung") == Role.CITIZEN
    assert "Chào mừng" in chat.say(code, user="dung")  # the flow stayed open for a retry


def test_expired_code_is_refused(chat: Chat) -> None:
    code = invite(chat, ttl=timedelta(hours=1))
    text = chat.say(f"/join {code}", user="em", at=chat.now + timedelta(hours=2))
    assert "hết hạn" in text
    assert role_of(chat, "em") == Role.CITIZEN


def test_code_works_once(chat: Chat) -> None:
    code = invite(chat)
    chat.say(f"/join {code}", user="gia")
    assert "đã được dùng" in chat.say(f"/join {code}", user="hoa")
    assert role_of(chat, "hoa") == Role.CITIZEN


def test_malformed_code_explains_the_shape(chat: Chat) -> None:
    assert "8 chữ và số" in chat.say("/join 123", user="khanh")


def test_only_the_hash_of_a_code_is_stored(chat: Chat) -> None:
    code = invite(chat)
    with transaction(chat.app.sessions) as session:
        from sqlmodel import select

        stored = session.exec(select(Invite)).one()
        assert code not in stored.code_hash and code.replace("-", "") not in stored.code_hash


def test_join_flow_survives_a_restart(database_url: str, now: datetime) -> None:
    url = database_url
    first = build_app(make_settings(url))
    chat = Chat(first, now)
    code = invite(chat)
    assert "gửi mã mời" in chat.say("/join", user="lan")
    first.engine.dispose()  # the process dies between the two steps

    second = build_app(make_settings(url))
    resumed = Chat(second, now + timedelta(minutes=5))
    assert "Chào mừng" in resumed.say(code, user="lan")
    second.engine.dispose()


def test_a_question_during_join_is_answered_as_a_question(chat: Chat) -> None:
    chat.say("/join", user="minh")
    text = chat.say("đăng ký khai sinh cho con", user="minh")
    assert "1.001193" in text
    assert "Không có thao tác nào" in chat.say("/huy", user="minh")
