"""The apology letter for a dossier that will be late, as a DOCX.

Form: "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", Mẫu 04 of Phụ lục I,
Thông tư 03/2025/TT-VPCP (15/9/2025). Verified: the form's number and name (research
dossier §2.2, thuviennhadat.vn's list of the seven forms of Phụ lục I). NOT verified: its
official layout and wording, which the stored copies of the circular did not include. So:

- The layout is the administrative one of Nghị định 30/2020/NĐ-CP Phụ lục I
  (admin_layout.py), on A4. The predecessor forms of TT 01/2018 were printed on A5; whether
  TT 03/2025 keeps A5 is not known, and A4 is what NĐ 30 prescribes for administrative texts.
- The fields are the research's proposal (dossier §2.3): issuing body (parent body and
  unit), number, place and date, the title in the form's name, "Kính gửi:" the citizen, the
  date received, the dossier code, the procedure, the appointment date, the reason, the
  apology, the proposed new date, the signature block and "Nơi nhận". The same content the
  rule behind the form asks for, as quoted for its predecessor (NĐ 61/2018, news of
  08/06/2018): "gửi văn bản xin lỗi tổ chức, cá nhân, trong đó ghi rõ lý do quá hạn, thời
  gian đề nghị gia hạn trả kết quả". The article of NĐ 118/2025/NĐ-CP that carries the rule
  today was not read, so none is cited.
- The wording is ours (templates/documents/apology_letter.toml). Someone must compare it
  with the official Mẫu 04 and change that file, then rebuild the template.

Values the caller does not have stay dotted blanks ("……") for the lead to fill in Word: the
number, the date of issue, the reason, the new date, the signer. Nothing is invented. The
desk records the new appointment and the apology itself (issue 8); this module only prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.core.documents.docx_render import render_docx
from bot.core.documents.formatting import DEFAULT_TIMEZONE, to_local
from bot.core.messages import Attachment

TEMPLATE = "apology_letter"


@dataclass(frozen=True)
class ApologyValues:
    """What the letter says. Datetimes may be aware (converted to `timezone`) or naive
    local; `due_at`/`new_due_at` may be a date when the appointment has no time of day.

    `signer_authority` is the ND 30 authority prefix line, e.g. "KT. GIÁM ĐỐC" (omitted when
    None); `signer_title` the position, e.g. "PHÓ GIÁM ĐỐC". `recipients` are extra
    "Nơi nhận" lines after "Như trên" (without the dash and semicolon); `archive` the
    drafting unit's abbreviation after "Lưu: VT,".
    """

    unit_name: str
    citizen_name: str
    dossier_code: str
    procedure_name: str
    received_at: datetime | date
    due_at: datetime | date
    new_due_at: datetime | date | None = None
    reason: str | None = None
    parent_body: str | None = None
    place_name: str | None = None
    number: str | None = None
    issued_on: date | None = None
    signer_authority: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: tuple[str, ...] = ()
    archive: str | None = None
    timezone: str = DEFAULT_TIMEZONE


def _local(value: datetime | date | None, timezone: str) -> datetime | date | None:
    return to_local(value, timezone) if isinstance(value, datetime) else value


def apology_context(values: ApologyValues) -> dict[str, object]:
    """The template's values: every field, times in the unit's wall clock."""
    tz = values.timezone
    return {
        "unit_name": values.unit_name,
        "citizen_name": values.citizen_name,
        "dossier_code": values.dossier_code,
        "procedure_name": values.procedure_name,
        "received_at": _local(values.received_at, tz),
        "due_at": _local(values.due_at, tz),
        "new_due_at": _local(values.new_due_at, tz),
        "reason": values.reason,
        "parent_body": values.parent_body,
        "place_name": values.place_name,
        "number": values.number,
        "issued_on": values.issued_on,
        "signer_authority": values.signer_authority,
        "signer_title": values.signer_title,
        "signer_name": values.signer_name,
        "recipients": [line.strip().strip("-;. ") for line in values.recipients if line.strip()],
        "archive": values.archive,
    }


def apology_letter(values: ApologyValues) -> Attachment:
    """The letter as a DOCX attachment, named after the dossier code (the `filename`
    pattern of apology_letter.toml)."""
    return render_docx(TEMPLATE, apology_context(values))
