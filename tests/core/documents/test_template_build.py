"""The committed DOCX templates are exactly what scripts/build_document_templates.py builds.

A .docx diff cannot be reviewed, so the templates are built from text (the .toml specs and
bot/core/documents/admin_layout.py). This runs the script in a real process into a temporary
folder and compares text and structure (page setup, paragraphs with their formatting,
tables cell by cell), not zip bytes: a template edited by hand, or a spec changed without
rebuilding, fails here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.documents.formatting import DOCUMENT_TEMPLATES
from tests.documents_read import docx_outline

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "build_document_templates.py"
BUILT = sorted(p.stem for p in DOCUMENT_TEMPLATES.glob("*.docx"))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True,
                   capture_output=True, cwd=ROOT)
    return out


def test_the_script_builds_every_committed_template_and_no_other(fresh: Path) -> None:
    assert sorted(p.stem for p in fresh.glob("*.docx")) == BUILT
    assert BUILT  # the apology letter at least


@pytest.mark.parametrize("name", BUILT)
def test_committed_template_matches_a_fresh_build(fresh: Path, name: str) -> None:
    committed = (DOCUMENT_TEMPLATES / f"{name}.docx").read_bytes()
    rebuilt = (fresh / f"{name}.docx").read_bytes()
    assert docx_outline(committed) == docx_outline(rebuilt)


def test_the_comparison_sees_a_changed_word(fresh: Path, tmp_path: Path) -> None:
    spec = (DOCUMENT_TEMPLATES / "apology_letter.toml").read_text(encoding="utf-8")
    (tmp_path / "apology_letter.toml").write_text(
        spec.replace("thành thật xin lỗi", "xin lỗi"), encoding="utf-8")
    from bot.core.documents import admin_layout
    from bot.core.documents.formatting import common_words

    changed = admin_layout.build(admin_layout.load_spec(tmp_path / "apology_letter.toml"),
                                 common_words())
    assert docx_outline(changed) != docx_outline((fresh / "apology_letter.docx").read_bytes())


def test_a_rebuild_with_no_change_is_byte_identical(fresh: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True,
                   capture_output=True, cwd=ROOT)
    for name in BUILT:
        assert (tmp_path / f"{name}.docx").read_bytes() == (fresh / f"{name}.docx").read_bytes()



def test_a_spec_with_section_headings_and_no_parent_body(tmp_path: Path) -> None:
    """What a period report (issue 9) needs beyond the letter: headed sections."""
    from bot.core.documents import admin_layout
    from bot.core.documents.formatting import common_words
    from tests.documents_read import open_docx

    (tmp_path / "report.toml").write_text(
        'core_title = "Báo cáo"\nissuing_body = "{{ unit|upper }}"\nnumber = "{{ number }}"\n'
        'place_date = "{{ place }}, {{ day|official_date }}"\ntitle = ["BÁO CÁO"]\n'
        'body = [{ text = "I. TÌNH HÌNH TIẾP NHẬN" }, "Tiếp nhận {{ received|number }} hồ sơ.",'
        ' { text = "(Phần đánh giá do lãnh đạo viết)", bold = false, italic = true,'
        ' centered = true }]\n'
        'recipients = ["- Lưu: VT."]\nsignature = ["CHỦ TỊCH"]\nsigner_name = "{{ signer }}"\n',
        encoding="utf-8")
    spec = admin_layout.load_spec(tmp_path / "report.toml")
    document = open_docx(admin_layout.build(spec, common_words()))
    issuer = document.tables[0].cell(0, 0).paragraphs
    assert issuer[0].text == "{{ unit|upper }}" and issuer[0].runs[0].bold
    title, heading, running, note = (p for p in document.paragraphs if p.text)
    assert title.text == "BÁO CÁO"
    assert heading.text == "I. TÌNH HÌNH TIẾP NHẬN" and heading.runs[0].bold
    assert heading.paragraph_format.first_line_indent is None
    assert running.text == "Tiếp nhận {{ received|number }} hồ sơ."
    assert running.paragraph_format.first_line_indent is not None
    assert note.runs[0].italic and not note.runs[0].bold
