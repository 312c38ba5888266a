"""0006 keeps what people had: a staff member's sector becomes their reporting sectors, an
invite's sector its sectors, and each stored figure learns which submission set it."""

from datetime import UTC, datetime

from sqlalchemy import Engine, text

from bot.db import upgrade

NOW = datetime(2025, 3, 14, 2, 0, tzinfo=UTC).replace(tzinfo=None).isoformat(sep=" ")


def test_existing_rows_are_carried_over(database_url: str) -> None:
    from bot.db import make_engine

    engine: Engine = make_engine(database_url)
    upgrade(engine, "0003")
    with engine.begin() as c:
        c.execute(text("INSERT INTO unit (id, code, name, province, timezone, sectors, address, "
                       "phone, opening_hours, created_at) VALUES (1, 'hb', 'HB', '', "
                       "'Asia/Ho_Chi_Minh', '[\"xa\", \"ca\"]', '', '', '', :t)"), {"t": NOW})
        c.execute(text('INSERT INTO "user" (id, channel, address, display_name, role, unit_id, '
                       "sector, created_at, last_seen_at) VALUES "
                       "(1, 'console', 'an', 'An', 'staff', 1, 'ca', :t, :t), "
                       "(2, 'console', 'lead', '', 'lead', 1, NULL, :t, :t)"), {"t": NOW})
        c.execute(text("INSERT INTO invite (code_hash, unit_id, role, sector, created_at, "
                       "expires_at) VALUES ('h', 1, 'staff', 'xa', :t, :t)"), {"t": NOW})
        c.execute(text("INSERT INTO submission (id, unit_id, day, sector, user_id, source, "
                       "created_at) VALUES (1, 1, '2025-03-14', 'ca', 1, 'line', :t), "
                       "(2, 1, '2025-03-14', 'ca', 2, 'line', :t), "
                       "(3, 1, '2025-03-14', 'ca', 1, 'undo', :t)"), {"t": NOW})
        c.execute(text("INSERT INTO value_change (submission_id, element, old_value, new_value) "
                       "VALUES (1, 'tt', NULL, 5), (1, 'tiep', NULL, 2), (2, 'tt', 5, 7), "
                       "(3, 'tt', 7, 5)"))
        c.execute(text("INSERT INTO daily_value (unit_id, day, sector, element, value, "
                       "updated_by, updated_at) VALUES (1, '2025-03-14', 'ca', 'tt', 5, 1, :t), "
                       "(1, '2025-03-14', 'ca', 'tiep', 2, 1, :t)"), {"t": NOW})
    upgrade(engine)
    with engine.connect() as c:
        users = c.execute(text('SELECT address, sector, sectors FROM "user" ORDER BY id')).all()
        invite = c.execute(text("SELECT sectors, revoked_at FROM invite")).one()
        figures = dict(c.execute(text("SELECT element, submission_id FROM daily_value")).all())
    assert [(a, s, _json(v)) for a, s, v in users] == [("an", "ca", ["ca"]), ("lead", None, [])]
    assert _json(invite[0]) == ["xa"] and invite[1] is None
    # tt went 5 -> 7 (lead) -> 5 (undo): the value 5 is the staff's line, submission 1.
    assert figures == {"tt": 1, "tiep": 1}
    engine.dispose()


def _json(value: object) -> object:
    import json

    return json.loads(value) if isinstance(value, str) else value
