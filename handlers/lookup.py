"""Citizens find a procedure by typing what they need, and read its card."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.catalog import Procedure
from bot.core.catalog.documents_view import page_of
from bot.core.labels import distinct_labels, label
from bot.core.messages import Choice, Reply
from bot.core.procedures import CatalogSnapshot, answer_for_unit
from bot.core.search import Answer
from bot.core.units import UnitView
from handlers.base import Router, Turn, bounded_int, command_parts, payload_parts
from handlers.citizen_unit import citizen_unit
from handlers.procedure_view import card_context, unit_context
from models import Role

MAX_RESULTS = 3
CODE = re.compile(r"\b(\d)[.,](\d{6})\b")
# Messages too short or too generic to be a question about a procedure.
MIN_QUERY_LETTERS = 2


def _snapshot(turn: Turn) -> CatalogSnapshot:
    return turn.services.catalog.snapshot(turn.connection, turn.now)


def _hidden(turn: Turn) -> frozenset[str]:
    unit = citizen_unit(turn)
    return unit.hidden if unit is not None else frozenset()


def looks_like_a_question(turn: Turn) -> bool:
    letters = sum(ch.isalpha() for ch in turn.text)
    return letters >= MIN_QUERY_LETTERS or bool(CODE.search(turn.text))


def search_procedures(turn: Turn) -> list[Reply]:
    """Free text: the best matching procedures as buttons, or an honest 'not found'."""
    query = turn.text
    code = CODE.search(query)
    if code and len(query) <= 40:
        return show_code(turn, f"{code.group(1)}.{code.group(2)}")
    answer = answer_for_unit(_snapshot(turn), query, _hidden(turn), MAX_RESULTS)
    hits = answer.hits
    if answer.readings:
        return _ask_which_word(turn, query, answer)
    if answer.elsewhere is not None:
        topic = answer.elsewhere
        return [Reply("procedures/elsewhere", {
            "query": query, "title": topic.title, "where": topic.where, "link": topic.link,
            "basis": topic.basis, **unit_context(citizen_unit(turn)),
        })]
    if not hits:
        unit = citizen_unit(turn)
        return [Reply("procedures/not_found", {"query": query, **unit_context(unit)},
                      choices=_feedback(turn, ""))]
    if turn.conversation.data.get("last_query") != query:
        turn.conversation.data = {**turn.conversation.data, "last_query": query}
    labels = distinct_labels([hit.name for hit in hits])
    choices = tuple(
        Choice(text, f"proc:{hit.code}") for text, hit in zip(labels, hits, strict=True)
    )
    return [Reply("procedures/results", {"query": query, "hits": hits}, choices=choices)]


def _ask_which_word(turn: Turn, query: str, answer: Answer) -> list[Reply]:
    """Typed without diacritics, one word could be several ("thue": thuế or thuê): ask."""
    turn.conversation.data = {**turn.conversation.data, "readings": list(answer.rewritten)}
    choices = tuple(
        Choice(text, f"reading:{number}") for number, text in enumerate(answer.rewritten)
    )
    return [Reply("procedures/which_word", {
        "query": query, "word": answer.word, "readings": list(answer.readings),
    }, choices=choices)]


def pick_reading(turn: Turn) -> list[Reply]:
    """The citizen said which word they meant: search the question as they meant it."""
    readings = turn.conversation.data.get("readings") or []
    _, number = payload_parts(turn.msg.payload or "")
    if not number.isdigit() or int(number) >= len(readings):
        return [Reply("procedures/no_previous_results")]
    return search_procedures_for(turn, str(readings[int(number)]))


def open_procedure(turn: Turn) -> list[Reply]:
    """/thutuc CODE."""
    _, argument = command_parts(turn.text)
    code = CODE.search(argument)
    if code is None:
        return [Reply("procedures/ask_code", {"given": argument})]
    return show_code(turn, f"{code.group(1)}.{code.group(2)}")


def show_code(turn: Turn, code: str, unit: UnitView | None = None) -> list[Reply]:
    """The card as `unit` shows it (a QR code names its unit), else the citizen's center."""
    procedure = _snapshot(turn).visible(code)
    unit = unit or citizen_unit(turn)
    local = unit.settings.get(code) if unit is not None else None
    if procedure is not None and not (local and local.hidden):
        return _card(turn, procedure, local.note if local else "", unit)
    if procedure is not None:
        return [Reply("procedures/not_handled_here", {"code": code, "name": procedure.name,
                                                      **unit_context(unit)})]
    national = turn.services.catalog.national(code)
    if national is not None:
        return [Reply("procedures/other_level", {
            "code": code, "name": national.name, "level": national.level,
            "url": national.detail_url,
        })]
    return [Reply("procedures/unknown_code", {"code": code})]


def show_card(turn: Turn) -> list[Reply]:
    """Button under a result: the procedure card."""
    _, code = payload_parts(turn.msg.payload or "")
    return show_code(turn, code)


def _card(turn: Turn, procedure: Procedure, note: str, unit: UnitView | None
          ) -> list[Reply]:
    choices = [
        Choice(label("documents"), f"docs:{procedure.code}"),
        Choice(label("legal_basis"), f"legal:{procedure.code}"),
    ]
    choices += _feedback(turn, f":p:{procedure.code}")
    if turn.conversation.data.get("last_query"):
        choices.append(Choice(label("back_to_results"), "results"))
    context = card_context(procedure, unit, note)
    return [Reply("procedures/card", context, choices=tuple(choices))]


def _feedback(turn: Turn, target: str) -> tuple[Choice, ...]:
    """«Gửi phản ánh» for citizens (feedback_citizen.py); staff have their own /phananh."""
    if turn.role != Role.CITIZEN:
        return ()
    return (Choice(label("feedback_start"), f"pa_start{target}"),)


def show_documents(turn: Turn) -> list[Reply]:
    """The documents, a page at a time: long lists end with a button for the rest."""
    _, rest = payload_parts(turn.msg.payload or "")
    code, _, page_text = rest.partition(":")
    page = bounded_int(page_text, 0, 1000) if page_text else 0
    procedure = _snapshot(turn).visible(code)
    if procedure is None or page is None:
        return [Reply("procedures/unknown_code", {"code": code})]
    context = card_context(procedure, None, "")
    groups, more = page_of(context["document_groups"], page)
    choices = [Choice(label("back"), f"proc:{code}")]
    if more:
        choices.append(Choice(label("more_documents"), f"docs:{code}:{page + 1}"))
    return [Reply("procedures/documents", {**context, "document_groups": groups, "page": page,
                                           "more": more}, choices=tuple(choices))]


def show_legal_basis(turn: Turn) -> list[Reply]:
    return _detail(turn, "procedures/legal_basis")


def _detail(turn: Turn, template: str) -> list[Reply]:
    _, code = payload_parts(turn.msg.payload or "")
    procedure = _snapshot(turn).visible(code)
    if procedure is None:
        return [Reply("procedures/unknown_code", {"code": code})]
    back = (Choice(label("back"), f"proc:{code}"),)
    return [Reply(template, card_context(procedure, None, ""), choices=back)]


def back_to_results(turn: Turn) -> list[Reply]:
    query = turn.conversation.data.get("last_query")
    if not query:
        return [Reply("procedures/no_previous_results")]
    return search_procedures_for(turn, str(query))


def search_procedures_for(turn: Turn, query: str) -> list[Reply]:
    turn.msg = replace(turn.msg, text=query, payload=None)
    return search_procedures(turn)


def register(router: Router) -> None:
    router.command("thutuc", "tthc", "procedure")(open_procedure)
    router.payload("proc")(show_card)
    router.payload("docs")(show_documents)
    router.payload("legal")(show_legal_basis)
    router.payload("results", on_dialogue=True)(back_to_results)
    router.payload("reading", on_dialogue=True)(pick_reading)


def register_fallback(router: Router) -> None:
    """Last among free-text routes: anything else is taken as a search."""
    router.text(looks_like_a_question)(search_procedures)
