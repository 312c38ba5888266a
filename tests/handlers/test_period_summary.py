"""/baocao: the summary of a period with its file buttons; report lines still work."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.db import transaction
from models import DailyValue, Unit
from tests.chat import Chat, bare
from tests.core.summaries.seed import DAY, working_days, write_days
from tests.handlers.report_helpers import make_center

NOW = dt.datetime(2026, 11, 18, 2, 0, tzinfo=dt.UTC)  # Wednesday 18/11/2026, 09:00


def seeded(chat: Chat) -> int:
    chat.now = NOW
    unit_id = make_center(chat)
    with transaction(chat.app.sessions) as session:
        staff = session.exec(select(Unit)).scalars().one()
        assert staff.id == unit_id
    days = working_days(dt.date(2026, 9, 15), dt.date(2026, 11, 14))
    write_days(chat.app.engine, unit_id, 1, "xa", [(d, DAY) for d in days])
    write_days(chat.app.engine, unit_id, 1, "ca",
               [(d, DAY) for d in days if d != dt.date(2026, 11, 3)])
    return unit_id


def test_bare_baocao_shows_the_period_just_closed_with_file_buttons(chat: Chat) -> None:
    seeded(chat)
    reply = chat.send("/baocao", user="lead")[0]
    text = reply.text
    assert "Báo cáo tháng 11/2026 — Trung tâm xã Hoà Bình" in text
    assert "Số liệu từ 15/10/2026 đến 14/11/2026" in text
    assert "kỳ vừa kết thúc" in text and "/baocao 2026-12" in text
    assert "Hạn gửi báo cáo kỳ này: 20/11/2026" in text
    assert "Công an: 03/11" in text  # the missing day, never a silent zero
    assert "[báo cáo ngày]" in text
    assert "Giải quyết đúng hạn (gồm trước hạn, rút, trả lại): 80,0%" in text
    assert bare(reply) == ["baocao:docx:2026-11", "baocao:xlsx:2026-11", "baocao:png:2026-11"]
    sent = chat.send(payload=reply.choices[1].payload, user="lead")[0]
    assert sent.attachments and sent.attachments[0].filename.endswith(".xlsx")
    assert "Biểu số liệu tháng 11/2026" in sent.text


def test_named_periods_and_a_bad_one(chat: Chat) -> None:
    seeded(chat)
    quarter = chat.say("/baocao quý 4/2026", user="an")
    assert "Báo cáo quý IV/2026" in quarter and "15/09/2026 đến 14/12/2026" in quarter
    assert "kỳ vừa kết thúc" not in quarter
    span = chat.say("/baocao 01/11/2026-10/11/2026", user="lead")
    assert "từ 01/11/2026 đến 10/11/2026" in span
    bad = chat.say("/baocao 13/2026", user="lead")
    assert "Không hiểu kỳ báo cáo «13/2026»" in bad and "/baocao quý 1/2026" in bad
    assert "chỉ dành cho cán bộ" in chat.say("/baocao", user="stranger")


def test_after_the_due_day_bare_baocao_is_the_running_period(chat: Chat) -> None:
    seeded(chat)
    chat.now = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    text = chat.say("/baocao", user="lead")
    assert "Báo cáo tháng 12/2026" in text and "kỳ đang chạy" in text


def test_report_lines_still_go_through_baocao(chat: Chat) -> None:
    seeded(chat)
    assert "Đã lưu số liệu" in chat.say("/baocao tt=4 tiep=1", user="an")
    assert "Đã lưu số liệu" in chat.say("bc tt 4", user="an")
    assert "Đã lưu số liệu" in chat.say("/baocao tt 4 tiep 1", user="an")
    assert "Báo cáo năm 2026" in chat.say("/baocao năm 2026", user="an")
    with transaction(chat.app.sessions) as session:
        stored = session.exec(select(DailyValue).where(
            DailyValue.day == dt.date(2026, 11, 18), DailyValue.sector == "xa")).scalars().all()
    assert {v.element: v.value for v in stored}["tt"] == 4



def test_the_summary_names_each_break_with_its_days(chat: Chat) -> None:
    unit_id = seeded(chat)
    write_days(chat.app.engine, unit_id, 1, "dd", [(dt.date(2026, 11, 4), {**DAY, "nhan": 9})])
    text = chat.say("/baocao 11/2026", user="lead")
    assert "Số liệu chưa khớp" in text
    assert ("Văn phòng đăng ký đất đai: Tổng tiếp nhận đã gõ (nhan) khác tổng trực tuyến và "
            "trực tiếp — 9 so với 5, lệch 4; ngày: 04/11.") in text
    assert "Tổng cộng: Kỳ trước chuyển sang + tiếp nhận mới" in text
