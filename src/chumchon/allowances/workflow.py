"""The two processes of the allowances domain, declared for the step engine.

Registration (the manual's flow chart, completed from the regulations, rules.md §1-§3):
documents received → recorded and request form printed → verified → approved / rejected
→ active ⇄ suspended → ended (died, moved away, waived, no longer eligible).

Payroll: draft → checked → approved → exported → paid / partly failed.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, cast, select

from chumchon.allowances import payroll as payrolls
from chumchon.allowances import service
from chumchon.allowances.models import Payroll, Registration, Suspension
from chumchon.allowances.programmes import SENSITIVE, add_months, last_paid_month, month_start, programme, thai_month
from chumchon.allowances.schemas import (
    ApproveEvidence,
    EndEvidence,
    ExportEvidence,
    PaidEvidence,
    RecordEvidence,
    RejectEvidence,
    ResumeEvidence,
    SuspendEvidence,
    VerifyEvidence,
)
from chumchon.auth.permissions import P
from chumchon.core.errors import Invalid
from chumchon.citizens.models import Citizen
from chumchon.core.workflow import Context, Listing, Process, State, Step, Transition

# --- registration: guards ----------------------------------------------------------------------------


async def _documents_complete(ctx: Context) -> str | None:
    reg: Registration = ctx.subject
    docs = {d.kind: d for d in (await service.documents_of(ctx.session, [reg.id]))[reg.id]}
    missing = [k for k in service.required_documents(reg) if not (docs.get(k.value) and docs[k.value].received)]
    return "allowance.documents_missing" if missing else None


async def _consent_recorded(ctx: Context) -> str | None:
    # The intake already refuses without it; this holds for registrations that came another
    # way (an import from the previous system) before any of their data is worked on.
    return "allowance.consent_missing" if service.consent_missing(ctx.subject) else None


async def _eligible_now(ctx: Context) -> str | None:
    """Verification: the registry and what the officer found (other welfare, income).
    Without evidence (the workflow view asking whether the step is open) the registry alone."""
    ev = ctx.evidence
    if not isinstance(ev, VerifyEvidence):
        return service.first_failure(await service.eligibility(ctx.session, ctx.actor, ctx.subject,
                                                               on=service.today()))
    checks = await service.eligibility(ctx.session, ctx.actor, ctx.subject, on=ev.checked_on,
                                       other_welfare=[w.value for w in ev.other_welfare],
                                       annual_income=ev.annual_income)
    return service.first_failure(checks)


async def _still_eligible(ctx: Context) -> str | None:
    """Approval looks again: the registry may have changed since verification."""
    on = ctx.evidence.approved_on if isinstance(ctx.evidence, ApproveEvidence) else service.today()
    return service.first_failure(await service.eligibility(ctx.session, ctx.actor, ctx.subject, on=on))


async def _started(ctx: Context) -> str | None:
    reg: Registration = ctx.subject
    if reg.start_month is None or reg.start_month > month_start(service.today()):
        return "allowance.not_started"
    return None


async def _card_valid_on_resume(ctx: Context) -> str | None:
    reg: Registration = ctx.subject
    if not programme(reg.programme).needs_card:
        return None
    ev = ctx.evidence
    if isinstance(ev, ResumeEvidence):
        expires = ev.disability_card_expires_on or reg.disability_card_expires_on
        first_paid = month_start(ev.from_month)
    else:
        expires, first_paid = reg.disability_card_expires_on, month_start(service.today())
    if expires is not None and expires < first_paid:
        return "allowance.card_expired"
    return None


async def _suspend_after_start(ctx: Context) -> str | None:
    reg: Registration = ctx.subject
    ev = ctx.evidence
    if not isinstance(ev, SuspendEvidence):
        return None
    if reg.start_month is not None and month_start(ev.from_month) < reg.start_month:
        return "allowance.before_start"
    return None


# --- registration: effects -----------------------------------------------------------------------------


async def _on_record(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, RecordEvidence)
    ctx.subject.request_no = ev.request_no


async def _on_verify(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, VerifyEvidence)
    reg: Registration = ctx.subject
    reg.other_welfare = [w.value for w in ev.other_welfare]
    reg.annual_income = ev.annual_income
    reg.verified_on = ev.checked_on


async def _on_approve(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, ApproveEvidence)
    reg: Registration = ctx.subject
    reg.approved_on = ev.approved_on
    reg.start_month = await service.start_month_for(ctx.session, ctx.actor, reg)


async def _open_suspension(ctx: Context) -> Suspension | None:
    return (await ctx.session.execute(
        select(Suspension).where(Suspension.registration_id == ctx.subject.id, Suspension.until_month.is_(None))
    )).scalar_one_or_none()


async def _on_suspend(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, SuspendEvidence)
    # Named, not stamped from the session's actor: the system suspends with no one signed in.
    ctx.session.add(Suspension(organisation_id=ctx.subject.organisation_id, registration_id=ctx.subject.id,
                               from_month=month_start(ev.from_month),
                               reason=ev.reason.value, note=ctx.note))


async def _on_resume(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, ResumeEvidence)
    reg: Registration = ctx.subject
    open_ = await _open_suspension(ctx)
    if open_ is not None:
        first_paid = month_start(ev.from_month)
        if first_paid < open_.from_month:
            raise Invalid("Payment cannot resume before the suspension began", code="allowance.resume_before_suspend",
                          errors=[{"field": "evidence.from_month", "code": "allowance.resume_before_suspend",
                                   "message": open_.from_month.isoformat()}])
        open_.until_month = add_months(first_paid, -1)
    if ev.disability_card_no:
        reg.disability_card_no = ev.disability_card_no
    if ev.disability_card_expires_on:
        reg.disability_card_expires_on = ev.disability_card_expires_on


async def _on_end(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, EndEvidence)
    reg: Registration = ctx.subject
    settings = await service.effective_settings(ctx.session, reg.programme)
    last = month_start(ev.last_month) if ev.last_month else last_paid_month(
        ev.reason, ev.event_date, death_month_paid=settings.death_month_paid,
        move_paid_through=settings.move_paid_through)
    reg.end_month = last
    reg.ended_on = ev.event_date
    reg.end_reason = ev.reason.value
    open_ = await _open_suspension(ctx)
    if open_ is not None:
        open_.until_month = max(open_.from_month, last)


# Lists across processes name a registration "person · programme" and a payroll "programme month":
# the SQL gives both parts, these put them into words.
def _registration_label(value: str, lang: str) -> str:
    name, code = value.rsplit("|", 1)
    prog = programme(code)
    return f"{name} · {prog.label_th if lang == 'th' else prog.label_en}"


def _payroll_label(value: str, lang: str) -> str:
    code, month = value.split("|", 1)
    prog, first = programme(code), date.fromisoformat(month[:10])
    return f"{prog.label_th} {thai_month(first)}" if lang == "th" else f"{prog.label_en}, {first:%B %Y}"


REGISTRATION = Process(
    name="allowance_registration",
    subject_type="allowance_registration",
    initial="documents_received",
    states=[
        State("documents_received", "รับเอกสารแล้ว", "Documents received", 0),
        State("recorded", "บันทึกข้อมูลและพิมพ์แบบคำขอแล้ว", "Recorded, request form printed", 1),
        State("verified", "ตรวจสอบคุณสมบัติแล้ว", "Eligibility verified", 2),
        State("approved", "อนุมัติแล้ว รอเริ่มจ่าย", "Approved, payment not started", 3),
        State("rejected", "ไม่อนุมัติ", "Rejected", 3, terminal=True),
        State("active", "ได้รับเบี้ยยังชีพ", "Receiving the allowance", 4),
        State("suspended", "ระงับการจ่ายชั่วคราว", "Payment suspended", 4),
        State("ended", "สิ้นสุดสิทธิ", "Right ended", 5, terminal=True),
    ],
    transitions=[
        Transition("record", frozenset({"documents_received"}), "recorded", P.allowances_write,
                   "บันทึกข้อมูลและพิมพ์แบบคำขอ", "Record the request and print its form",
                   evidence=RecordEvidence, guards=(_documents_complete, _consent_recorded), effect=_on_record),
        Transition("verify", frozenset({"recorded"}), "verified", P.allowances_write,
                   "ตรวจสอบคุณสมบัติ", "Verify eligibility", evidence=VerifyEvidence, guards=(_eligible_now,),
                   effect=_on_verify),
        Transition("return_for_correction", frozenset({"recorded", "verified"}), "documents_received",
                   P.allowances_write, "ส่งกลับแก้ไข", "Send back for correction", kind="back", requires_note=True),
        Transition("approve", frozenset({"verified"}), "approved", P.allowances_approve,
                   "อนุมัติ", "Approve", evidence=ApproveEvidence, guards=(_still_eligible,), effect=_on_approve,
                   event="allowance_registration.approved"),
        Transition("reject", frozenset({"documents_received", "recorded", "verified"}), "rejected",
                   P.allowances_approve, "ไม่อนุมัติ", "Reject", evidence=RejectEvidence, kind="branch",
                   requires_note=True, event="allowance_registration.rejected"),
        Transition("activate", frozenset({"approved"}), "active", P.allowances_write,
                   "เริ่มจ่ายเบี้ยยังชีพ", "Start payment", guards=(_started,)),
        Transition("suspend", frozenset({"active"}), "suspended", P.allowances_write,
                   "ระงับการจ่ายชั่วคราว", "Suspend payment", evidence=SuspendEvidence,
                   guards=(_suspend_after_start,), effect=_on_suspend, kind="branch", requires_note=True),
        Transition("resume", frozenset({"suspended"}), "active", P.allowances_write,
                   "จ่ายต่อ", "Resume payment", evidence=ResumeEvidence, guards=(_card_valid_on_resume,),
                   effect=_on_resume),
        Transition("end", frozenset({"approved", "active", "suspended"}), "ended", P.allowances_write,
                   "สิ้นสุดสิทธิ", "End the right", evidence=EndEvidence, effect=_on_end, kind="branch",
                   requires_note=True, event="allowance_registration.ended"),
    ],
    steps=[
        Step("record", "record", "บันทึกข้อมูลและพิมพ์แบบคำขอ", "Record and print the request"),
        Step("verify", "verify", "ตรวจสอบคุณสมบัติ", "Verify eligibility"),
        Step("approve", "approve", "อนุมัติ", "Approve"),
        Step("activate", "activate", "เริ่มจ่าย", "Start payment"),
    ],
    listing=Listing(
        link="/allowances/registrations/{id}", read_permission=P.allowances_read,
        title=select(Citizen.title + Citizen.first_name + " " + Citizen.last_name + "|" + Registration.programme)
        .where(Citizen.id == Registration.citizen_id).correlate(Registration).scalar_subquery(),
        label=_registration_label, sensitive=Registration.programme.in_(SENSITIVE),
    ),
)


# --- payroll -----------------------------------------------------------------------------------------------------


async def _not_empty(ctx: Context) -> str | None:
    return "payroll.empty" if ctx.subject.line_count == 0 else None


async def _lines_still_payable(ctx: Context) -> str | None:
    return await payrolls.first_unpayable_line(ctx.session, ctx.subject)


async def _payer_ready(ctx: Context) -> str | None:
    return await payrolls.export_refusal(ctx.session, ctx.subject)


async def _no_failed_lines(ctx: Context) -> str | None:
    return "payroll.has_failed_lines" if await payrolls.failed_count(ctx.session, ctx.subject.id) else None


async def _has_failed_lines(ctx: Context) -> str | None:
    return None if await payrolls.failed_count(ctx.session, ctx.subject.id) else "payroll.no_failed_lines"


async def _on_export(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, ExportEvidence)
    ctx.subject.exported_on = ev.exported_on
    await payrolls.set_line_status(ctx.session, ctx.subject, "pending", "exported")


async def _on_paid(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, PaidEvidence)
    ctx.subject.paid_on = ev.paid_on
    await payrolls.set_line_status(ctx.session, ctx.subject, "exported", "paid")


PAYROLL = Process(
    name="allowance_payroll",
    subject_type="allowance_payroll",
    initial="draft",
    states=[
        State("draft", "ร่าง", "Draft", 0),
        State("checked", "ตรวจสอบแล้ว", "Checked", 1),
        State("approved", "อนุมัติแล้ว", "Approved", 2),
        State("exported", "ส่งออกไฟล์แล้ว", "Exported", 3),
        State("paid", "จ่ายแล้ว", "Paid", 4, terminal=True),
        State("partly_failed", "จ่ายแล้ว มีรายการไม่สำเร็จ", "Paid, some lines failed", 4, terminal=True),
    ],
    transitions=[
        Transition("check", frozenset({"draft"}), "checked", P.payroll_prepare, "ตรวจสอบ", "Check",
                   guards=(_not_empty, _lines_still_payable)),
        Transition("approve", frozenset({"checked"}), "approved", P.payroll_approve, "อนุมัติ", "Approve",
                   guards=(_not_empty, _lines_still_payable), event="allowance_payroll.approved"),
        Transition("return_to_draft", frozenset({"checked", "approved"}), "draft", P.payroll_approve,
                   "ส่งกลับแก้ไข", "Send back to draft", kind="back", requires_note=True),
        Transition("export", frozenset({"approved"}), "exported", P.payroll_pay, "ส่งออกไฟล์/ส่งข้อมูลแล้ว",
                   "Exported", evidence=ExportEvidence, guards=(_payer_ready,), effect=_on_export),
        Transition("mark_paid", frozenset({"exported"}), "paid", P.payroll_pay, "บันทึกจ่ายแล้ว", "Mark paid",
                   evidence=PaidEvidence, guards=(_no_failed_lines,), effect=_on_paid,
                   event="allowance_payroll.paid"),
        Transition("mark_partly_failed", frozenset({"exported"}), "partly_failed", P.payroll_pay,
                   "บันทึกจ่ายแล้ว (มีรายการไม่สำเร็จ)", "Mark paid with failed lines", evidence=PaidEvidence,
                   guards=(_has_failed_lines,), effect=_on_paid, kind="branch", event="allowance_payroll.paid"),
    ],
    steps=[
        Step("check", "check", "ตรวจสอบ", "Check"),
        Step("approve", "approve", "อนุมัติ", "Approve"),
        Step("export", "export", "ส่งออกไฟล์", "Export"),
        Step("mark_paid", "mark_paid", "บันทึกการจ่าย", "Record payment"),
    ],
    listing=Listing(
        link="/allowances/payrolls/{id}", read_permission=P.allowances_read,
        title=Payroll.programme + "|" + cast(Payroll.month, String), label=_payroll_label,
        sensitive=Payroll.programme.in_(SENSITIVE),
    ),
)

STATE_LABELS_TH = {s.key: s.label_th for s in REGISTRATION.states}
PAYROLL_STATE_LABELS_TH = {s.key: s.label_th for s in PAYROLL.states}
