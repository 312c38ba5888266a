"""/canbo: a lead lists the unit's people and changes a sector or role or removes someone,
each confirmed and audited; a removed person loses access at once."""

import pytest
from sqlalchemy import select

from bot.db import transaction
from models import MemberChange, User
from tests.chat import Chat
from tests.handlers.report_helpers import make_center


@pytest.fixture
def center(chat: Chat) -> int:
    unit_id = make_center(chat)
    with transaction(chat.app.sessions) as session:
        for user in session.exec(select(User)).scalars():
            user.display_name = {"an": "Nguyễn Văn An", "binh": "Trần Bình",
                                 "lead": "Chị Hạnh"}.get(user.address, "")
    return unit_id


def user_id(chat: Chat, address: str) -> int:
    with transaction(chat.app.sessions) as session:
        user = session.exec(select(User).where(User.address == address)).scalars().one()
        assert user.id is not None
        return user.id


def audit(chat: Chat) -> list[tuple[int, int | None, str, str, str]]:
    with transaction(chat.app.sessions) as session:
        rows = session.execute(select(MemberChange.user_id, MemberChange.changed_by,
                                      MemberChange.field, MemberChange.old_value,
                                      MemberChange.new_value).order_by(MemberChange.id)).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_lead_lists_people_without_their_addresses(chat: Chat, center: int) -> None:
    listing = chat.send("/canbo", user="lead")[0]
    assert "Cán bộ của Trung tâm xã Hoà Bình (4 người)" in listing.text
    assert "Nguyễn Văn An — cán bộ, ngành: Thủ tục của xã" in listing.text
    assert "Chị Hạnh (bạn) — lãnh đạo" in listing.text
    assert "console" not in listing.text and "binh" not in listing.text  # no chat addresses
    an = user_id(chat, "an")
    assert f"canbo:show:{an}" in [c.payload for c in listing.choices]
    assert "chỉ dành cho cán bộ" in chat.say("/canbo", user="an")


def test_a_lead_removes_someone_who_left(chat: Chat, center: int) -> None:
    chat.say("bc tt=4", user="an")
    an, lead = user_id(chat, "an"), user_id(chat, "lead")
    person = chat.send(payload=f"canbo:show:{an}", user="lead")[0]
    assert f"canbo:remove:{an}" in [c.payload for c in person.choices]
    confirm = chat.send(payload=f"canbo:remove:{an}", user="lead")[0]
    assert "Xoá Nguyễn Văn An khỏi Trung tâm?" in confirm.text
    assert confirm.choices[0].payload == f"canbo:ok:{an}:remove"
    assert audit(chat) == []  # nothing happens before the confirmation
    done = chat.say(payload=f"canbo:ok:{an}:remove", user="lead")
    assert "Đã xoá Nguyễn Văn An khỏi Trung tâm" in done and "(3 người)" in done
    assert audit(chat) == [(an, lead, "removed", "staff", "")]
    # Access ends with the very next message; the figures keep the name.
    assert "chỉ dành cho cán bộ" in chat.say("bc tt=9", user="an")
    assert "Thủ tục của xã (Nguyễn Văn An): tt=4" in chat.say("/homnay", user="lead")
    assert "Không tìm thấy người này" in chat.say(payload=f"canbo:ok:{an}:remove", user="lead")


def test_a_lead_gives_a_sector_and_the_person_can_report_it(chat: Chat, center: int) -> None:
    an = user_id(chat, "an")
    assert "chưa được giao" in chat.say("bc tt=1 nganh=ca", user="an")
    confirm = chat.send(payload=f"canbo:sector:{an}:ca", user="lead")[0]
    assert "Giao thêm ngành Công an cho Nguyễn Văn An?" in confirm.text
    assert "báo cáo cho: Thủ tục của xã, Công an" in confirm.text
    done = chat.say(payload=confirm.choices[0].payload, user="lead")
    assert "Thủ tục của xã → Thủ tục của xã, Công an" in done
    assert "Công an" in chat.say("bc tt=1 nganh=ca", user="an")
    # Pressing the same confirmation again changes nothing and says so.
    assert "Không có gì thay đổi" in chat.say(payload=confirm.choices[0].payload, user="lead")
    assert [a[2:] for a in audit(chat)] == [("sectors", "xa", "xa,ca")]


def test_the_last_sector_stays_and_roles_change(chat: Chat, center: int) -> None:
    binh = user_id(chat, "binh")
    assert "cần được giao ít nhất một ngành" in chat.say(
        payload=f"canbo:ok:{binh}:sector:ca:off", user="lead")
    confirm = chat.send(payload=f"canbo:role:{binh}:lead", user="lead")[0]
    assert "từ cán bộ thành lãnh đạo" in confirm.text
    assert "cán bộ → lãnh đạo" in chat.say(payload=f"canbo:ok:{binh}:role:lead", user="lead")
    assert "Cán bộ của Trung tâm" in chat.say("/canbo", user="binh")  # a lead now


def test_a_lead_cannot_change_themselves_or_an_admin(chat: Chat, center: int) -> None:
    lead = user_id(chat, "lead")
    assert "không tự đổi vai trò" in chat.say(payload=f"canbo:ok:{lead}:remove", user="lead")
    with transaction(chat.app.sessions) as session:
        binh = session.exec(select(User).where(User.address == "binh")).scalars().one()
        binh.role = "admin"
    binh_id = user_id(chat, "binh")
    view = chat.send(payload=f"canbo:show:{binh_id}", user="lead")[0]
    assert [c.payload for c in view.choices] == ["canbo:list"]
    assert "chỉ quản trị viên" in chat.say(payload=f"canbo:ok:{binh_id}:remove", user="lead")
    assert "Không tìm thấy" in chat.say(payload="canbo:show:99999999999999999999", user="lead")
    assert audit(chat) == []
