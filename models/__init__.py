"""All tables, imported here so Alembic and `SQLModel.metadata` see every one."""

from models.conversation import Conversation
from models.delivery import SeenDelivery
from models.dossier import (
    OPEN_STATUSES,
    Dossier,
    DossierChange,
    DossierStatus,
    DossierSubscription,
    DossierSupplement,
    DossierUpload,
)
from models.feedback import FeedbackAction, FeedbackTicket, ServiceRating, ServiceRatingChange
from models.invite import Invite
from models.member_change import MemberChange
from models.notification import Notification, PlanningMark, SendPace
from models.procedure import ProcedureRecord, UnitProcedure
from models.procedure_rule import ProcedureRule
from models.rate_limit import RateCount
from models.report import (
    ApprovalRequest,
    CalendarOverride,
    DailyValue,
    PeriodLock,
    Submission,
    ValueChange,
)
from models.unit import Unit
from models.user import Role, User
from models.zalo import ZaloContact, ZaloToken

__all__ = [
    "OPEN_STATUSES",
    "ApprovalRequest",
    "CalendarOverride",
    "Conversation",
    "DailyValue",
    "Dossier",
    "DossierChange",
    "DossierStatus",
    "DossierSubscription",
    "DossierSupplement",
    "DossierUpload",
    "FeedbackAction",
    "FeedbackTicket",
    "Invite",
    "MemberChange",
    "Notification",
    "PeriodLock",
    "PlanningMark",
    "ProcedureRecord",
    "ProcedureRule",
    "RateCount",
    "Role",
    "SeenDelivery",
    "SendPace",
    "ServiceRating",
    "ServiceRatingChange",
    "Submission",
    "Unit",
    "UnitProcedure",
    "User",
    "ValueChange",
    "ZaloContact",
    "ZaloToken",
]
