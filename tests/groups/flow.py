"""Helpers that walk a group through its formation, by the service or by the HTTP API.

Evidence is plain JSON (what a client sends), with explicit values, so the same builders
serve the engine and the API.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.auth.permissions import permissions_for
from chumchon.core.context import Actor
from chumchon.core.workflow import fire
from chumchon.groups.models import Group, GroupMember, GroupState
from chumchon.groups.workflow import FORMATION

S = GroupState

# The manual's path, each transition with the state it leads to.
MAIN_PATH: list[tuple[str, GroupState]] = [
    ("spread_idea", S.idea_spread),
    ("hold_forum", S.forum_held),
    ("found_group", S.founded),
    ("open_membership", S.membership_opened),
    ("select_committee", S.committee_selected),
    ("adopt_rules", S.rules_adopted),
    ("raise_fund", S.fund_raised),
    ("open_bank_account", S.bank_account_opened),
    ("evaluate", S.evaluated),
    ("submit_report", S.reported),
    ("acknowledge_report", S.active),
]

SOURCES: list[GroupState] = [S.proposed] + [target for _, target in MAIN_PATH[:-1]]


def actor_for(org: Organisation, *roles: str, name: str = "นางสาวพัฒนา ชุมชน") -> Actor:
    roles = roles or ("officer",)
    return Actor(kind="user", id=str(uuid.uuid4()), name=name, organisation_id=org.id, roles=frozenset(roles),
                 permissions=permissions_for(set(roles)))


def evidence(name: str, member_ids: Sequence[Any] = ()) -> tuple[dict[str, Any], str | None]:
    """Valid evidence (and the reason, for the moves that need one) for each transition."""
    m = [str(i) for i in member_ids]
    match name:
        case "spread_idea":
            return {"held_on": "2026-01-10", "method": "ประกาศหอกระจายข่าวและชี้แจงในการประชุมหมู่บ้าน",
                    "people_reached": 120}, None
        case "hold_forum":
            return {"held_on": "2026-01-20", "place": "ศาลาประชาคมบ้านหนองบัว หมู่ที่ 3",
                    "attendees": [{"full_name": f"ผู้เข้าร่วม {i}"} for i in range(1, 13)],
                    "minutes": "ที่ประชุมเห็นชอบให้จัดตั้งกลุ่มแม่บ้านทอผ้า"}, None
        case "found_group":
            return {"name": "กลุ่มแม่บ้านทอผ้าบ้านหนองบัว", "kind": "housewives",
                    "purpose": "ทอผ้าไหมจำหน่ายเพื่อเพิ่มรายได้ครัวเรือน", "founded_on": "2026-02-01"}, None
        case "open_membership":
            return {"members": [{"full_name": f"สมาชิก {i}", "joined_on": "2026-02-01"} for i in range(1, 8)]}, None
        case "select_committee":
            return {"selected_on": "2026-02-10", "term_start": "2026-02-15", "term_end": "2028-02-14",
                    "seats": [{"position": "chair", "member_id": m[0]}, {"position": "treasurer", "member_id": m[1]},
                              {"position": "secretary", "member_id": m[2]}]}, None
        case "committee_resigns":
            return {"resigned_on": "2026-02-25"}, "คณะกรรมการลาออกทั้งคณะก่อนรับรองระเบียบ"
        case "adopt_rules":
            return {"adopted_on": "2026-03-01", "rules_text": "ข้อ 1 สมาชิกต้องฝากเงินสัจจะทุกเดือน"}, None
        case "raise_fund":
            return {"contributions": [
                {"member_id": m[0], "amount": "100.00", "paid_on": "2026-03-05", "reference": "001"},
                {"member_id": m[1], "amount": "250.50", "paid_on": "2026-03-05", "reference": "002"},
            ]}, None
        case "open_bank_account":
            return {"bank_code": "030", "bank_name": "ธนาคารออมสิน", "branch": "จัตุรัส",
                    "account_name": "กลุ่มแม่บ้านทอผ้าบ้านหนองบัว", "account_number": "0201234567",
                    "opened_on": "2026-03-10", "signatory_member_ids": [m[0], m[1]]}, None
        case "evaluate":
            return {"visited_on": "2026-03-20", "findings": "สมาชิกประชุมทุกเดือน บัญชีเป็นปัจจุบัน", "score": 4,
                    "support_given": "อบรมการทำบัญชี"}, None
        case "submit_report":
            return {"reported_on": "2026-04-01", "title": "รายงานผลการจัดตั้งกลุ่มแม่บ้านทอผ้า",
                    "summary": "จัดตั้งครบ 9 ขั้นตอน สมาชิก 7 คน ทุน 350.50 บาท"}, None
        case "return_report":
            return {}, "ขอให้แนบรายชื่อสมาชิกเพิ่ม"
        case "acknowledge_report":
            return {"acknowledged_on": "2026-04-05", "comment": "รับทราบ"}, None
        case "dissolve":
            return {"dissolved_on": "2027-01-31"}, "สมาชิกมีมติยุบเลิกกลุ่ม"
    raise KeyError(name)


async def member_ids(session: AsyncSession, group: Group) -> list[uuid.UUID]:
    rows = await session.execute(select(GroupMember.id).where(GroupMember.group_id == group.id,
                                                              GroupMember.left_on.is_(None))
                                 .order_by(GroupMember.full_name))
    return list(rows.scalars())


async def fire_valid(session: AsyncSession, group: Group, name: str, actor: Actor) -> None:
    ev, note = evidence(name, await member_ids(session, group))
    await fire(session, FORMATION, group, name, actor, evidence=ev, note=note)


async def walk(session: AsyncSession, group: Group, until: GroupState, actor: Actor) -> None:
    """Take the real steps (by the engine) until the group is at `until`."""
    if until == S.dissolved:
        await fire_valid(session, group, "dissolve", actor)
        return
    for source, (name, _target) in zip(SOURCES, MAIN_PATH, strict=True):
        if group.state == until:
            break
        if group.state != source:
            continue
        await fire_valid(session, group, name, actor)
    assert group.state == until


# --- the same through HTTP ---------------------------------------------------------------------


async def api_member_ids(client: httpx.AsyncClient, headers: dict[str, str], group_id: str) -> list[str]:
    r = await client.get(f"/api/v1/groups/{group_id}/members", params={"sort": "full_name", "active": True},
                         headers=headers)
    assert r.status_code == 200, r.text
    return [m["id"] for m in r.json()["items"]]


async def api_fire(client: httpx.AsyncClient, headers: dict[str, str], group_id: str, name: str,
                   evidence_: dict[str, Any] | None = None, note: str | None = None) -> httpx.Response:
    if evidence_ is None:
        evidence_, note = evidence(name, await api_member_ids(client, headers, group_id))
    body: dict[str, Any] = {"evidence": evidence_}
    if note is not None:
        body["note"] = note
    return await client.post(f"/api/v1/groups/{group_id}/workflow/{name}", json=body, headers=headers)


async def api_walk(client: httpx.AsyncClient, officer: dict[str, str], executive: dict[str, str], group_id: str,
                   until: GroupState) -> dict[str, Any]:
    view: dict[str, Any] = {}
    state = (await client.get(f"/api/v1/groups/{group_id}", headers=officer)).json()["state"]
    for source, (name, target) in zip(SOURCES, MAIN_PATH, strict=True):
        if state == until:
            break
        if state != source:
            continue
        headers = executive if name == "acknowledge_report" else officer
        r = await api_fire(client, headers, group_id, name)
        assert r.status_code == 200, (name, r.text)
        view = r.json()
        state = view["state"]
        assert state == target
    assert state == until
    return view
