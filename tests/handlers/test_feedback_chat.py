"""/phananh end to end: a citizen sends feedback, staff answer in chat, the answer reaches
the citizen through the outbox, the citizen rates it; deadlines cross a weekend and the
Hùng Kings and 30/4–1/5 holidays; nobody reads or rates another's ticket; limits hold."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App, build_app
from models import User
from tests.chat import Chat
from tests.conftest import make_settings
from tests.handlers.feedback_helpers import (
    actions_of,
    code_in,
    local,
    outbox,
    send_feedback,
    ticket_row,
)
from tests.handlers.report_helpers import make_center

FRIDAY = local(4, 24, 16)  # Friday 24/04/2026 16:00; Mon 27/04 is the Hùng Kings day off


@pytest.fixture
def chat(app: App) -> Chat:
    chat = Chat(app, FRIDAY)
    make_center(chat)
    return chat


def user_id(chat: Chat, address: str) -> int:
    users = User.__table__  # type: ignore[attr-defined]
    with chat.app.engine.connect() as connection:
        found = connection.scalar(select(users.c.id).where(users.c.address == address))
    assert isinstance(found, int)
    return found


def test_the_whole_lifecycle_across_a_weekend_and_holidays(chat: Chat) -> None:
    sent = send_feedback(chat, FRIDAY)
    code = code_in(sent)
    # Refusal: 2 working days after Friday, skipping the weekend and Monday 27/04 (day off):
    # Tue 28, Wed 29. Answer: 15 working days, also skipping 30/4 and 1/5 → Wed 20/05.
    assert "trước 17:00 29/04/2026" in sent and "chậm nhất 17:00 20/05/2026" in sent
    row = ticket_row(chat.app, code)
    assert (row["status"], row["topic"], row["contact"]) == ("waiting", "conduct",
                                                             "0912345678")
    # The conduct of staff has no sector: every staff member hears, with the buttons.
    news = outbox(chat.app, "feedback")
    assert sorted(n["address"] for n in news) == ["an", "binh", "chi"]
    assert [c[1] for c in news[0]["choices"]][:2] == [f"pa:take:{row['id']}",
                                                      f"pa:reply:{row['id']}"]
    # Staff list it with its due date; the contact is masked in the list.
    listed = chat.say("/phananh", user="an", at=local(5, 4, 8))
    assert code in listed and "hạn 17:00 20/05/2026" in listed
    assert "0912***678" in listed and "0912345678" not in listed
    card = chat.say(press=f"pa:view:{row['id']}", user="an", at=local(5, 4, 8))
    assert "Liên hệ: 0912345678" in card
    chat.say(press=f"pa:take:{row['id']}", user="an", at=local(5, 4, 8))
    chat.say(press=f"pa:reply:{row['id']}", user="an", at=local(5, 4, 9))
    done = chat.say("Trung tâm đã nhắc nhở cán bộ và xin lỗi ông/bà.", user="an",
                    at=local(5, 4, 9))
    assert "Đã gửi câu trả lời cho người dân" in done
    answer = [n for n in outbox(chat.app, "feedback") if n["address"] == "citizen"]
    assert len(answer) == 1 and answer[0]["template"] == "feedback/citizen_answer"
    assert answer[0]["context"]["answer"] == "Trung tâm đã nhắc nhở cán bộ và xin lỗi ông/bà."
    # The citizen sees it (by the code alone) and rates it, then comments.
    seen = chat.say(code.lower(), at=local(5, 5))
    assert "đã trả lời" in seen and "nhắc nhở cán bộ" in seen
    rated = chat.say(press=f"pa_rate:{row['id']}:satisfied", at=local(5, 5))
    assert "hài lòng" in rated
    assert "Đã ghi góp ý" in chat.say("Cảm ơn Trung tâm.", at=local(5, 5))
    row = ticket_row(chat.app, code)
    assert (row["status"], row["rating"], row["rating_comment"]) == (
        "closed", "satisfied", "Cảm ơn Trung tâm.")
    # Rated once only.
    assert "chỉ đánh giá một lần" in chat.say(press=f"pa_rate:{row['id']}:unsatisfied",
                                               at=local(5, 5))
    an, citizen = user_id(chat, "an"), user_id(chat, "citizen")
    assert actions_of(chat.app, code) == [("create", citizen), ("take", an), ("reply", an),
                                          ("rate", citizen), ("rate", citizen)]


def test_nobody_reads_or_rates_another_persons_ticket(chat: Chat) -> None:
    code = code_in(send_feedback(chat, FRIDAY))
    ticket_id = ticket_row(chat.app, code)["id"]
    assert "Không tìm thấy phản ánh" in chat.say(code, user="stranger")
    assert "Không tìm thấy phản ánh" in chat.say(f"/phananh {code}", user="stranger")
    forged = chat.send(payload=f"pa_rate:{ticket_id}:unsatisfied", user="stranger")
    assert "Không tìm thấy phản ánh" in forged[0].text
    assert ticket_row(chat.app, code)["rating"] is None
    # Nor rate before there is an answer.
    chat.say(f"/phananh {code}")
    early = chat.send(payload=f"pa_rate:{ticket_id}:satisfied")
    assert "chưa có câu trả lời" in early[0].text


def test_a_fourth_ticket_in_a_day_waits_and_says_so(chat: Chat) -> None:
    for _ in range(3):
        code_in(send_feedback(chat, FRIDAY))
    refused = send_feedback(chat, FRIDAY)
    assert "tối đa 3 phản ánh trong một ngày" in refused
    assert "PA-" not in refused
    # Another person is not held by it.
    code_in(send_feedback(chat, FRIDAY, user="neighbour"))


def test_bad_input_is_explained_and_the_draft_kept(chat: Chat) -> None:
    chat.say("/phananh")
    chat.say(press="pa_form:topic:regulation")
    assert "ngắn quá" in chat.say("ngắn")
    assert "Nội dung dài 2001 ký tự, quá 2000 ký tự" in chat.say("x" * 2001)
    chat.say("Quy định phải nộp bản sao công chứng là không cần thiết.")
    confirm = chat.say(press="pa_form:consent:no")
    assert "Liên hệ: không cần liên hệ" in confirm and "bản sao công chứng" in confirm
    # The draft is in the database: a bot restarted meanwhile still sends it.
    restarted = Chat(build_app(make_settings(str(chat.app.engine.url)), migrate=False),
                     chat.now)
    try:
        sent = restarted.send(payload=chat.buttons["citizen"]["pa_form:send"])
        assert "Mã phản ánh: PA-" in sent[0].text
    finally:
        restarted.app.engine.dispose()


def test_refusal_reaches_the_citizen_and_only_within_two_working_days(chat: Chat) -> None:
    code = code_in(send_feedback(chat, FRIDAY, contact=None))
    ticket_id = ticket_row(chat.app, code)["id"]
    card = chat.say("/phananh " + code, user="binh")
    assert "không đồng ý để liên hệ" in card
    # Thursday 30/04 is a holiday; Wednesday 29/04 17:00 has passed: too late to refuse.
    late = chat.say(press=f"pa:refuse:{ticket_id}", user="binh", at=local(5, 4, 8))
    assert "quá hạn báo không thuộc thẩm quyền" in late
    chat.say(press=f"pa:refuse:{ticket_id}", user="binh", at=local(4, 29, 10))
    chat.say("Thuộc thẩm quyền của Sở Xây dựng.", user="binh", at=local(4, 29, 10))
    told = [n for n in outbox(chat.app, "feedback") if n["address"] == "citizen"]
    assert told[0]["context"]["reason"] == "Thuộc thẩm quyền của Sở Xây dựng."
    assert ticket_row(chat.app, code)["status"] == "refused"
    # A refused ticket cannot be answered any more: the state model refuses it.
    assert "tình trạng hiện tại" in chat.say(press=f"pa:take:{ticket_id}", user="binh")


def test_extension_once_and_forward_to_a_sector(chat: Chat) -> None:
    code = code_in(send_feedback(chat, FRIDAY, topic="procedure",
                                 subject="đăng ký thường trú"))
    ticket_id = ticket_row(chat.app, code)["id"]
    chat.say(f"/phananh {code}", user="an")
    chat.say(press=f"pa:extend:{ticket_id}", user="an")
    assert "Đã gia hạn" in chat.say("Cần xác minh với công an huyện.", user="an")
    # 20/05 + 10 working days = 03/06/2026.
    assert ticket_row(chat.app, code)["due_at"].astimezone(local(1, 1).tzinfo).date(
    ).isoformat() == "2026-06-03"
    chat.say(press=f"pa:extend:{ticket_id}", user="an")
    assert "đã gia hạn một lần" in chat.say("Lần nữa.", user="an")
    chat.say(press=f"pa:forward:{ticket_id}", user="an")
    chat.say(press=f"pa:forward:{ticket_id}:ca", user="an")
    forwarded = [n["address"] for n in outbox(chat.app, "feedback")
                 if n["context"].get("news") == "forwarded"]
    assert forwarded == ["binh"]
    assert ticket_row(chat.app, code)["sector"] == "ca"


def test_a_lead_hides_abusive_content_and_it_is_kept(chat: Chat) -> None:
    code = code_in(send_feedback(chat, FRIDAY, content="Nội dung xúc phạm cán bộ rất nặng."))
    ticket_id = ticket_row(chat.app, code)["id"]
    chat.say(f"/phananh {code}", user="lead")
    assert "Đã ẩn nội dung" in chat.say(press=f"pa:hide:{ticket_id}", user="lead")
    assert "xúc phạm" not in chat.say(f"/phananh {code}", user="an")
    assert ticket_row(chat.app, code)["content"] == "Nội dung xúc phạm cán bộ rất nặng."
    refused = chat.send(payload=f"pa:hide:{ticket_id}", user="an")
    assert "Đã ẩn" not in refused[0].text
    assert actions_of(chat.app, code)[-1][0] == "hide"


def test_a_procedure_card_offers_feedback_about_that_procedure(chat: Chat) -> None:
    chat.say("/thutuc 1.004222")
    asked = chat.say(press="pa_start:p:1.004222")
    assert "(2/4)" in asked  # the topic and the procedure are already known
    chat.say("Hồ sơ yêu cầu giấy tờ không có trong danh mục công bố.")
    chat.say(press="pa_form:consent:no")
    code = code_in(chat.say(press="pa_form:send"))
    row = ticket_row(chat.app, code)
    assert row["topic"] == "procedure" and row["subject"].startswith("1.004222 ")
    # A forged button for a dossier never shown to this citizen starts a blank form.
    blank = chat.send(payload="pa_start:d:1")
    assert "(1/4)" in blank[0].text


async def test_staff_and_citizen_read_the_relayed_messages(chat: Chat) -> None:
    from bot.delivery import Deliverer
    from tests.fakes import FakeMessenger

    messenger = FakeMessenger()
    run = Deliverer(chat.app.sessions, {"console": messenger}, [], worker="test")
    code = code_in(send_feedback(chat, FRIDAY, topic="dossier", subject="HS-9"))
    await run.tick(FRIDAY)
    to_an = [r for address, r in messenger.sent if address == "an"]
    assert f"Phản ánh mới — Trung tâm xã Hoà Bình: {code}, về hồ sơ đã nộp (HS-9)." in \
        to_an[0].text
    assert "Hạn trả lời: 17:00 20/05/2026" in to_an[0].text
    assert "0912345678" not in to_an[0].text  # contact only on the card, when agreed
    assert [c.label for c in to_an[0].choices][:2] == ["Nhận xử lý", "Trả lời"]
    ticket_id = ticket_row(chat.app, code)["id"]
    chat.say(f"/phananh {code}", user="chi", at=local(4, 28))
    chat.say(press=f"pa:reply:{ticket_id}", user="chi", at=local(4, 28))
    chat.say("Hồ sơ HS-9 đã có kết quả, mời ông/bà đến nhận.", user="chi", at=local(4, 28))
    await run.tick(local(4, 28, 9, 5))
    to_citizen = [r for address, r in messenger.sent if address == "citizen"]
    assert "Trung tâm đã trả lời phản ánh" in to_citizen[0].text
    assert "Hồ sơ HS-9 đã có kết quả" in to_citizen[0].text
    assert [c.label for c in to_citizen[0].choices] == ["Rất hài lòng", "Hài lòng",
                                                       "Không hài lòng"]


def test_staff_ask_for_more_information_within_five_working_days(chat: Chat) -> None:
    code = code_in(send_feedback(chat, FRIDAY, topic="regulation"))
    ticket_id = ticket_row(chat.app, code)["id"]
    # Asking until 5 working days after Friday (Tue 28, Wed 29, Mon 4, Tue 5, Wed 6/05).
    chat.say(f"/phananh {code}", user="chi", at=local(5, 7))
    chat.say(press=f"pa:ask:{ticket_id}", user="chi", at=local(5, 7))
    assert "quá hạn hỏi thêm" in chat.say("Quy định nào?", user="chi", at=local(5, 7))
    chat.say(press=f"pa:ask:{ticket_id}", user="chi", at=local(5, 6))
    assert "Đã gửi câu hỏi" in chat.say("Ông/bà nói quy định nào, văn bản số mấy?",
                                        user="chi", at=local(5, 6))
    asked = [n for n in outbox(chat.app, "feedback") if n["address"] == "citizen"]
    assert asked[0]["context"]["question"] == "Ông/bà nói quy định nào, văn bản số mấy?"
    assert [c[1] for c in asked[0]["choices"]] == [f"pa_more:{ticket_id}"]
    # The citizen answers from their ticket's view; someone else cannot.
    assert "Không tìm thấy" in chat.send(payload=f"pa_more:{ticket_id}",
                                         user="stranger")[0].text
    seen = chat.say(code, at=local(5, 6, 10))
    assert "Cán bộ cần bạn cho biết thêm" in seen
    chat.say(press=f"pa_more:{ticket_id}", at=local(5, 6, 10))
    assert "Đã gửi thông tin bổ sung" in chat.say("Quyết định 12/2025 của UBND tỉnh.",
                                                 at=local(5, 6, 10))
    row = ticket_row(chat.app, code)
    assert row["more_info"] == "Quyết định 12/2025 của UBND tỉnh." and row["status"] == "assigned"
    told = [n for n in outbox(chat.app, "feedback") if n["context"].get("news") == "more_info"]
    assert [n["address"] for n in told] == ["chi"]  # the one who asked
    assert [a for a, _ in actions_of(chat.app, code)] == ["create", "ask", "supply"]
