"""Parse the portal's flattened table cells into structured values.

The national portal flattens its HTML tables without separators, so a row boundary is only
known where the text shape makes it certain. Anything uncertain stays None, with the raw text
kept next to it: a card may show less, never a made-up deadline or fee.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bot.core.catalog.model import Channel, ChannelOption, Document, DurationUnit, LegalDoc

CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
NO_INFO = "Không có thông tin"

_CHANNELS: dict[str, Channel] = {
    "Trực tuyến": "online",
    "Trực tiếp": "direct",
    "Dịch vụ bưu chính": "postal",
}
# A channel label starts a row only when a time cell follows (a digit or "Không…");
# descriptions say "Trực tiếp: nộp…" or "trực tiếp tại…", which must not split.
_ROW_START = re.compile(r"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=\d|Không)")
_UNITS: dict[str, DurationUnit] = {
    "Ngày làm việc": "working_day",
    "Ngày": "day",
    "Giờ làm việc": "hour",
    "Giờ": "hour",
}
_TIME = re.compile(r"(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Ngày|Giờ làm việc|Giờ)?")
_TIME_TEXT = re.compile(r"Không quy định|Không có thông tin|Không phải trả kết quả[^A-ZĐ]*|Không")
_CURRENCY = r"\s*(?:VNĐ|Việt Nam Đồng|Đồng|đồng|USD)"
_FEE = re.compile(r"Miễn phí|Không có thông tin|\d[\d.,]*" + _CURRENCY)
_AMOUNT_AFTER_NUMBER = re.compile(_CURRENCY)

# The quantity cell is glued to the row text ("…theo mẫu.1 bản chính"); quantities written
# inside a sentence ("nộp 02 bản chính", "(01 bản chính") are not row ends.
_QUANTITY = re.compile(r"(?<![(\d])(?<!nộp )(?<!: )(\d) bản chính(?:,\s*(\d+) bản sao)?")
_TEMPLATE_EXT = re.compile(r"\.(?:docx?|pdf|xlsx?|rtf|odt)$", re.IGNORECASE)

# A legal number: 123/2015/NĐ-CP, 47/2014/QH13, 66.16/2026/NQ-CP. Titles and numbers are glued
# ("…NĐ-CPNghị định…", "…TT-BCAngày…"), so the suffix ends where a title word, a lowercase
# word, the next number or a non-letter starts.
_DATE_END = re.compile(r"\d{1,2}/\d{1,2}/\d{4}$")
_LOWER = "a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
_UPPER = "A-Z" + _LOWER[3:].upper()
_TITLE_START = (
    "Luật|Nghị|Thông|Quyết|Văn|Công|Hướng|Quy|Sửa|Về|Bộ|Chỉ|Pháp|Hiến|Lệnh|Ban|Mẫu|Hợp|"
    "LUẬT|NGHỊ|THÔNG|QUYẾT|QUY|VĂN|BỘ"
)
_LEGAL_NUMBER = re.compile(
    rf"\d{{1,4}}(?:\.\d+)?/\d{{4}}/(?:QH\d{{2}}|[{_UPPER}]+?(?:-[{_UPPER}0-9]+?)*g?)"
    rf"(?=$|[^\w-]|\d+(?:\.\d+)?/\d{{4}}/|{_TITLE_START}|[{_LOWER}])"
)


def normalize_text(value: Any) -> str:
    """NFC, no stray spaces at line ends: the portal mixes composed and decomposed forms."""
    text = unicodedata.normalize("NFC", str(value or ""))
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _paren_group(text: str, start: int) -> int:
    """End index (exclusive) of the balanced parenthesis group opening at `start`, or -1."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _parse_channel_row(channel: Channel, body: str, raw: str) -> ChannelOption:
    value: float | None = None
    unit: DurationUnit | None = None
    pos = 0
    time = _TIME.match(body)
    if time:
        pos = time.end()
        if time.group(2) is None and _AMOUNT_AFTER_NUMBER.match(body, pos):
            # "120 VNĐ": is it 1 day + 20 VNĐ or no time + 120 VNĐ? Unknowable, keep raw only.
            return ChannelOption(channel, None, None, None, body.strip(), raw)
        value = float(time.group(1).replace(",", "."))
        unit = _UNITS.get(time.group(2) or "")
    else:
        text_time = _TIME_TEXT.match(body)
        if text_time is None:
            return ChannelOption(channel, None, None, None, body.strip(), raw)
        pos = text_time.end()
        # "Không có thông tin" may be the time cell with the fee following, or vice versa.
        if text_time.group(0) == NO_INFO and not _FEE.match(body, pos):
            pos = 0
    fee = _FEE.match(body, pos)
    if fee is None:
        return ChannelOption(channel, value, unit, None, body[pos:].strip(), raw)
    fee_text: str | None = None if fee.group(0) == NO_INFO else fee.group(0)
    pos = fee.end()
    if pos < len(body) and body[pos] == "(":
        end = _paren_group(body, pos)
        if end > 0:
            note = body[pos + 1 : end - 1].strip()
            if fee_text is not None and note:
                fee_text = f"{fee_text} ({note})"
            pos = end
    return ChannelOption(channel, value, unit, fee_text, body[pos:].strip(), raw)


def parse_channels(text: str) -> tuple[ChannelOption, ...]:
    """Rows of the "Cách thức thực hiện" cell, in source order; () when nothing parses."""
    text = unicodedata.normalize("NFC", text or "")
    if text.startswith(CHANNEL_HEADER):
        text = text[len(CHANNEL_HEADER) :]
    starts = list(_ROW_START.finditer(text))
    rows = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        body = text[match.end() : end]
        rows.append(_parse_channel_row(_CHANNELS[match.group(1)], body, text[match.start() : end]))
    return tuple(rows)


def _split_template(text: str) -> tuple[str, str | None]:
    """Split "name" + "form file.docx" when a punctuation mark makes the boundary certain."""
    ext = _TEMPLATE_EXT.search(text)
    if ext is None:
        return text, None
    # Walk back from the extension to the nearest ";", ":", ")" or sentence end before it;
    # give up past 60 characters: file names are short, a long stem means a guessed boundary.
    for i in range(ext.start(), max(ext.start() - 60, 1) - 1, -1):
        before, here = text[i - 1], text[i]
        sentence_end = before == "." and text[i - 2].islower() and here not in ".)"
        if before in ";:" or (before in ")]" and here not in ".)") or sentence_end:
            stem = text[i:].lstrip(". ")
            if stem.count("(") == stem.count(")") and not _TEMPLATE_EXT.fullmatch(stem):
                name = text[:i].strip()
                return (name, stem) if name else (text, None)
    return text, None


def _quantity_text(original: str, copies: str | None) -> str | None:
    parts = []
    if original != "0":
        parts.append(f"{original} bản chính")
    if copies and copies != "0":
        parts.append(f"{copies} bản sao")
    return ", ".join(parts) or None


def parse_documents(text: str) -> tuple[Document, ...]:
    """Rows of "Thành phần hồ sơ"; a heading before a table becomes each row's `group`."""
    text = unicodedata.normalize("NFC", text or "")
    sections = text.split(DOCUMENT_HEADER)
    documents: list[Document] = []
    group: str | None = None
    for index, section in enumerate(sections):
        if index == 0:
            group = section.strip(" -*\n") or None
            continue
        pos = 0
        rows = list(_QUANTITY.finditer(section))
        for match in rows:
            cell = section[pos : match.start()].strip()
            pos = match.end()
            if not cell:
                continue
            name, template = _split_template(cell)
            quantity = _quantity_text(match.group(1), match.group(2))
            documents.append(Document(name.strip(" -+;"), quantity, template, group))
        tail = section[pos:]
        # Text after the last row of a table is the heading of the next table.
        group = tail.strip(" -*\n") or None if index + 1 < len(sections) else None
        if index + 1 == len(sections) and tail.strip():
            documents.append(Document(tail.strip(" -+;"), None, None, None))
    return tuple(documents)


def _number_start(body: str, start: int, end: int) -> int | None:
    """Where a legal number glued to digits really starts, if the text makes it certain."""
    if start == 0 or not body[start - 1].isdigit():
        return start
    lead = len(body[start:end].split("/")[0].split(".")[0])
    for cut in range(start, start + lead):
        before, number = body[:cut], body[cut:end]
        # Certain only after the same number written in the title, or after a full date.
        if before.endswith(number) or _DATE_END.search(before):
            return cut
    return None


def parse_legal_basis(text: str) -> tuple[LegalDoc, ...]:
    """Rows of "Căn cứ pháp lý". A number only ends a row when glued to the next title."""
    text = unicodedata.normalize("NFC", text or "").strip()
    if not text.startswith(LEGAL_HEADER):
        return ()
    body = text[len(LEGAL_HEADER) :]
    docs: list[LegalDoc] = []
    pos = 0
    for match in _LEGAL_NUMBER.finditer(body):
        after = body[match.end() : match.end() + 1]
        if after and (after.isspace() or after.isdigit() or after in ",;)"):
            continue  # the number is quoted inside a title, e.g. "số 95/2024/NĐ-CP ngày…"
        start = _number_start(body, match.start(), match.end())
        if start is None:
            continue  # "năm 201335/2013/QH13": where the number starts is unknowable
        name = body[pos:start].strip(" ;,")
        pos = match.end()
        docs.append(LegalDoc(name or body[start : match.end()], body[start : match.end()]))
    rest = body[pos:].strip()
    if rest:
        docs.append(LegalDoc(rest, None))
    return tuple(docs)


def parse_result(text: str) -> str:
    """The "Kết quả" cell without the portal's page chrome ("Mã: KQ…", agency picker…)."""
    text = normalize_text(text)
    cut = re.search(r"Mã: KQ|Từ khóa|Chọn cơ quan thực hiện", text)
    return (text[: cut.start()] if cut else text).strip()
