from datetime import timedelta

from sqlmodel import select

from bot.core.people import create_unit
from bot.db import transaction
from models import Role, User
from tests.chat import Chat


def make_staff(chat: Chat, address: str, role: Role = Role.STAFF) -> None:
    with transaction(chat.app.sessions) as session:
        unit = create_unit(session, code=f"u-{address}", name="Trung tâm xã Thử", now=chat.now)
        session.add(User(channel="console", address=address, role=role.value, unit_id=unit.id,
                         created_at=chat.now, last_seen_at=chat.now))


def test_start_greets_citizen_in_vietnamese_with_citizen_help(chat: Chat) -> None:
    text = chat.say("/start")
    assert "Xin chào" in text
    assert "tra cứu thủ tục" in text
    assert "Việc của cán bộ" not in text


def test_help_is_role_aware(chat: Chat) -> None:
    make_staff(chat, "staff1")
    make_staff(chat, "lead1", Role.LEAD)
    staff_help = chat.say("/help", user="staff1")
    lead_help = chat.say("/trogiup", user="lead1")
    assert "Việc của cán bộ" in staff_help and "Việc của lãnh đạo" not in staff_help
    assert "Việc của lãnh đạo" in lead_help


def test_first_message_creates_a_citizen(chat: Chat) -> None:
    chat.say("/start", user="new-person")
    with transaction(chat.app.sessions) as session:
        user = session.exec(select(User).where(User.address == "new-person")).one()
        assert user.role == Role.CITIZEN
        assert user.created_at == chat.now


def test_unknown_command_names_it_and_points_to_help(chat: Chat) -> None:
    text = chat.say("/khongco")
    assert "/khongco" in text and "/trogiup" in text


def test_botname_suffix_is_ignored(chat: Chat) -> None:
    assert "Bạn có thể" in chat.say("/help@MotCuaBot")


def test_cancel_without_flow_says_so(chat: Chat) -> None:
    assert "Không có thao tác nào" in chat.say("/huy")


def test_flow_expires_after_ttl(chat: Chat) -> None:
    chat.say("/join")
    later = chat.now + timedelta(hours=chat.app.settings.conversation_ttl_hours + 1)
    # The stale join flow is dropped, so the code-looking text is not taken as a code.
    assert "Mã mời" not in chat.say("ABCD-EFGH", at=later)
