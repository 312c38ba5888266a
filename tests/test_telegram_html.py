"""The reply validator itself: it must refuse what Telegram refuses, or it proves nothing."""

import pytest

from tests.telegram_html import problems


@pytest.mark.parametrize("text", [
    "Tra cứu &am",                       # an entity cut in half
    "<b>mở mà không đóng",
    "đóng mà không mở</b>",
    "<b><i>lồng sai</b></i>",
    "<script>x</script>",
    '<a href="https://x.vn" onclick="y">z</a>',
    '<span class="other">z</span>',
    "1 < 2",
    "2 > 1",
    "Tom &amp Jerry",
    "&nbsp;không được",                  # Telegram knows only lt, gt, amp, quot
    '<a href="https://x.vn/?a=1&b=2">z</a>',
    "",
    "  \n ",
    "<b> </b>",
    "a" * 4097,
    "😀" * 2049,                          # 2,049 characters, 4,098 UTF-16 units
])
def test_refuses_what_telegram_would(text: str) -> None:
    assert problems(text)


@pytest.mark.parametrize("text", [
    "Xin chào",
    "<b>Thủ tục</b> &amp; <i>giấy tờ</i> &lt;1&gt; &quot;a&quot; &#39;b&#39;",
    '<a href="https://dichvucong.gov.vn/?ma=1.001193&amp;x=2">Cổng</a>',
    '<pre><code class="language-text">x</code></pre>',
    "a" * 4096,
    "😀" * 2048,
])
def test_accepts_what_telegram_accepts(text: str) -> None:
    assert problems(text) == []
