"""Long replies are cut into Telegram messages that each stand on their own."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from bot.core.text import split_message, utf16_len
from tests.telegram_html import assert_telegram_html, problems

plain = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)
escaped = plain.map(lambda t: html.escape(t, quote=False))
emoji = st.sampled_from(["😀", "👨‍👩‍👧", "🇻🇳", "𝔸"])
words = st.one_of(escaped, emoji, st.sampled_from([" ", "\n", "\n\n", "&quot;", "&#39;"]))
TAGS = ["b", "i", "u", "s", "code", 'a href="https://x.vn/a?b=1&amp;c=2"']


def element(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def wrap(pair: tuple[str, list[str]]) -> str:
        tag, parts = pair
        return f"<{tag}>{''.join(parts)}</{tag.split()[0]}>"
    return st.tuples(st.sampled_from(TAGS), st.lists(inner, min_size=1, max_size=5)).map(wrap)


documents = st.lists(
    st.one_of(words, element(words), element(st.one_of(words, element(words)))),
    min_size=1, max_size=40,
).map("".join).filter(lambda d: visible(d).strip() != "")


def visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def squeeze(text: str) -> str:
    return "".join(text.split())


@given(documents, st.integers(min_value=100, max_value=600))  # markup of 2 nested links fits
def test_every_piece_is_a_valid_message_and_no_character_is_lost(doc: str, limit: int) -> None:
    assert not problems(doc, limit=10**9), "the generator makes valid documents"
    pieces = split_message(doc, limit)
    for piece in pieces:
        assert_telegram_html(piece, limit)
    assert squeeze("".join(visible(p) for p in pieces)) == squeeze(visible(doc))


@given(st.lists(plain, min_size=1, max_size=30).map(" ".join), st.integers(5, 120))
def test_plain_text_keeps_every_non_space_character(text: str, limit: int) -> None:
    doc = html.escape(text, quote=False)  # entities of at most 5 units, so all fit
    pieces = split_message(doc, limit)
    assert all(0 < utf16_len(p) <= limit for p in pieces)
    assert squeeze(html.unescape("".join(pieces))) == squeeze(text)


def test_counts_utf16_units_not_characters() -> None:
    text = "😀" * 3000  # 3,000 characters, 6,000 UTF-16 units
    pieces = split_message(text)
    assert len(pieces) == 2 and [len(p) for p in pieces] == [2048, 952]
    assert all(utf16_len(p) <= 4096 for p in pieces)


def test_an_entity_is_never_cut() -> None:
    text = "&amp;" * 2000  # one unbroken run of 10,000 units
    pieces = split_message(text)
    assert all(utf16_len(p) <= 4096 and re.fullmatch(r"(&amp;)+", p) for p in pieces)
    assert "".join(pieces) == text


def test_open_tags_are_closed_at_a_cut_and_reopened_after() -> None:
    text = '<b>Giấy tờ <a href="https://x.vn/?a=1&amp;b=2">' + "bản sao " * 10 + "</a></b> hết."
    pieces = split_message(text, 60)
    assert pieces[0].startswith("<b>Giấy tờ") and pieces[0].endswith("</a></b>")
    assert all(p.startswith('<b><a href="https://x.vn/?a=1&amp;b=2">') for p in pieces[1:-1])
    for piece in pieces:
        assert_telegram_html(piece, 60)


def test_a_cut_never_leaves_an_empty_element() -> None:
    text = "x" * 50 + " <b>" + "y" * 20 + "</b>"
    pieces = split_message(text, 55)
    assert pieces == ["x" * 50, "<b>" + "y" * 20 + "</b>"]


def test_cuts_at_paragraphs_before_lines() -> None:
    text = "a" * 30 + "\n\n" + "b" * 30 + "\n" + "c" * 30
    assert split_message(text, 70) == ["a" * 30, "b" * 30 + "\n" + "c" * 30]


def test_short_text_is_one_piece() -> None:
    assert split_message("Xin chào", 4096) == ["Xin chào"]
    assert split_message("  \n ") == []


def test_long_reply_over_telegram_limit() -> None:
    line = "• Giấy tờ cần nộp: bản sao giấy khai sinh có chứng thực (1 bản)"
    text = "\n".join([line] * 200)
    pieces = split_message(text)
    assert len(pieces) == 4
    assert all(utf16_len(p) <= 4096 for p in pieces)
    assert all(p.startswith("•") and p.endswith(")") for p in pieces)  # cut only between lines
