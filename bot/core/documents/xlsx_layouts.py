"""Sheet layouts kept as text in templates/documents/<name>.toml.

A layout file holds what `xlsx.SheetLayout` holds, with every heading, title and note a
Jinja text (the documents' filters, StrictUndefined) filled from the caller's context:

    filename = "so-theo-doi-{{ period|yyyy }}.xlsx"   # the attachment's name
    sheet_name = "Sổ theo dõi hồ sơ"
    number_row = false                                 # and the other SheetLayout fields
    [[title]]                                          # TitleLine fields
    text = "SỔ THEO DÕI HỒ SƠ"
    bold = true
    [[columns]]                                        # Column fields
    key = "received_at"
    groups = ["Ngày, tháng, năm"]
    heading = "Nhận hồ sơ"
    number_format = "dd/mm/yyyy hh:mm"

A field the dataclasses do not have is an error, so a typo in a layout fails its test.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.core.documents.formatting import (
    DOCUMENT_TEMPLATES,
    document_toml,
    render_text,
    safe_filename,
)
from bot.core.documents.xlsx import Column, SheetLayout, TitleLine

_LINE_LISTS = ("title", "notes")


def load_layout(name: str, context: Mapping[str, object],
                templates_dir: Path = DOCUMENT_TEMPLATES) -> tuple[SheetLayout, str]:
    """The layout of templates_dir/<name>.toml filled with `context`, and the file name."""
    data = dict(document_toml(name, templates_dir))
    filename = safe_filename(render_text(data.pop("filename"), context))
    lines = {
        key: tuple(
            TitleLine(**{**line, "text": render_text(line["text"], context)})
            for line in data.pop(key, [])
        )
        for key in _LINE_LISTS
    }
    columns = tuple(_column(column, context) for column in data.pop("columns"))
    fields: dict[str, Any] = {**data, **lines, "columns": columns}
    for key in ("sheet_name", "totals_label"):
        if isinstance(fields.get(key), str):
            fields[key] = render_text(fields[key], context)
    return SheetLayout(**fields), filename


def _column(data: Mapping[str, Any], context: Mapping[str, object]) -> Column:
    fields = dict(data)
    fields["heading"] = render_text(fields["heading"], context)
    fields["groups"] = tuple(render_text(group, context) for group in fields.get("groups", ()))
    return Column(**fields)
