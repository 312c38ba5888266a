"""Whatever anyone types or presses, the bot answers politely with a valid message.

Random text and random button payloads, as each role, through the real dispatcher on a real
database; every reply goes through tests/chat.py's check (never the internal error, valid
Telegram HTML within Telegram's size). The conversation carries over between examples, as
it would for a person, so open flows and old buttons get their share of nonsense too.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers import build_router
from models import Role
from tests.chat import Chat
from tests.handlers.roles import PEOPLE, make_roles

ROUTER = build_router()
anything = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
vietnamese = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậđèẻẽéẹềểễếệ"
                              "ìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ 0123456789=,.;:/-#|",
                     max_size=120)
numbers = st.one_of(st.integers(-10, 10**25).map(str), st.sampled_from(["²", "1e400", "0x10"]))
markup = st.sampled_from(["<b>", "</b>", "&amp;", "&", "<", ">", '"', "'", "&#0;", "\x00"])
words = st.one_of(vietnamese, numbers, markup, anything)
line = st.lists(words, min_size=0, max_size=6).map(" ".join)
# One odd argument is where parsers break most ("/nghi ²"), so it gets its own share.
commands = st.tuples(st.sampled_from(sorted(ROUTER.commands)),
                     st.one_of(line, numbers, markup)).map(lambda pair: f"/{pair[0]} {pair[1]}")
report_lines = st.tuples(st.sampled_from(["bc", "/bc", "/sua", "baocao"]), line).map(" ".join)
picks = st.one_of(st.integers(0, 120).map(str), st.integers(0, 120).map(lambda n: f"#{n}"))
texts = st.one_of(line, commands, report_lines, picks, anything)
payloads = st.one_of(
    st.tuples(st.sampled_from(sorted(ROUTER.payloads)), st.sampled_from([":", ""]),
              st.one_of(numbers, anything, st.just(""), line),
              st.sampled_from(["", "@0", "@1", "@x", "@" + "9" * 40])).map("".join),
    anything,
)
actions = st.lists(st.one_of(texts.map(lambda t: ("text", t)),
                             payloads.map(lambda p: ("payload", p)),
                             texts.map(lambda t: ("edit", t))),
                   min_size=1, max_size=4)


def run(chat: Chat, role: Role, steps: list[tuple[str, str]]) -> None:
    if not any(name == "make_roles" for name, _ in chat.transcript):
        make_roles(chat)  # once per test function: the fixture outlives the examples
        chat.transcript.append(("make_roles", ""))
    for kind, value in steps:
        user = PEOPLE[role]
        if kind == "payload":
            replies = chat.send(payload=value, user=user)
        else:
            replies = chat.send(value, user=user, edited=kind == "edit", message_id="1")
        assert replies, "never silence"


def property_for(role: Role):  # type: ignore[no-untyped-def]
    @settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                       HealthCheck.too_slow])
    @given(steps=actions)
    def test(chat: Chat, steps: list[tuple[str, str]]) -> None:
        run(chat, role, steps)

    test.__name__ = f"test_random_input_as_{role.value}"
    return test


test_random_input_as_citizen = property_for(Role.CITIZEN)
test_random_input_as_staff = property_for(Role.STAFF)
test_random_input_as_lead = property_for(Role.LEAD)
test_random_input_as_admin = property_for(Role.ADMIN)
