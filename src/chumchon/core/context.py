"""Who is acting: a signed-in person, another agency's system, or the system itself."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Literal

from chumchon.core.errors import Forbidden

ActorKind = Literal["user", "client", "system", "anonymous"]


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: str | None
    name: str
    organisation_id: uuid.UUID | None = None
    province_code: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    permissions: frozenset[str] = field(default_factory=frozenset)

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        """Services call this: the rule holds for the API, the CLI and background jobs alike."""
        if permission not in self.permissions:
            raise Forbidden(
                f"This needs the permission {permission}", code="forbidden.permission", permission=permission
            )

    @property
    def tenant_ids(self) -> frozenset[uuid.UUID] | None:
        """The organisations whose rows this actor may see; None means every one (system)."""
        if self.kind == "system":
            return None
        return frozenset({self.organisation_id}) if self.organisation_id else frozenset()


SYSTEM = Actor(kind="system", id=None, name="system")
ANONYMOUS = Actor(kind="anonymous", id=None, name="anonymous")


def system_actor(organisation_id: uuid.UUID | None = None, name: str = "system") -> Actor:
    return Actor(kind="system", id=None, name=name, organisation_id=organisation_id)
