"""The center's map link and how to get a number or book ahead: set by an admin, told to a
citizen who asks (issue 12 item 5); a center without them says so and gives what it has."""

from __future__ import annotations

from pathlib import Path

from tests.chat import Chat
from tests.handlers.test_lookup_trust import set_up_center
from tests.test_cli_people import motcua

MAP = "https://maps.app.goo.gl/AbCdEf123"
QUEUE = "Lấy số tại máy ở cửa vào, hoặc đặt lịch trên Cổng dịch vụ công của tỉnh"


def test_the_map_and_the_queue_come_from_the_unit(chat: Chat) -> None:
    set_up_center(chat, address="Số 1 đường Lê Lợi", map_url=MAP, queue_info=QUEUE)
    where = chat.say("trung tâm ở đâu")
    assert "Số 1 đường Lê Lợi" in where and MAP in where
    assert QUEUE in chat.say("lấy số thứ tự thế nào")
    assert QUEUE in chat.say("có đặt lịch hẹn trước được không")
    everything = chat.say("/lienhe")
    assert MAP in everything and QUEUE in everything


def test_without_them_the_center_says_so(chat: Chat) -> None:
    set_up_center(chat, phone="0203 3822 111")
    reply = chat.say("lay so thu tu o dau")
    assert "chưa cập nhật cách lấy số thứ tự" in reply and "0203 3822 111" in reply


def test_an_admin_sets_them_from_the_command_line(tmp_path: Path) -> None:
    motcua(tmp_path, "unit", "add", "hb", "Trung tâm xã Hoà Bình")
    done = motcua(tmp_path, "unit", "set", "hb", "--map-url", MAP, "--queue", QUEUE)
    assert done.returncode == 0, done.stderr
    bad = motcua(tmp_path, "unit", "set", "hb", "--map-url", "bản đồ ở gần chợ")
    assert bad.returncode != 0 and "bắt đầu bằng https://" in bad.stderr
