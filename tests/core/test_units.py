"""Read-only unit snapshots: one small query per turn, and every change seen on the next read,
whichever process made it."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Engine, event, select
from sqlmodel import Session

from bot.core.people import create_unit
from bot.core.units import UnitDirectory
from bot.db import make_session_factory, transaction
from models import Role, Unit, UnitProcedure, User

_units = Unit.__table__  # type: ignore[attr-defined]


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def make_unit(engine: Engine, now: datetime) -> int:
    with transaction(make_session_factory(engine)) as session:
        unit = create_unit(session, code="xa", name="Trung tâm xã Hoà Bình", now=now)
        unit.address = "Số 1 đường Làng"
        session.flush()
        assert unit.id is not None
        return unit.id


def revision(engine: Engine, unit_id: int) -> int:
    with engine.connect() as connection:
        found = connection.execute(
            select(_units.c.revision).where(_units.c.id == unit_id)).scalar_one()
        return int(found)


def test_revision_changes_with_the_unit_and_its_procedure_settings(
    engine: Engine, now: datetime
) -> None:
    unit_id = make_unit(engine, now)
    sessions = make_session_factory(engine)
    first = revision(engine, unit_id)

    with transaction(sessions) as session:
        unit = session.get(Unit, unit_id)
        assert unit is not None
        unit.address = unit.address  # the same value: nothing changed
        session.add(User(channel="console", address="x", role=Role.CITIZEN.value,
                         created_at=now, last_seen_at=now))
    assert revision(engine, unit_id) == first

    with transaction(sessions) as session:
        unit = session.get(Unit, unit_id)
        assert unit is not None
        unit.opening_hours = "7:30–17:00"
    second = revision(engine, unit_id)
    assert second != first

    with transaction(sessions) as session:
        session.add(UnitProcedure(unit_id=unit_id, code="1.001193", hidden=True, updated_at=now))
    third = revision(engine, unit_id)
    assert third != second

    with transaction(sessions) as session:
        session.delete(session.scalars(select(UnitProcedure)).one())
    assert revision(engine, unit_id) != third


def test_a_view_is_built_once_and_rebuilt_after_any_change(engine: Engine, now: datetime) -> None:
    unit_id = make_unit(engine, now)
    units = UnitDirectory()
    with engine.begin() as connection, statements(engine) as seen:
        view = units.get(connection, unit_id)
        assert len(seen) == 3  # revision, row, settings
    assert view is not None and view.address == "Số 1 đường Làng" and not view.hidden

    with engine.begin() as connection, statements(engine) as seen:
        assert units.get(connection, unit_id) is view
        assert len(seen) == 1  # the revision only

    # Another process (its own sessions, its own cache) hides a procedure and moves.
    with transaction(make_session_factory(engine)) as session:
        unit = session.get(Unit, unit_id)
        assert unit is not None
        unit.address = "Số 9 đường Mới"
        session.add(UnitProcedure(unit_id=unit_id, code="2.000815", hidden=True,
                                  note="", updated_at=now))
    with engine.begin() as connection:
        changed = units.get(connection, unit_id)
        by_code = units.by_code(connection, "xa")
        only = units.only(connection)
    assert changed is not None and changed.address == "Số 9 đường Mới"
    assert changed.hidden == frozenset({"2.000815"})
    assert by_code is changed and only is changed


def test_a_change_rolled_back_is_not_kept(engine: Engine, now: datetime) -> None:
    unit_id = make_unit(engine, now)
    units = UnitDirectory()
    with engine.connect() as connection:
        outer = connection.begin()
        session = Session(bind=connection, join_transaction_mode="conditional_savepoint")
        unit = session.get(Unit, unit_id)
        assert unit is not None
        unit.name = "Tên chưa lưu"
        session.flush()
        seen_inside = units.get(connection, unit_id)
        outer.rollback()
        session.close()
    assert seen_inside is not None and seen_inside.name == "Tên chưa lưu"
    with engine.begin() as connection:
        after = units.get(connection, unit_id)
    assert after is not None and after.name == "Trung tâm xã Hoà Bình"


def test_no_unit_and_two_units(engine: Engine, now: datetime) -> None:
    units = UnitDirectory()
    with engine.begin() as connection:
        assert units.get(connection, 12345) is None
        assert units.by_code(connection, "none") is None
        assert units.only(connection) is None
    make_unit(engine, now)
    with transaction(make_session_factory(engine)) as session:
        create_unit(session, code="phuong", name="Trung tâm phường", now=now)
    with engine.begin() as connection:
        assert units.only(connection) is None  # two units: nobody is "the" unit
        found = units.by_code(connection, "phuong")
    assert found is not None and found.name == "Trung tâm phường"
