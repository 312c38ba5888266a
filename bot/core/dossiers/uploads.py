"""Files sent in chat, kept from the preview until the person confirms or cancels.

The file lives in the `dossier_upload` table, not in the conversation row (which stays small:
the upload's id and the preview's digest) and not in DATA_DIR (a confirmation may reach
another bot process than the preview did). A person has at most one waiting upload; it is
deleted when used or cancelled, and any upload older than the conversation lifetime
(CONVERSATION_TTL_HOURS) is deleted when anyone sends a new one.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath

from sqlalchemy import Connection, delete, insert, or_, select

from models import DossierUpload

_u = DossierUpload.__table__  # type: ignore[attr-defined]


def keep_upload(connection: Connection, *, unit_id: int, user_id: int, filename: str,
                content: bytes, now: dt.datetime, ttl: dt.timedelta) -> int:
    """Store the file; the person's earlier upload and everyone's expired ones go."""
    connection.execute(delete(_u).where(or_(_u.c.user_id == user_id,
                                            _u.c.created_at < now - ttl)))
    return int(connection.execute(insert(_u).values(
        unit_id=unit_id, user_id=user_id, filename=filename[:255], content=content,
        created_at=now).returning(_u.c.id)).scalar_one())


def find_upload(connection: Connection, upload_id: int, user_id: int
                ) -> tuple[str, bytes] | None:
    """(filename, content) of this person's upload, if it is still there."""
    row = connection.execute(select(_u.c.filename, _u.c.content).where(
        _u.c.id == upload_id, _u.c.user_id == user_id)).first()
    return (row.filename, bytes(row.content)) if row else None


def drop_upload(connection: Connection, upload_id: int) -> None:
    connection.execute(delete(_u).where(_u.c.id == upload_id))


@contextmanager
def as_file(filename: str, content: bytes) -> Iterator[Path]:
    """The bytes in a temporary file with the original suffix (the reader goes by it)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    with tempfile.TemporaryDirectory(prefix="motcua-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        yield path
