"""Receipt codes as printed, and citizens' phone numbers as shown.

The code structure is the one of Thông tư 01/2018/TT-VPCP Điều 19 (read in secondary sources;
whether Thông tư 03/2025/TT-VPCP, which now regulates dossier codes, kept it is to be confirmed
against the official text): `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`, the unit's identifier code,
the date the dossier was received as YYMMDD, and the sequence number of that day. So
`000.00.53.H48-220921-0099` is unit 000.00.53.H48, 21/09/2022, number 99. Some systems re-code
dossiers with a 5-digit sequence, which is accepted.

The bot never makes up a code for a dossier from the provincial system: a code that does not
parse is kept exactly as printed, and the parsed date is only a hint (the file's received date
wins).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_CODE = re.compile(
    r"^(?P<agency>[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9A-Z]{2})"
    r"-(?P<date>\d{6})-(?P<seq>\d{4,5})$")
MAX_CODE = 64


@dataclass(frozen=True)
class ReceiptCode:
    agency: str
    received_on: dt.date
    sequence: int


def code_key(code: str) -> str:
    """What codes are compared by: upper case, no spaces (a citizen types `000.00.53.h48 -
    220921-0099` as well)."""
    return "".join(code.split()).upper()


def parse_code(code: str) -> ReceiptCode | None:
    """The parts of a standard code; None when it is not one (it is then kept verbatim)."""
    match = _CODE.match(code_key(code))
    if match is None:
        return None
    raw = match.group("date")
    try:
        day = dt.date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError:
        return None
    return ReceiptCode(match.group("agency"), day, int(match.group("seq")))


# Codes a unit printed in its own shape ("XH-2026/15", "HS2026001"): one token of letters,
# digits and . / - _ that is not a catalog procedure code ("1.001193" is searched as one).
_PLAIN = re.compile(r"[0-9A-Z][0-9A-Z./_-]{3,63}")
_PROCEDURE = re.compile(r"\d[.,]\d{6}")
_SEPARATORS = frozenset("./_-")


def looks_like_code(text: str) -> bool:
    """Whether a citizen's message is a receipt code rather than words to search for.

    A standard code is recognised however it is spaced or cased. Any other code must be one
    token (a search query has words) with digits in it: with a separator, 5+ characters and
    3+ digits ("XH-2026/15"); without, 6+ characters and 4+ digits ("HS2026001"), so a form
    name like "CT01" or a year is still searched. Only the shape is looked at, never the
    database, so what is taken for a code does not tell which codes exist.
    """
    text = text.strip()
    if not text or len(text) > 2 * MAX_CODE:
        return False
    if parse_code(text) is not None:
        return True
    key = code_key(text)
    if key != text.upper() or not _PLAIN.fullmatch(key) or _PROCEDURE.fullmatch(key):
        return False
    digits = sum(ch.isdigit() for ch in key)
    if _SEPARATORS & set(key):
        return len(key) >= 5 and digits >= 3
    return len(key) >= 6 and digits >= 4


def mask_phone(phone: str) -> str:
    """0912345678 -> 0912***678: enough to recognise a number, not to call it."""
    digits = [c for c in phone if c.isdigit()]
    if len(digits) < 7:
        return "***" if digits else ""
    return "".join(digits[:4]) + "***" + "".join(digits[-3:])
