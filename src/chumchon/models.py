"""Every table, imported once so that Alembic and the mapper see the whole schema."""

from chumchon.areas.models import Organisation, Village  # noqa: F401
from chumchon.auth.models import MachineClient, Membership, RefreshToken, User  # noqa: F401
from chumchon.core.audit import AuditEntry  # noqa: F401
from chumchon.core.db import Base
from chumchon.core.outbox import OutboxEvent  # noqa: F401

metadata = Base.metadata
from chumchon.core.workflow import WorkflowEntry  # noqa: F401, E402
