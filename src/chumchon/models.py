"""Every table, imported once so that Alembic and the mapper see the whole schema."""

from chumchon.allowances.models import (  # noqa: F401
    Payroll,
    PayrollLine,
    ProgrammeSetting,
    Rate,
    Registration,
    RegistrationDocument,
    RegistrationWindow,
    Suspension,
)
from chumchon.areas.models import Organisation, Village  # noqa: F401
from chumchon.auth.models import MachineClient, Membership, RefreshToken, User  # noqa: F401
from chumchon.citizens.models import BankAccount, Citizen, Household, HouseholdMember  # noqa: F401
from chumchon.core.audit import AuditEntry  # noqa: F401
from chumchon.core.db import Base
from chumchon.core.idempotency import IdempotencyKey  # noqa: F401
from chumchon.core.outbox import OutboxEvent  # noqa: F401
from chumchon.disability_cards.models import (  # noqa: F401
    Batch,
    BatchItem,
    DisabilityCard,
    DisabilityCardRequest,
    RequestDocument,
)
from chumchon.groups.models import (  # noqa: F401
    CommitteeTerm,
    Group,
    GroupBankAccount,
    GroupBankSignatory,
    GroupEvaluation,
    GroupMember,
    LedgerEntry,
)
from chumchon.imports.models import ImportJob, ImportRow, StagedRow  # noqa: F401
from chumchon.integrations.models import WebhookCursor, WebhookDelivery, WebhookSubscription  # noqa: F401
from chumchon.plans.models import (  # noqa: F401
    CommunityPlan,
    PlanForum,
    PlanItem,
    PlanOption,
    PlanProblem,
    PlanProfile,
    PlanRanking,
    PlanTeamMember,
)
from chumchon.projects.models import (  # noqa: F401
    Attendance,
    BudgetLine,
    BudgetOverrun,
    Indicator,
    NeedsSurvey,
    Participant,
    ParticipantOutcome,
    Project,
    ProjectSession,
    ProposalVersion,
    Quota,
    SatisfactionResponse,
    Spending,
    Trainer,
)

metadata = Base.metadata
from chumchon.core.workflow import WorkflowEntry  # noqa: F401, E402
