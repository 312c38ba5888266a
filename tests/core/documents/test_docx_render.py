"""render_docx: strict about names, lenient about values."""

from __future__ import annotations

from datetime import date, datetime

import jinja2
import pytest

from bot.core.documents import document_filename, render_docx
from bot.core.documents.apology import ApologyValues, apology_context
from bot.core.documents.docx_render import clean_context
from tests.documents_read import all_text, open_docx

VALUES = ApologyValues(
    unit_name="UBND xã An Bình", citizen_name="Võ Thị Sáu", dossier_code="H33-0102",
    procedure_name="Cấp bản sao trích lục hộ tịch", received_at=datetime(2026, 4, 1, 14, 0),
    due_at=date(2026, 4, 3),
)


def test_a_value_the_template_names_but_the_caller_omits_is_an_error() -> None:
    context = apology_context(VALUES)
    del context["citizen_name"]
    with pytest.raises(jinja2.UndefinedError, match="citizen_name"):
        render_docx("apology_letter", context)


def test_the_file_is_named_by_the_callers_name_or_the_templates_pattern() -> None:
    context = apology_context(VALUES)
    assert render_docx("apology_letter", context, filename="thư xin lỗi.docx").filename \
        == "th-xin-l-i.docx"
    assert document_filename("apology_letter", context) == "xin-loi-gia-han-H33-0102.docx"


def test_strings_are_cleaned_through_nested_values() -> None:
    assert clean_context({"a": ["x\x00y", ("\x0bz",)], "b": 3, "c": None}) == {
        "a": ["xy", ["z"]], "b": 3, "c": None}
    context = apology_context(VALUES)
    context["recipients"] = ["Phòng\x00 Tư pháp", "Công an xã & <Đội 1>"]
    text = all_text(open_docx(render_docx("apology_letter", context).content))
    assert "- Phòng Tư pháp;" in text
    assert "- Công an xã & <Đội 1>;" in text
