"""/linhvuc: browse procedures field by field, a page of buttons at a time."""

from __future__ import annotations

from bot.core.labels import distinct_labels, label, shorten
from bot.core.messages import Choice, Reply
from handlers.base import Router, Turn, bounded_int, payload_parts
from handlers.lookup import _hidden, _snapshot

PAGE = 8


def _page_choices(count: int, page: int, payload: str) -> list[Choice]:
    choices = []
    if page > 0:
        choices.append(Choice(label("previous_page"), f"{payload}:{page - 1}"))
    if (page + 1) * PAGE < count:
        choices.append(Choice(label("next_page"), f"{payload}:{page + 1}"))
    return choices


def list_fields(turn: Turn, page: int = 0) -> list[Reply]:
    """The fields that have procedures, most populated first."""
    fields = _snapshot(turn).fields
    page = max(0, min(page, (len(fields) - 1) // PAGE))
    shown = fields[page * PAGE:(page + 1) * PAGE]
    choices = [
        Choice(f"{shorten(f.field, 50)} ({f.count})", f"field:{page * PAGE + i}:0")
        for i, f in enumerate(shown)
    ]
    choices += _page_choices(len(fields), page, "fields")
    context = {"page": page + 1, "pages": (len(fields) + PAGE - 1) // PAGE, "total": len(fields)}
    return [Reply("procedures/fields", context, choices=tuple(choices))]


def show_fields(turn: Turn) -> list[Reply]:
    """/linhvuc."""
    return list_fields(turn)


def turn_fields_page(turn: Turn) -> list[Reply]:
    _, page = payload_parts(turn.msg.payload or "")
    return list_fields(turn, bounded_int(page) or 0)


def show_field(turn: Turn) -> list[Reply]:
    """A field's procedures as buttons; `field:INDEX:PAGE`."""
    _, rest = payload_parts(turn.msg.payload or "")
    index_text, _, page_text = rest.partition(":")
    snapshot = _snapshot(turn)
    index = bounded_int(index_text, high=len(snapshot.fields) - 1)
    if index is None:
        return list_fields(turn)  # the list changed since the button was shown
    page = bounded_int(page_text) or 0
    name = snapshot.fields[index].field
    hidden = _hidden(turn)
    procedures = [p for p in snapshot.by_field.get(name, []) if p.code not in hidden]
    page = max(0, min(page, max(0, (len(procedures) - 1) // PAGE)))
    shown = procedures[page * PAGE:(page + 1) * PAGE]
    labels = distinct_labels([p.name for p in shown])
    choices = [Choice(text, f"proc:{p.code}") for text, p in zip(labels, shown, strict=True)]
    choices += _page_choices(len(procedures), page, f"field:{index}")
    choices.append(Choice(label("all_fields"), "fields:0"))
    context = {
        "field": name, "count": len(procedures), "page": page + 1,
        "pages": max(1, (len(procedures) + PAGE - 1) // PAGE),
        "procedures": [{"code": p.code, "name": p.name} for p in shown],
    }
    return [Reply("procedures/field", context, choices=tuple(choices))]


def register(router: Router) -> None:
    router.command("linhvuc", "fields")(show_fields)
    router.payload("fields")(turn_fields_page)
    router.payload("field")(show_field)
