from hypothesis import given
from hypothesis import strategies as st

from bot.core.text import split_message

words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=400)


@given(words, st.integers(min_value=1, max_value=120))
def test_pieces_fit_and_keep_every_non_space_character(text: str, limit: int) -> None:
    pieces = split_message(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    squeeze = lambda s: "".join(s.split())  # noqa: E731
    assert squeeze("".join(pieces)) == squeeze(text)


def test_cuts_at_paragraphs_before_lines() -> None:
    text = "a" * 30 + "\n\n" + "b" * 30 + "\n" + "c" * 30
    assert split_message(text, 70) == ["a" * 30, "b" * 30 + "\n" + "c" * 30]


def test_short_text_is_one_piece() -> None:
    assert split_message("Xin chào", 4096) == ["Xin chào"]


def test_long_reply_over_telegram_limit() -> None:
    line = "• Giấy tờ cần nộp: bản sao giấy khai sinh có chứng thực (1 bản)"
    text = "\n".join([line] * 200)
    pieces = split_message(text)
    assert len(pieces) == 4
    assert all(len(p) <= 4096 for p in pieces)
    assert all(p.startswith("•") and p.endswith(")") for p in pieces)  # cut only between lines
