"""A procedure's documents as a citizen reads them: grouped, each once, the form first, in
pages short enough for a phone.

The portal lists documents per case ("Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở
hữu…") but interleaves the cases and repeats items; a card showed the same heading several
times. Here each case is one group, in the order it first appears (the group with the form
to fill in first, notes last); an item repeated in a group is shown once; the form itself
(tờ khai, đơn, phiếu, giấy đề nghị) comes first in its group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.catalog.model import Document
from bot.core.search.folding import fold

FORM_WORDS = ("to khai", "don ", "phieu ", "giay de nghi", "van ban de nghi", "mau ")
NOTE_TITLES = ("luu y", "ghi chu", "chu y")
PAGE_SIZE = 12  # items a message shows before "Xem tiếp"


@dataclass
class DocumentGroup:
    title: str
    items: list[dict[str, str]] = field(default_factory=list)


def _is_form(name: str) -> bool:
    return fold(name).startswith(FORM_WORDS)


def grouped(documents: Sequence[Document]) -> list[DocumentGroup]:
    groups: dict[str, DocumentGroup] = {}
    seen: set[tuple[str, str]] = set()
    for document in documents:
        title = (document.group or "").rstrip(":").strip()
        key = (title, fold(document.name))
        if key in seen:
            continue
        seen.add(key)
        groups.setdefault(title, DocumentGroup(title)).items.append({
            "name": document.name, "quantity": document.quantity or "",
            "template": document.template or "",
        })
    for group in groups.values():
        group.items.sort(key=lambda item: not _is_form(item["name"]))  # stable: forms first
    # The group holding the form to fill in first, notes ("Lưu ý") last.
    return sorted(groups.values(), key=lambda g: (
        not any(_is_form(item["name"]) for item in g.items),
        fold(g.title).startswith(NOTE_TITLES),
    ))


def page_of(groups: Sequence[DocumentGroup], page: int, size: int = PAGE_SIZE
            ) -> tuple[list[DocumentGroup], bool]:
    """The groups cut to items [page*size, (page+1)*size), and whether more follow."""
    start, end = page * size, (page + 1) * size
    shown: list[DocumentGroup] = []
    position = 0
    for group in groups:
        items = [item for i, item in enumerate(group.items, position) if start <= i < end]
        position += len(group.items)
        if items:
            shown.append(DocumentGroup(group.title, items))
    return shown, position > end
