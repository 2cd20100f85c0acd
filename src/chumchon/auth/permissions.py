"""Named permissions and the roles that hold them.

Services check permissions, never role names, so a role can change without touching them.
Every domain's permissions are declared here, in one list a reviewer can read.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    admin = "admin"            # ผู้ดูแลระบบ
    officer = "officer"        # นักพัฒนาชุมชน
    executive = "executive"    # ผู้บริหาร (นายก รองนายก ปลัด)
    finance = "finance"        # เจ้าหน้าที่การเงิน
    leader = "leader"          # ผู้นำชุมชน / กรรมการกลุ่ม
    viewer = "viewer"          # ผู้อ่านอย่างเดียว


class P(StrEnum):
    organisation_manage = "organisation:manage"
    users_manage = "users:manage"
    audit_read = "audit:read"
    areas_read = "areas:read"
    citizens_read = "citizens:read"
    citizens_write = "citizens:write"
    citizens_read_id = "citizens:read_id"      # the whole national ID, not the masked one
    sensitive_read = "sensitive:read"          # health data (HIV status): PDPA s.26
    allowances_read = "allowances:read"
    allowances_write = "allowances:write"
    allowances_approve = "allowances:approve"
    payroll_prepare = "payroll:prepare"
    payroll_approve = "payroll:approve"
    payroll_pay = "payroll:pay"
    groups_read = "groups:read"
    groups_write = "groups:write"
    groups_acknowledge = "groups:acknowledge"
    plans_read = "plans:read"
    plans_write = "plans:write"
    projects_read = "projects:read"
    projects_write = "projects:write"
    projects_approve = "projects:approve"
    disability_cards_read = "disability_cards:read"
    disability_cards_write = "disability_cards:write"
    disability_cards_decide = "disability_cards:decide"   # the provincial office
    imports_run = "imports:run"
    reports_read = "reports:read"
    outreach_write = "outreach:write"


_READ = {P.areas_read, P.citizens_read, P.allowances_read, P.groups_read, P.plans_read, P.projects_read,
         P.disability_cards_read, P.reports_read}
_OFFICER = _READ | {P.citizens_write, P.citizens_read_id, P.allowances_write, P.payroll_prepare, P.groups_write,
                    P.plans_write, P.projects_write, P.disability_cards_write, P.imports_run, P.outreach_write}

ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.admin: frozenset(_OFFICER | {P.organisation_manage, P.users_manage, P.audit_read}),
    Role.officer: frozenset(_OFFICER | {P.sensitive_read}),
    Role.executive: frozenset(_READ | {P.allowances_approve, P.payroll_approve, P.groups_acknowledge,
                                       P.projects_approve, P.sensitive_read, P.citizens_read_id}),
    # Finance has no sensitive:read: the one person who pays the HIV/AIDS allowance in cash is
    # given the officer role as well (PDPA: the fewest people see health data).
    Role.finance: frozenset(_READ | {P.payroll_prepare, P.payroll_pay, P.citizens_read_id}),
    Role.leader: frozenset({P.areas_read, P.groups_read, P.groups_write, P.plans_read, P.plans_write,
                            P.projects_read}),
    Role.viewer: frozenset(_READ),
}

# What another agency's system may be granted (client-credentials scopes).
CLIENT_SCOPES: frozenset[str] = frozenset({P.disability_cards_read, P.disability_cards_decide})


def permissions_for(roles: set[str] | frozenset[str] | list[str]) -> frozenset[str]:
    out: set[str] = set()
    for r in roles:
        out |= ROLE_PERMISSIONS.get(Role(r), frozenset()) if r in Role.__members__ else set()
    return frozenset(str(p) for p in out)
