"""/danhgia: a finished dossier rated once (a change kept), criteria one tap each, the
center rated in general; nobody rates through someone else's buttons; counted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from bot.core.summaries.compile import compile_report
from bot.core.summaries.periods import PeriodScheme, parse_period
from models import ServiceRating, ServiceRatingChange
from tests.chat import Chat
from tests.core.dossiers.warning_helpers import add_dossier
from tests.handlers.feedback_helpers import local
from tests.handlers.report_helpers import make_center

NOW = local(5, 4, 10)
_r = ServiceRating.__table__  # type: ignore[attr-defined]
_c = ServiceRatingChange.__table__  # type: ignore[attr-defined]


@pytest.fixture
def chat(app: App) -> Chat:
    chat = Chat(app, NOW)
    unit = make_center(chat)
    add_dossier(app, unit, "HS-2026-0001", local(5, 8, 17), now=NOW, status="resolved",
                sector="ca")
    add_dossier(app, unit, "HS-2026-0002", local(5, 8, 17), now=NOW)
    return chat


def rows(app: App) -> list[dict[str, object]]:
    with app.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(_r).order_by(_r.c.id))]


def test_a_finished_dossier_is_rated_once_and_a_change_is_kept(chat: Chat) -> None:
    assert "chưa giải quyết xong" in chat.say("/danhgia HS-2026-0002")
    asked = chat.send("/danhgia hs-2026-0001")
    dossier_id = int(asked[0].choices[0].payload.split(":")[1].split("@")[0])
    assert "Cảm ơn bạn đã đánh giá hồ sơ HS-2026-0001: hài lòng" in chat.say(
        press=f"dg:{dossier_id}:satisfied")
    rating_id = rows(chat.app)[0]["id"]
    chat.say(press=f"dgc:{rating_id}:time")
    ticked = chat.say(press=f"dgc:{rating_id}:attitude")
    assert "Bạn hài lòng về: đúng thời hạn, thái độ phục vụ" in ticked
    chat.say("/danhgia HS-2026-0001")
    assert "Đã đổi đánh giá hồ sơ HS-2026-0001 thành: không hài lòng" in chat.say(
        press=f"dg:{dossier_id}:unsatisfied")
    assert "Cảm ơn bạn" in chat.say(press=f"dgc:{rating_id}:done")
    [row] = rows(chat.app)
    assert (row["level"], row["criteria"]) == ("unsatisfied", ["time", "attitude"])
    with chat.app.engine.connect() as connection:
        changes = [(r.field, r.old_value, r.new_value) for r in connection.execute(
            select(_c).order_by(_c.c.id))]
    assert changes == [("criteria", "", "time"), ("criteria", "time", "time,attitude"),
                       ("level", "satisfied", "unsatisfied")]
    # Someone else cannot use those buttons: not shown to them, not their rating.
    assert "không còn dùng được" in chat.send(payload=f"dg:{dossier_id}:very_satisfied",
                                              user="stranger")[0].text
    assert "không còn dùng được" in chat.send(payload=f"dgc:{rating_id}:result",
                                              user="stranger")[0].text
    assert len(rows(chat.app)) == 1 and rows(chat.app)[0]["criteria"] == ["time", "attitude"]


def test_a_lookup_of_a_finished_dossier_offers_the_rating(chat: Chat) -> None:
    looked = chat.send("/tracuu HS-2026-0001")
    start = next(c.payload for c in looked[-1].choices if c.payload.startswith("dg:"))
    assert start.endswith(":start")
    levels = chat.send(payload=start)
    assert len(levels[0].choices) == 3


def test_the_center_in_general_and_the_counts(chat: Chat) -> None:
    chat.say("/danhgia")
    chat.say(press="dg:0:very_satisfied")
    asked = chat.send("/danhgia HS-2026-0001")
    chat.send(payload=asked[0].choices[1].payload)  # hài lòng
    assert [(r["dossier_id"] is None, r["level"]) for r in rows(chat.app)] == [
        (True, "very_satisfied"), (False, "satisfied")]
    period = parse_period("5/2026", PeriodScheme(15))
    with chat.app.engine.connect() as connection:
        report = compile_report(connection, int(str(rows(chat.app)[0]["unit_id"])), period,
                                now=local(5, 5), elements=chat.app.services.elements)
    t = report.total
    assert (t.very_satisfied, t.satisfied, t.unsatisfied, t.feedback) == (1, 1, 0, 0)
    by_sector = {s.code: s.figures.satisfied for s in report.sectors}
    assert by_sector["ca"] == 1  # the rated dossier's sector


def test_ratings_per_day_are_limited(chat: Chat) -> None:
    for _ in range(10):  # FEEDBACK_RATING_DAILY_LIMIT
        chat.say("/danhgia")
        assert "Cảm ơn bạn đã đánh giá" in chat.say(press="dg:0:satisfied")
    chat.say("/danhgia")
    assert "Hôm nay bạn đã đánh giá nhiều lần" in chat.say(press="dg:0:satisfied")
    assert len(rows(chat.app)) == 10
    # The next day it is let in again.
    chat.say("/danhgia", at=local(5, 6, 10))
    assert "Cảm ơn bạn" in chat.say(press="dg:0:satisfied", at=local(5, 6, 10))


def test_staff_of_another_unit_do_not_see_the_ticket(chat: Chat) -> None:
    from bot.core.people import create_unit
    from bot.db import transaction
    from models import Role, User
    from tests.handlers.feedback_helpers import code_in, send_feedback

    code = code_in(send_feedback(chat, NOW))
    with transaction(chat.app.sessions) as session:
        other = create_unit(session, code="tl", name="Trung tâm xã Tân Lập", now=NOW,
                            sectors=["xa"])
        session.add(User(channel="console", address="outsider", role=Role.STAFF.value,
                         unit_id=other.id, sector="xa", sectors=["xa"], created_at=NOW,
                         last_seen_at=NOW))
    assert "Không tìm thấy phản ánh" in chat.say(f"/phananh {code}", user="outsider")
    assert code not in chat.say("/phananh", user="outsider")
