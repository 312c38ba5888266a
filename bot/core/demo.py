"""The demo unit a newcomer gets from `motcua demo`: a center, a staff, a lead and a
province admin account, a few dossiers in its register (due today, overdue, waiting for a
supplement), one of whose codes the intro prints for a citizen to look up, one feedback
ticket from the demo citizen waiting for the staff to answer it with /phananh, and daily
figures for a closed period and the running one (bot/core/summaries/demo.py), beside a
neighbour unit of the same province."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.core.calendar_service import working_calendar
from bot.core.catalog import Procedure
from bot.core.dossiers import DossierOptions, list_dossiers, load_context
from bot.core.dossiers.actions import add_dossier
from bot.core.feedback import store as feedback_store
from bot.core.feedback.model import Timers, deadlines
from bot.core.people import create_invite, create_unit, find_unit
from bot.core.summaries.demo import seed_period
from bot.core.summaries.periods import PeriodScheme, period_containing, previous
from models import DossierStatus, Role, Unit, User

DEMO_UNIT = "demo"
DEMO_STAFF = "canbo"
DEMO_LEAD = "lanhdao"
DEMO_ADMIN = "quantri"
NEIGHBOUR_UNIT = "demo-hai"
DEMO_CITIZEN = "nguoidan"
DEMO_FEEDBACK = feedback_store.Draft(
    "conduct", "", "Tôi đến nộp hồ sơ lúc 10 giờ nhưng phải chờ hơn một tiếng mới được "
    "tiếp nhận, không có ai hướng dẫn lấy số thứ tự.", True, "0912345678")
# (procedure, working days before today it was received, due: "today" | "overdue" | None for
# the catalog's time, status)
DEMO_DOSSIERS = (
    ("1.004194", 3, "today", DossierStatus.IN_PROGRESS),  # Đăng ký tạm trú
    ("2.000908", 1, "today", DossierStatus.RECEIVED),  # Cấp bản sao từ sổ gốc
    ("1.004222", 9, "overdue", DossierStatus.IN_PROGRESS),  # Đăng ký thường trú
    ("1.004837", 2, None, DossierStatus.SUPPLEMENT),  # Đăng ký giám hộ
    ("1.011441", 1, None, DossierStatus.IN_PROGRESS),  # Đăng ký biện pháp bảo đảm
)


def _ensure_member(session: Session, address: str, role: Role, unit_id: int, now: datetime
                   ) -> User:
    user = session.exec(
        select(User).where(User.channel == "console", User.address == address)
    ).first()
    if user is None:
        user = User(channel="console", address=address, created_at=now, last_seen_at=now)
        session.add(user)
    user.role = role.value
    user.unit_id = unit_id
    user.sector = "xa"
    user.sectors = ["xa"]
    return user


def seed_demo(session: Session, now: datetime, invite_ttl: timedelta,
              options: DossierOptions | None = None,
              procedures: Mapping[str, Procedure] | None = None) -> dict[str, object]:
    """Idempotent: re-running keeps the unit, accounts and dossiers, and prints a fresh
    invite code."""
    unit = find_unit(session, DEMO_UNIT) or create_unit(
        session, code=DEMO_UNIT, name="Trung tâm Phục vụ hành chính công xã Demo",
        province="Tỉnh Demo", now=now,
    )
    assert unit.id is not None
    staff = _ensure_member(session, DEMO_STAFF, Role.STAFF, unit.id, now)
    lead = _ensure_member(session, DEMO_LEAD, Role.LEAD, unit.id, now)
    _ensure_member(session, DEMO_ADMIN, Role.ADMIN, unit.id, now)
    session.flush()
    code, _ = create_invite(session, unit, Role.STAFF, now, invite_ttl)
    overdue = dossier_code = ""
    if procedures:
        _seed_dossiers(session, unit.id, staff.id, now, options or DossierOptions(), procedures)
        # The one to try /xinloi on: late and not extended yet (a rerun may have used it).
        late = [v for v in list_dossiers(session.connection(), unit.id, status="overdue",
                                         now=now) if not v.extended]
        overdue = late[0].code if late else ""
        # One code for the intro, for a citizen to try /tracuu with.
        open_ones = list_dossiers(session.connection(), unit.id, status="open")
        dossier_code = open_ones[0].code if open_ones else ""
    _seed_period(session, unit, lead, now)
    feedback_code = _seed_feedback(session, unit.id, unit.timezone, now)
    return {
        "feedback_code": feedback_code,
        "unit_name": unit.name,
        "admin": DEMO_ADMIN,
        "closed_period": _closed_period(unit, now),
        "unit_code": unit.code,
        "staff": DEMO_STAFF,
        "lead": DEMO_LEAD,
        "citizen": DEMO_CITIZEN,
        "invite_code": code,
        "overdue_code": overdue,
        "today": now.astimezone(ZoneInfo(unit.timezone)).date(),
        "dossier_code": dossier_code,
    }


def _closed_period(unit: Unit, now: datetime) -> str:
    """The month period just closed, as a person types it after /baocao ("11/2026")."""
    scheme = PeriodScheme.stored(unit.report_cutoff_day)
    closed = previous(period_containing(scheme, now.astimezone(ZoneInfo(unit.timezone)).date()),
                      scheme)
    return f"{closed.number}/{closed.year}"


def _seed_period(session: Session, unit: Unit, lead: User, now: datetime) -> None:
    """Daily figures for a closed period and the running one, with a missing day and a
    broken identity; and a neighbour unit of the same province for /tonghop."""
    connection = session.connection()
    calendar = working_calendar(connection)
    neighbour = find_unit(session, NEIGHBOUR_UNIT) or create_unit(
        session, code=NEIGHBOUR_UNIT, name="Trung tâm Phục vụ hành chính công xã Demo Hai",
        province=unit.province, now=now)
    session.flush()
    assert unit.id is not None and neighbour.id is not None and lead.id is not None
    for row, flaws, seed in ((unit, True, 0), (neighbour, False, 3)):
        assert row.id is not None
        seed_period(connection, row.id, list(row.sectors), user_id=lead.id, now=now,
                    timezone=row.timezone, calendar=calendar, flaws=flaws, seed=seed)


def _seed_dossiers(session: Session, unit_id: int, staff_id: int | None, now: datetime,
                   options: DossierOptions, procedures: Mapping[str, Procedure]) -> None:
    """Dossiers dated around today, so the register has something due and something late."""
    connection = session.connection()
    if list_dossiers(connection, unit_id):
        return  # seeded before (the codes carry the date, so a rerun would add more)
    ctx = load_context(connection, unit_id, options, procedures)
    calendar, clock = ctx.clock.calendar, ctx.clock
    today = clock.local(now).date()
    workday = today if calendar.is_working_day(today) else calendar.next_working_day(today)
    for number, (procedure, days_ago, due, status) in enumerate(DEMO_DOSSIERS, start=1):
        received_on = calendar.add_working_days(workday, -days_ago)
        received = clock.at(received_on, time(9, 10 * number))
        due_at = {"today": clock.close(workday),
                  "overdue": clock.close(calendar.previous_working_day(workday))}.get(due or "")
        add_dossier(connection, ctx, code=f"000.00.99.X01-{received_on:%y%m%d}-{number:04d}",
                    procedure_code=procedure, received_at=received, due_at=due_at,
                    channel="direct", status=status, assignee_id=staff_id, now=now, by=None,
                    source="demo", citizen_name=f"Công dân Demo {number}",
                    citizen_phone=f"091234{number:04d}")


def _seed_feedback(session: Session, unit_id: int, timezone: str, now: datetime) -> str:
    """The demo citizen's one ticket (kept on a rerun): something for /phananh to list."""
    citizen = session.exec(select(User).where(User.channel == "console",
                                              User.address == DEMO_CITIZEN)).first()
    if citizen is None:
        citizen = User(channel="console", address=DEMO_CITIZEN, created_at=now,
                       last_seen_at=now)
        session.add(citizen)
        session.flush()
    assert citizen.id is not None
    connection = session.connection()
    mine = feedback_store.mine(connection, citizen.id, limit=1)
    if mine:
        return mine[0].code
    due = deadlines(now, Timers(), working_calendar(connection), ZoneInfo(timezone))
    return feedback_store.create(connection, unit_id, citizen.id, DEMO_FEEDBACK, None, now,
                                 due).code
