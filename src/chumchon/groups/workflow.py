"""Forming a community group: the manual's ten steps (1.9), declared for the step engine.

Each step's evidence is a Pydantic model; the steps that bring a group's records into being
(members, committee, fund, bank account, first visit) write them from that evidence, so the
history shows exactly what was recorded. Guards see the evidence only when a step is fired;
when the view asks whether a button is open (no evidence yet) they answer for the state alone.

Step 10 is two moves: the officer submits the report, an executive acknowledges it (or sends
it back with a reason). Going back is its own transition: the committee may resign before the
rules are adopted. A group may be dissolved from any state once its fund is empty.
"""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from chumchon.auth.permissions import P
from chumchon.core.workflow import Context, Listing, NoEvidence, Process, State, Step, Transition
from chumchon.groups import service
from chumchon.groups.models import (
    KINDS,
    SINGLE_SEATS,
    STATE_LABELS,
    STATE_RANK,
    CommitteePosition,
    GroupKind,
    GroupState,
    LedgerKind,
    TermEnd,
)
from chumchon.groups.schemas import Baht, EvaluationCreate, LedgerEntryCreate, MemberCreate

# --- evidence of each step ---------------------------------------------------------------------


class _Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SpreadIdeaEvidence(_Evidence):
    """Step 1: spread knowledge and understanding of the idea."""

    held_on: date = Field(..., description="Date of the activity", examples=["2026-01-10"])
    method: str = Field(..., min_length=1, max_length=500, description="How the idea was spread",
                        examples=["ประกาศหอกระจายข่าวและชี้แจงในการประชุมประจำเดือนหมู่บ้าน"])
    people_reached: int = Field(..., ge=1, description="About how many people heard it", examples=[120])


class Attendee(_Evidence):
    full_name: str = Field(..., min_length=1, max_length=200, examples=["นางสมศรี ใจดี"])
    citizen_id: uuid.UUID | None = Field(None, description="The person in the citizen register, when known")


class HoldForumEvidence(_Evidence):
    """Step 2: gather the interested people and hold a forum (ประชาคม)."""

    held_on: date = Field(..., examples=["2026-01-20"])
    place: str = Field(..., min_length=1, max_length=300, examples=["ศาลาประชาคมบ้านหนองบัว หมู่ที่ 3"])
    attendees: list[Attendee] = Field(..., min_length=1, description="The attendance list")
    minutes: str = Field(..., min_length=1, max_length=20000, description="The minutes of the forum")
    attachment_id: uuid.UUID | None = Field(None, description="A stored scan of the signed attendance sheet")


class FoundGroupEvidence(_Evidence):
    """Step 3: found the group; its name, kind and purpose become the group's."""

    name: str = Field(..., min_length=1, max_length=200, examples=["กลุ่มแม่บ้านทอผ้าบ้านหนองบัว"])
    kind: GroupKind = Field(..., examples=["housewives"])
    purpose: str = Field(..., min_length=1, max_length=2000, examples=["ทอผ้าไหมจำหน่ายเพื่อเพิ่มรายได้"])
    founded_on: date = Field(..., examples=["2026-02-01"])


class OpenMembershipEvidence(_Evidence):
    """Step 4: open membership; the members listed are recorded."""

    members: list[MemberCreate] = Field(..., min_length=1, description="The founding members")


class Seat(_Evidence):
    position: CommitteePosition = Field(..., examples=["chair"])
    member_id: uuid.UUID = Field(..., description="A member of the group (see GET …/members)")


class SelectCommitteeEvidence(_Evidence):
    """Step 5: select the executive committee; each seat goes to a member for the term."""

    selected_on: date = Field(..., description="Date of the meeting that chose the committee")
    term_start: date = Field(..., examples=["2026-02-15"])
    term_end: date = Field(..., examples=["2028-02-14"])
    seats: list[Seat] = Field(..., min_length=2)

    @model_validator(mode="after")
    def _seats(self) -> SelectCommitteeEvidence:
        if self.term_end <= self.term_start:
            raise ValueError("term_end must be after term_start")
        positions = [s.position for s in self.seats]
        for p in SINGLE_SEATS:
            if positions.count(p) > 1:
                raise ValueError(f"only one {p.value}")
        # The fund (step 7) needs someone to keep it, and the group someone to lead it.
        for p in (CommitteePosition.chair, CommitteePosition.treasurer):
            if p not in positions:
                raise ValueError(f"the committee needs a {p.value}")
        members = [s.member_id for s in self.seats]
        if len(set(members)) != len(members):
            raise ValueError("a member holds one seat")
        return self


class AdoptRulesEvidence(_Evidence):
    """Step 6: the group's rules (ระเบียบข้อตกลง), as text or an attached file."""

    adopted_on: date = Field(..., examples=["2026-03-01"])
    rules_text: str | None = Field(None, min_length=1, max_length=50000)
    attachment_id: uuid.UUID | None = Field(None, description="A stored file of the signed rules")

    @model_validator(mode="after")
    def _text_or_file(self) -> AdoptRulesEvidence:
        if self.rules_text is None and self.attachment_id is None:
            raise ValueError("give the rules as rules_text or attachment_id")
        return self


class Contribution(_Evidence):
    member_id: uuid.UUID | None = Field(None, description="The member who paid in")
    amount: Baht
    paid_on: date = Field(..., examples=["2026-03-05"])
    description: str = Field("เงินสมทบแรกเข้า", min_length=1, max_length=500)
    reference: str | None = Field(None, max_length=100, description="Receipt number")


class RaiseFundEvidence(_Evidence):
    """Step 7: raise the group's fund; each contribution is booked in the ledger."""

    contributions: list[Contribution] = Field(..., min_length=1)


class OpenBankAccountEvidence(_Evidence):
    """Step 8: open a bank account; the signatories must sit on the committee."""

    bank_code: str | None = Field(None, pattern=r"^\d{3}$", description="Thai bank code", examples=["030"])
    bank_name: str = Field(..., min_length=1, max_length=100, examples=["ธนาคารออมสิน"])
    branch: str = Field(..., min_length=1, max_length=100, examples=["จัตุรัส"])
    account_name: str = Field(..., min_length=1, max_length=200, examples=["กลุ่มแม่บ้านทอผ้าบ้านหนองบัว"])
    account_number: str = Field(..., pattern=r"^\d{10,15}$", examples=["0201234567"])
    opened_on: date = Field(..., examples=["2026-03-10"])
    # No statute; two signatures are the usual bank practice for a group, and one person
    # alone signing defeats the purpose of a committee.
    signatory_member_ids: list[uuid.UUID] = Field(..., min_length=2)

    @field_validator("signatory_member_ids")
    @classmethod
    def _distinct(cls, v: list[uuid.UUID]) -> list[uuid.UUID]:
        if len(set(v)) != len(v):
            raise ValueError("a signatory is listed twice")
        return v


class EvaluateEvidence(EvaluationCreate):
    """Step 9: follow up, support and evaluate: the visit is recorded."""


class SubmitReportEvidence(_Evidence):
    """Step 10: the report to the executives (ผู้บริหาร)."""

    reported_on: date = Field(..., examples=["2026-04-01"])
    title: str = Field(..., min_length=1, max_length=300, examples=["รายงานผลการจัดตั้งกลุ่มแม่บ้านทอผ้า"])
    summary: str = Field(..., min_length=1, max_length=20000)
    attachment_id: uuid.UUID | None = Field(None, description="A stored file of the signed report")


class AcknowledgeReportEvidence(_Evidence):
    """Step 10: an executive acknowledges the report; the group is formed."""

    acknowledged_on: date = Field(..., examples=["2026-04-05"])
    comment: str | None = Field(None, max_length=2000, examples=["รับทราบ ให้ติดตามต่อเนื่องทุกไตรมาส"])


class CommitteeResignsEvidence(_Evidence):
    resigned_on: date = Field(..., examples=["2026-02-25"])


class DissolveEvidence(_Evidence):
    dissolved_on: date = Field(..., examples=["2027-01-31"])
    resolution: str | None = Field(None, max_length=2000, description="The members' resolution, if any")


# --- guards: a reason code when the step may not be taken --------------------------------------


async def _enough_members(ctx: Context) -> str | None:
    if not isinstance(ctx.evidence, OpenMembershipEvidence):
        return None
    have = await service.count_active_members(ctx.session, ctx.subject.id)
    if have + len(ctx.evidence.members) < KINDS[GroupKind(ctx.subject.kind)].min_members:
        return "groups.too_few_members"
    return None


async def _seats_are_members(ctx: Context) -> str | None:
    if not isinstance(ctx.evidence, SelectCommitteeEvidence):
        return None
    missing = await service.not_members(ctx.session, ctx.subject, [s.member_id for s in ctx.evidence.seats])
    return "groups.committee_not_member" if missing else None


async def _contributors_are_members(ctx: Context) -> str | None:
    if not isinstance(ctx.evidence, RaiseFundEvidence):
        return None
    ids = [c.member_id for c in ctx.evidence.contributions if c.member_id is not None]
    return "groups.member_unknown" if ids and await service.not_members(ctx.session, ctx.subject, ids) else None


async def _signatories_on_committee(ctx: Context) -> str | None:
    if not isinstance(ctx.evidence, OpenBankAccountEvidence):
        return None
    seated = {t.member_id for t in await service.current_committee(ctx.session, ctx.subject.id)}
    if any(m not in seated for m in ctx.evidence.signatory_member_ids):
        return "groups.signatory_not_committee"
    return None


async def _fund_empty(ctx: Context) -> str | None:
    return "groups.fund_not_empty" if ctx.subject.fund_balance > 0 else None


# --- effects: what each step records ----------------------------------------------------------


async def _found(ctx: Context) -> None:
    e = ctx.evidence
    assert isinstance(e, FoundGroupEvidence)
    g = ctx.subject
    g.name, g.kind, g.purpose, g.founded_on = e.name, e.kind.value, e.purpose, e.founded_on


async def _record_members(ctx: Context) -> None:
    assert isinstance(ctx.evidence, OpenMembershipEvidence)
    await service.add_members(ctx.session, ctx.subject, ctx.evidence.members)


async def _seat_committee(ctx: Context) -> None:
    e = ctx.evidence
    assert isinstance(e, SelectCommitteeEvidence)
    await service.start_terms(ctx.session, ctx.subject, [(s.position, s.member_id) for s in e.seats],
                              e.term_start, e.term_end)


async def _committee_resigns(ctx: Context) -> None:
    assert isinstance(ctx.evidence, CommitteeResignsEvidence)
    await service.end_open_terms(ctx.session, ctx.subject, ctx.evidence.resigned_on, TermEnd.resigned)


async def _book_fund(ctx: Context) -> None:
    assert isinstance(ctx.evidence, RaiseFundEvidence)
    await service.post_entries(ctx.session, ctx.subject, [
        LedgerEntryCreate(kind=LedgerKind.contribution, amount=c.amount, entry_date=c.paid_on, member_id=c.member_id,
                          description=c.description, reference=c.reference)
        for c in ctx.evidence.contributions
    ])


async def _open_account(ctx: Context) -> None:
    e = ctx.evidence
    assert isinstance(e, OpenBankAccountEvidence)
    await service.open_bank_account(ctx.session, ctx.subject, signatory_member_ids=e.signatory_member_ids,
                                    **e.model_dump(exclude={"signatory_member_ids"}))


async def _record_visit(ctx: Context) -> None:
    assert isinstance(ctx.evidence, EvaluateEvidence)
    ctx.session.add(service.new_evaluation(ctx.subject, ctx.actor, ctx.evidence))


async def _formed(ctx: Context) -> None:
    assert isinstance(ctx.evidence, AcknowledgeReportEvidence)
    ctx.subject.formed_on = ctx.evidence.acknowledged_on


async def _dissolve(ctx: Context) -> None:
    e = ctx.evidence
    assert isinstance(e, DissolveEvidence)
    g = ctx.subject
    g.dissolved_on = e.dissolved_on
    await service.end_open_terms(ctx.session, g, e.dissolved_on, TermEnd.dissolved)
    for m in await service.active_members(ctx.session, g.id):
        m.left_on = max(e.dissolved_on, m.joined_on)
        m.leave_reason = "กลุ่มยุบเลิก"
    await service.close_bank_accounts(ctx.session, g, e.dissolved_on)


# --- the process -----------------------------------------------------------------------------

S = GroupState


def _state(s: GroupState, *, terminal: bool = False) -> State:
    label_th, label_en = STATE_LABELS[s]
    return State(s.value, label_th, label_en, rank=STATE_RANK[s.value], terminal=terminal)


def _t(name: str, sources: set[GroupState], target: GroupState, label_th: str, label_en: str, *,
       permission: str = P.groups_write, **kw: object) -> Transition:
    return Transition(name=name, sources=frozenset(s.value for s in sources), target=target.value,
                      permission=str(permission), label_th=label_th, label_en=label_en, **kw)  # type: ignore[arg-type]


TRANSITIONS = (
    _t("spread_idea", {S.proposed}, S.idea_spread, "เผยแพร่ความรู้ความเข้าใจแนวคิด",
       "Spread knowledge and understanding of the idea", evidence=SpreadIdeaEvidence),
    _t("hold_forum", {S.idea_spread}, S.forum_held, "รวบรวมผู้สนใจและจัดเวทีประชาคม",
       "Gather the interested people and hold a forum", evidence=HoldForumEvidence),
    _t("found_group", {S.forum_held}, S.founded, "ก่อตั้งกลุ่ม", "Found the group",
       evidence=FoundGroupEvidence, effect=_found),
    _t("open_membership", {S.founded}, S.membership_opened, "เปิดรับสมาชิก", "Open membership",
       evidence=OpenMembershipEvidence, guards=(_enough_members,), effect=_record_members),
    _t("select_committee", {S.membership_opened}, S.committee_selected, "คัดเลือกคณะกรรมการบริหาร",
       "Select the executive committee", evidence=SelectCommitteeEvidence, guards=(_seats_are_members,),
       effect=_seat_committee),
    _t("committee_resigns", {S.committee_selected}, S.membership_opened,
       "คณะกรรมการลาออกก่อนรับรองระเบียบ คัดเลือกใหม่", "The committee resigns before the rules are adopted",
       evidence=CommitteeResignsEvidence, effect=_committee_resigns, kind="back", requires_note=True,
       event="group.step_reverted"),
    _t("adopt_rules", {S.committee_selected}, S.rules_adopted, "ร่างระเบียบข้อตกลงของกลุ่ม",
       "Draft and adopt the group's rules", evidence=AdoptRulesEvidence),
    _t("raise_fund", {S.rules_adopted}, S.fund_raised, "ระดมทุนของกลุ่ม", "Raise the group's fund",
       evidence=RaiseFundEvidence, guards=(_contributors_are_members,), effect=_book_fund),
    _t("open_bank_account", {S.fund_raised}, S.bank_account_opened, "เปิดบัญชีธนาคาร", "Open a bank account",
       evidence=OpenBankAccountEvidence, guards=(_signatories_on_committee,), effect=_open_account),
    _t("evaluate", {S.bank_account_opened}, S.evaluated, "ติดตาม สนับสนุน และประเมินผล",
       "Follow up, support and evaluate", evidence=EvaluateEvidence, effect=_record_visit),
    _t("submit_report", {S.evaluated}, S.reported, "รายงานผลต่อผู้บริหาร", "Report to the executives",
       evidence=SubmitReportEvidence),
    _t("return_report", {S.reported}, S.evaluated, "ผู้บริหารส่งรายงานกลับให้แก้ไข",
       "An executive sends the report back", permission=P.groups_acknowledge, evidence=NoEvidence,
       kind="back", requires_note=True, event="group.step_reverted"),
    _t("acknowledge_report", {S.reported}, S.active, "ผู้บริหารรับทราบรายงาน",
       "An executive acknowledges the report", permission=P.groups_acknowledge,
       evidence=AcknowledgeReportEvidence, effect=_formed, event="group.formed"),
    _t("dissolve", set(GroupState) - {S.dissolved}, S.dissolved, "ยุบเลิกกลุ่ม", "Dissolve the group",
       evidence=DissolveEvidence, guards=(_fund_empty,), effect=_dissolve, kind="branch", requires_note=True,
       event="group.dissolved"),
)

STEPS = (
    Step("spread_idea", "spread_idea", "1. เผยแพร่ความรู้ความเข้าใจแนวคิด", "1. Spread the idea"),
    Step("forum", "hold_forum", "2. รวบรวมผู้สนใจและจัดเวทีประชาคม", "2. Gather people and hold a forum"),
    Step("found", "found_group", "3. ก่อตั้งกลุ่ม", "3. Found the group"),
    Step("membership", "open_membership", "4. เปิดรับสมาชิก", "4. Open membership"),
    Step("committee", "select_committee", "5. คัดเลือกคณะกรรมการบริหาร", "5. Select the executive committee"),
    Step("rules", "adopt_rules", "6. ร่างระเบียบข้อตกลงของกลุ่ม", "6. Draft the group's rules"),
    Step("fund", "raise_fund", "7. ระดมทุนของกลุ่ม", "7. Raise the group's fund"),
    Step("bank_account", "open_bank_account", "8. เปิดบัญชีธนาคาร", "8. Open a bank account"),
    Step("evaluation", "evaluate", "9. ติดตาม สนับสนุน และประเมินผล", "9. Follow up, support and evaluate"),
    Step("report", "acknowledge_report", "10. รายงานผู้บริหาร", "10. Report to the executives"),
)

FORMATION = Process(
    name="group_formation",
    subject_type="group",
    states=[_state(s, terminal=s == S.dissolved) for s in GroupState],
    initial=S.proposed.value,
    transitions=TRANSITIONS,
    steps=STEPS,
    listing=Listing(link="/groups/{id}", read_permission=P.groups_read),
)
