"""Render a DOCX template of templates/documents/ with plain values (docxtpl).

The template is a .docx whose text holds Jinja tags (built by
scripts/build_document_templates.py); docxtpl renders the document XML as a Jinja template.
Two things make that safe for any value a person typed:

- autoescape: `&`, `<`, `>` in a value become XML entities. Without it a `<` in a reason
  would break the XML, and docxtpl parses the result with lxml's `recover=True`, which
  silently drops what it cannot read: text would vanish without an error.
- characters XML cannot hold (a pasted \\x0b, \\x00) are removed from every string first.

Missing values are errors (`StrictUndefined`), never blanks: a template that names a value
the caller did not pass fails loudly. A value the caller passes as None is the caller's
way of saying "unknown", and the `blank` filter prints it as a dotted blank.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

from bot.core.documents import formatting
from bot.core.messages import Attachment

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@cache
def document_environment() -> jinja2.Environment:
    """The Jinja environment of every DOCX template: autoescaped XML, StrictUndefined, and
    the documents' filters (formatting.FILTERS: blank, day, clock, has_time, number,
    sentence, official_date, dd, mm, yyyy)."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(formatting.FILTERS)
    return env


def clean_context(value: object) -> object:
    """Every string in `value` (through dicts, lists and tuples) made XML-safe."""
    if isinstance(value, str):
        return formatting.xml_safe(value)
    if isinstance(value, Mapping):
        return {key: clean_context(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_context(item) for item in value]
    return value


def document_filename(template_name: str, context: Mapping[str, object],
                      templates_dir: Path = formatting.DOCUMENT_TEMPLATES) -> str:
    """The `filename` pattern of templates_dir/<template_name>.toml filled with `context`,
    reduced to safe ASCII characters (formatting.safe_filename)."""
    pattern = formatting.document_toml(template_name, templates_dir)["filename"]
    return formatting.safe_filename(formatting.render_text(pattern, context))


def render_docx(
    template_name: str,
    context: Mapping[str, object],
    filename: str | None = None,
    templates_dir: Path = formatting.DOCUMENT_TEMPLATES,
) -> Attachment:
    """templates_dir/<template_name>.docx rendered with `context`, as an attachment named
    `filename`, or else by the `filename` pattern of the template's .toml; either way
    reduced to safe ASCII characters."""
    if filename is None:
        filename = document_filename(template_name, context, templates_dir)
    template = DocxTemplate(str(templates_dir / f"{template_name}.docx"))
    cleaned = clean_context(dict(context))
    template.render(cleaned, jinja_env=document_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return Attachment(
        filename=formatting.safe_filename(filename),
        content=out.getvalue(),
        mime_type=DOCX_MIME,
    )
