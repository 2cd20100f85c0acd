from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.allowances import cards as _card_listener  # noqa: F401 - registers it: the allowance follows the card
from chumchon.allowances import exports, forms, reports, service
from chumchon.allowances import payroll as payrolls
from chumchon.allowances.models import Payroll, PayrollLine, Registration, RegistrationDocument
from chumchon.allowances.programmes import (
    DOCUMENT_LABELS_TH,
    END_REASON_LABELS_TH,
    KIND_LABELS_TH,
    PAYER_LABELS_TH,
    PROGRAMMES,
    DocumentKind,
    EndReason,
    Payer,
    ProgrammeCode,
    RegistrationKind,
    thai_month,
)
from chumchon.allowances.schemas import (
    CONSENT_BY_LABELS_TH,
    BeneficiaryReport,
    PaymentReport,
    ReportBy,
    TurningSixtyRead,
    CitizenSummary,
    ConsentBy,
    ConsentRead,
    DocumentRead,
    DocumentRequirement,
    EligibilityRead,
    LineFailure,
    PayrollCreate,
    PayrollLineRead,
    PayrollRead,
    ProgrammeRead,
    RateRead,
    RegistrationCreate,
    RegistrationRead,
    RegistrationUpdate,
    SettingsRead,
    SettingsUpdate,
    WindowRead,
)
from chumchon.allowances.workflow import PAYROLL, PAYROLL_STATE_LABELS_TH, REGISTRATION, STATE_LABELS_TH
from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.citizens.models import Citizen
from chumchon.core.concurrency import etag, if_match
from chumchon.core.context import Actor
from chumchon.core.errors import problem_responses
from chumchon.core.pagination import Page, PageQuery
from chumchon.core.thai import mask_national_id
from chumchon.core.workflow_api import add_workflow_routes

router = APIRouter(prefix="/allowances", tags=["allowances"])
payroll_router = APIRouter(prefix="/allowances/payrolls", tags=["payrolls"])

IfMatch = Annotated[int, Depends(if_match)]
_PDF = {200: {"content": {"application/pdf": {}}, "description": "The PDF"}}
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(name: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


# --- shaping -------------------------------------------------------------------------------------------


def _settings_read(s: service.EffectiveSettings) -> SettingsRead:
    return SettingsRead(
        programme=s.programme, payer=s.payer, payer_label_th=PAYER_LABELS_TH[s.payer], band_start=s.band_start,
        death_month_paid=s.death_month_paid, move_paid_through=s.move_paid_through,
        back_pay_months=s.back_pay_months, means_test_enabled=s.means_test_enabled, income_limit=s.income_limit,
        excludes=[ProgrammeCode(c) for c in s.excludes], bank_layout=s.bank_layout,
        payer_company_id=s.payer_company_id, payer_bank_code=s.payer_bank_code,
        payer_branch_code=s.payer_branch_code, payer_account_no=s.payer_account_no,
        payer_account_name=s.payer_account_name, welfare_card_split=s.welfare_card_split, saved=s.row is not None,
        version=s.version)


def _citizen_summary(c: Citizen) -> CitizenSummary:
    return CitizenSummary(id=c.id, full_name_th=f"{c.title}{c.first_name} {c.last_name}",
                          national_id_masked=mask_national_id(c.national_id), birth_date=c.birth_date,
                          village_id=c.village_id, death_date=c.death_date, moved_out_on=c.moved_out_on)


def _consent_read(reg: Registration) -> ConsentRead | None:
    if reg.consent_by is None or reg.consented_on is None:
        return None
    by = ConsentBy(reg.consent_by)
    return ConsentRead(given_by=by, given_by_label_th=CONSENT_BY_LABELS_TH[by], guardian_name=reg.consent_guardian_name,
                       guardian_relation=reg.consent_guardian_relation, consented_on=reg.consented_on,
                       officer_name=reg.consent_officer_name, file_ref=reg.consent_file_ref)


def _registration_read(reg: Registration, citizen: Citizen, docs: list[RegistrationDocument]) -> RegistrationRead:
    required = set(service.required_documents(reg))
    return RegistrationRead(
        id=reg.id, citizen_id=reg.citizen_id, citizen=_citizen_summary(citizen), programme=ProgrammeCode(reg.programme),
        programme_label_th=PROGRAMMES[ProgrammeCode(reg.programme)].label_th, kind=RegistrationKind(reg.kind),
        kind_label_th=KIND_LABELS_TH[RegistrationKind(reg.kind)], state=reg.state,
        state_label_th=STATE_LABELS_TH[reg.state], received_on=reg.received_on, fiscal_year=reg.fiscal_year,
        request_no=reg.request_no, proxy_name=reg.proxy_name, proxy_relation=reg.proxy_relation,
        payment_method=reg.payment_method, bank_account_id=reg.bank_account_id,
        disability_card_id=reg.disability_card_id, disability_card_no=reg.disability_card_no,
        disability_card_expires_on=reg.disability_card_expires_on, other_welfare=list(reg.other_welfare or []),
        annual_income=reg.annual_income, welfare_card_holder=reg.welfare_card_holder, consent=_consent_read(reg),
        verified_on=reg.verified_on, approved_on=reg.approved_on,
        start_month=reg.start_month, end_month=reg.end_month, ended_on=reg.ended_on,
        end_reason=EndReason(reg.end_reason) if reg.end_reason else None,
        end_reason_label_th=END_REASON_LABELS_TH[EndReason(reg.end_reason)] if reg.end_reason else None,
        documents=[DocumentRead(kind=DocumentKind(d.kind), label_th=DOCUMENT_LABELS_TH[DocumentKind(d.kind)],
                                required=DocumentKind(d.kind) in required, received=d.received, file_ref=d.file_ref)
                   for d in docs],
        note=reg.note, version=reg.version, created_at=reg.created_at, updated_at=reg.updated_at,
    )


async def _registrations_read(session: AsyncSession, regs: Sequence[Registration]) -> list[RegistrationRead]:
    people = await service.citizens_by_id(session, [r.citizen_id for r in regs])
    docs = await service.documents_of(session, [r.id for r in regs])
    return [_registration_read(r, people[r.citizen_id], docs[r.id]) for r in regs]


async def _one_registration(session: AsyncSession, response: Response, reg: Registration) -> RegistrationRead:
    response.headers["ETag"] = etag(reg.version)
    return (await _registrations_read(session, [reg]))[0]


def _payroll_read(p: Payroll, failed: int) -> PayrollRead:
    return PayrollRead(
        id=p.id, programme=ProgrammeCode(p.programme),
        programme_label_th=PROGRAMMES[ProgrammeCode(p.programme)].label_th, month=p.month,
        month_th=thai_month(p.month), fiscal_year=p.fiscal_year, state=p.state,
        state_label_th=PAYROLL_STATE_LABELS_TH[p.state], payer=Payer(p.payer),
        payer_label_th=PAYER_LABELS_TH[Payer(p.payer)],
        rules=p.rules, computed_at=p.computed_at, line_count=p.line_count, total=p.total, failed_count=failed,
        exported_on=p.exported_on, paid_on=p.paid_on, version=p.version, created_at=p.created_at)


async def _one_payroll(session: AsyncSession, response: Response, p: Payroll) -> PayrollRead:
    response.headers["ETag"] = etag(p.version)
    return _payroll_read(p, await payrolls.failed_count(session, p.id))


def _mask_account(no: str | None) -> str | None:
    return None if not no else "x" * max(len(no) - 4, 0) + no[-4:]


async def _lines_read(session: AsyncSession, lines: Sequence[PayrollLine]) -> list[PayrollLineRead]:
    people = await service.citizens_by_id(session, [line.citizen_id for line in lines])
    out = []
    for line in lines:
        c = people[line.citizen_id]
        out.append(PayrollLineRead(
            id=line.id, payroll_id=line.payroll_id, registration_id=line.registration_id, citizen_id=line.citizen_id,
            full_name_th=f"{c.title}{c.first_name} {c.last_name}", national_id_masked=mask_national_id(c.national_id),
            month_paid=line.month_paid, is_back_pay=line.is_back_pay, age=line.age, rate_id=line.rate_id,
            band_label_th=line.band_label_th, amount=line.amount, card_amount=line.card_amount,
            bank_account_id=line.bank_account_id,
            bank_code=line.bank_code, account_no_masked=_mask_account(line.account_no),
            account_name=line.account_name, status=line.status, failure_reason=line.failure_reason,
            failed_on=line.failed_on))
    return out


# --- programmes, rates, windows, settings -----------------------------------------------------------------


async def _programme_read(session: AsyncSession, actor: Actor, code: ProgrammeCode) -> ProgrammeRead:
    p = PROGRAMMES[code]
    settings = await service.get_settings(session, actor, code.value)
    rates = await service.rates_in_force(session, code.value, service.today())
    return ProgrammeRead(
        code=p.code, label_th=p.label_th, label_en=p.label_en, regulation_th=p.regulation_th, sensitive=p.sensitive,
        min_age=p.min_age, needs_disability_card=p.needs_card, start_rule=p.start_rule,
        documents={kind: [DocumentRequirement(kind=d, label_th=DOCUMENT_LABELS_TH[d]) for d in docs]
                   for kind, docs in p.documents.items()},
        current_rates=[RateRead.model_validate(r) for r in rates], settings=_settings_read(settings))


@router.get("/programmes", response_model=list[ProgrammeRead], summary="The allowance programmes",
            description="Each programme with the documents it asks for, the rates in force today and this "
                        "organisation's settings. Beneficiary numbers are not here.",
            responses=problem_responses(401, 403))
async def list_programmes(session: ScopedDb, actor: CurrentActor) -> list[ProgrammeRead]:
    return [await _programme_read(session, actor, code) for code in ProgrammeCode]


@router.get("/programmes/{programme}", response_model=ProgrammeRead, summary="One programme",
            responses=problem_responses(401, 403, 422))
async def get_programme(session: ScopedDb, actor: CurrentActor, programme: ProgrammeCode) -> ProgrammeRead:
    return await _programme_read(session, actor, programme)


@router.get("/programmes/{programme}/rates", response_model=list[RateRead],
            summary="The programme's rate table, every version",
            description="National rates (Cabinet): the rows sharing `effective_from` are one version of the table; "
                        "a month is paid from the latest version starting on or before it.",
            responses=problem_responses(401, 403, 422))
async def list_rates(session: ScopedDb, actor: CurrentActor, programme: ProgrammeCode) -> list[RateRead]:
    return [RateRead.model_validate(r) for r in await service.list_rates(session, actor, programme.value)]


@router.get("/programmes/{programme}/settings", response_model=SettingsRead, summary="This organisation's settings "
            "for the programme", responses=problem_responses(401, 403, 422))
async def get_settings(session: ScopedDb, actor: CurrentActor, programme: ProgrammeCode,
                       response: Response) -> SettingsRead:
    s = await service.get_settings(session, actor, programme.value)
    response.headers["ETag"] = etag(s.version)
    return _settings_read(s)


@router.patch("/programmes/{programme}/settings", response_model=SettingsRead,
              summary="Change the programme's settings",
              description="Needs `organisation:manage`. While the defaults apply the ETag is `\"0\"`.",
              responses=problem_responses(401, 403, 409, 422, 428))
async def update_settings(session: ScopedDb, actor: CurrentActor, programme: ProgrammeCode, body: SettingsUpdate,
                          response: Response, version: IfMatch) -> SettingsRead:
    s = await service.update_settings(session, actor, programme.value, body, version)
    response.headers["ETag"] = etag(s.version)
    return _settings_read(s)


@router.get("/programmes/{programme}/notice.pdf", response_class=Response,
            summary="The public notice of the people registered for a fiscal year (PDF)",
            description="ประกาศรายชื่อผู้มีสิทธิ: names and villages, for the notice board. The HIV/AIDS programme is "
                        "never published (409 `allowance.notice_not_public`).",
            responses={**problem_responses(401, 403, 409, 422), **_PDF})
async def public_notice(session: ScopedDb, actor: CurrentActor, programme: ProgrammeCode,
                        fiscal_year: Annotated[int, Query(ge=2500, le=2700, description="BE fiscal year")]) -> Response:
    data = await forms.public_notice_pdf(session, actor, programme.value, fiscal_year)
    return Response(data, media_type="application/pdf",
                    headers=_download(f"notice-{programme.value}-{fiscal_year}.pdf"))


@router.get("/windows", response_model=list[WindowRead], summary="Registration windows",
            description="When people may register for a fiscal year, who may (the birth cohort) and from when "
                        "the year pays.", responses=problem_responses(401, 403, 422))
async def list_windows(session: ScopedDb, actor: CurrentActor, programme: ProgrammeCode | None = None,
                       fiscal_year: Annotated[int | None, Query(ge=2500, le=2700, description="BE")] = None
                       ) -> list[WindowRead]:
    rows = await service.list_windows(session, actor, code=programme.value if programme else None,
                                      fiscal_year=fiscal_year)
    return [WindowRead.model_validate(w) for w in rows]


# --- reports ------------------------------------------------------------------------------------------------

_HIV_NOTE = ("The HIV/AIDS programme is counted only for callers with `sensitive:read` (and the read is logged); for "
             "anyone else it is neither a row nor part of a total, and asking for it by name is 403.")


@router.get("/reports/beneficiaries", response_model=BeneficiaryReport,
            summary="Beneficiaries counted by programme, village, age band and status",
            description="Counted in the database (GROUP BY). `by` is repeatable (default programme and status); the "
                        "fields not grouped by are null. The age band is the elderly rate table's band (in force on "
                        "`on`) of the age reached that day. Without `status`, registrations that hold a place "
                        "(documents received to suspended) are counted. " + _HIV_NOTE,
            responses=problem_responses(401, 403, 422))
async def report_beneficiaries(
    session: ScopedDb, actor: CurrentActor,
    by: Annotated[list[ReportBy] | None, Query(description="Group by these; repeat the parameter")] = None,
    on: Annotated[date | None, Query(description="Ages are reached on this day; today by default")] = None,
    programme: ProgrammeCode | None = None,
    village_id: Annotated[uuid.UUID | None, Query(description="Only people of this village (หมู่ที่)")] = None,
    status: Annotated[list[str] | None, Query(description="Only registrations in these states; repeatable")] = None,
) -> BeneficiaryReport:
    return await reports.beneficiaries(session, actor, by=by or reports.DEFAULT_BY, on=on,
                                       programme=programme.value if programme else None, village_id=village_id,
                                       statuses=status)


@router.get("/reports/payments", response_model=PaymentReport, summary="Money paid by month of a fiscal year",
            description="From payroll lines, by the payroll's month (back pay counts in the month it is paid) and "
                        "programme. `amount`: every line computed; `paid_amount`: lines recorded paid (a payroll "
                        "marked paid, the line not failed); `failed_amount`: failed transfers. " + _HIV_NOTE,
            responses=problem_responses(401, 403, 422))
async def report_payments(
    session: ScopedDb, actor: CurrentActor,
    fiscal_year: Annotated[int | None, Query(ge=2500, le=2700, description="BE; the current one by default")] = None,
    programme: ProgrammeCode | None = None,
) -> PaymentReport:
    return await reports.payments(session, actor, fiscal_year=fiscal_year,
                                  programme=programme.value if programme else None)


@router.get("/reports/turning-sixty", response_model=Page[TurningSixtyRead],
            summary="People who reach 60 in a fiscal year's cohort and have not registered",
            description="From the citizen registry: Thai, alive, not moved away, born within the fiscal year's "
                        "registration cohort (from the previous year's cut-off to 1 September of fiscal year − 60, "
                        "BE; unknown day or month counts from 1 January), with no open elderly registration. "
                        "National IDs masked. Sort by `village` (default), `birth_date` or `name`.",
            responses=problem_responses(401, 403, 422))
async def report_turning_sixty(
    session: ScopedDb, actor: CurrentActor, page: PageQuery,
    fiscal_year: Annotated[int | None, Query(ge=2500, le=2700, description="BE; the next one by default")] = None,
    village_id: Annotated[uuid.UUID | None, Query(description="Only people of this village (หมู่ที่)")] = None,
) -> Page[TurningSixtyRead]:
    _, items, total = await reports.turning_sixty(session, actor, page, fiscal_year=fiscal_year, village_id=village_id)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get("/reports/turning-sixty.xlsx", response_class=Response, summary="The same list as a workbook",
            responses={**problem_responses(401, 403, 422),
                       200: {"content": {_XLSX_TYPE: {}}, "description": "The workbook"}})
async def report_turning_sixty_xlsx(
    session: ScopedDb, actor: CurrentActor,
    fiscal_year: Annotated[int | None, Query(ge=2500, le=2700, description="BE; the next one by default")] = None,
    village_id: Annotated[uuid.UUID | None, Query(description="Only people of this village (หมู่ที่)")] = None,
) -> Response:
    year, data = await reports.turning_sixty_xlsx(session, actor, fiscal_year=fiscal_year, village_id=village_id)
    return Response(data, media_type=_XLSX_TYPE, headers=_download(f"turning-sixty-{year}.xlsx"))


# --- registrations --------------------------------------------------------------------------------------------


@router.get("/registrations", response_model=Page[RegistrationRead], summary="Registrations",
            description="Registrations of the HIV/AIDS programme are listed and counted only for callers with "
                        "`sensitive:read` (and each such read is logged); asking for that programme without it "
                        "is 403.", responses=problem_responses(401, 403, 422))
async def list_registrations(session: ScopedDb, actor: CurrentActor, page: PageQuery,
                             programme: ProgrammeCode | None = None, state: str | None = None,
                             citizen_id: uuid.UUID | None = None, village_id: uuid.UUID | None = None,
                             fiscal_year: int | None = None) -> Page[RegistrationRead]:
    rows, total = await service.list_registrations(session, actor, page, code=programme.value if programme else None,
                                                   state=state, citizen_id=citizen_id, village_id=village_id,
                                                   fiscal_year=fiscal_year)
    return Page(items=await _registrations_read(session, rows), total=total, page=page.page,
                page_size=page.page_size)


@router.post("/registrations", response_model=RegistrationRead, status_code=201,
             summary="Documents received: start a registration (or a confirmation of right)",
             description="A person with an open registration in the programme is refused with 409 "
                         "`allowance.duplicate_registration`. Eligibility is checked at the verify step.",
             responses=problem_responses(401, 403, 409, 422))
async def create_registration(session: ScopedDb, actor: CurrentActor, body: RegistrationCreate,
                              response: Response) -> RegistrationRead:
    return await _one_registration(session, response, await service.create_registration(session, actor, body))


@router.get("/registrations/{registration_id}", response_model=RegistrationRead, summary="One registration",
            responses=problem_responses(401, 403, 404))
async def get_registration(session: ScopedDb, actor: CurrentActor, registration_id: uuid.UUID,
                           response: Response) -> RegistrationRead:
    return await _one_registration(session, response, await service.load_registration(session, actor,
                                                                                       registration_id))


@router.patch("/registrations/{registration_id}", response_model=RegistrationRead,
              summary="Correct a registration (documents, payment, card)",
              description="Before approval anything but the state; afterwards the payment details and the "
                          "disability card only.", responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_registration(session: ScopedDb, actor: CurrentActor, registration_id: uuid.UUID,
                              body: RegistrationUpdate, response: Response, version: IfMatch) -> RegistrationRead:
    reg = await service.update_registration(session, actor, registration_id, body, version)
    return await _one_registration(session, response, reg)


@router.get("/registrations/{registration_id}/eligibility", response_model=EligibilityRead,
            summary="Every eligibility check, with the reason code of each that fails",
            responses=problem_responses(401, 403, 404))
async def get_eligibility(session: ScopedDb, actor: CurrentActor, registration_id: uuid.UUID,
                          on: Annotated[date | None, Query(description="Check as of this day; today by default")]
                          = None) -> EligibilityRead:
    reg, checks = await service.eligibility_of(session, actor, registration_id, on)
    return EligibilityRead(registration_id=reg.id, eligible=all(c.passed for c in checks), checks=checks)


@router.get("/registrations/{registration_id}/request-form.pdf", response_class=Response,
            summary="The request form, filled in (PDF)", responses={**problem_responses(401, 403, 404, 409), **_PDF})
async def request_form(session: ScopedDb, actor: CurrentActor, registration_id: uuid.UUID) -> Response:
    reg, data = await forms.request_form_pdf(session, actor, registration_id)
    return Response(data, media_type="application/pdf",
                    headers=_download(f"request-{reg.request_no or reg.id}.pdf".replace("/", "-")))


@router.get("/registrations/{registration_id}/payments", response_model=Page[PayrollLineRead],
            summary="What was paid to this registration, month by month", responses=problem_responses(401, 403, 404))
async def registration_payments(session: ScopedDb, actor: CurrentActor, registration_id: uuid.UUID,
                                page: PageQuery) -> Page[PayrollLineRead]:
    rows, total = await payrolls.registration_payments(session, actor, registration_id, page)
    return Page(items=await _lines_read(session, rows), total=total, page=page.page, page_size=page.page_size)


add_workflow_routes(router, REGISTRATION, prefix="/registrations/{registration_id}", id_param="registration_id",
                    load=service.load_registration)


# --- payrolls -----------------------------------------------------------------------------------------------------


@payroll_router.post("", response_model=PayrollRead, status_code=201,
                     summary="Compute a month's payroll for a programme (draft)",
                     description="Every payable person and month is computed in the database at once, with back "
                                 "pay for months owed. One payroll per programme and month: a second is 409 "
                                 "`payroll.duplicate_month`.", responses=problem_responses(401, 403, 409, 422))
async def create_payroll(session: ScopedDb, actor: CurrentActor, body: PayrollCreate,
                         response: Response) -> PayrollRead:
    return await _one_payroll(session, response, await payrolls.create_payroll(session, actor, body))


@payroll_router.get("", response_model=Page[PayrollRead], summary="Payrolls",
                    description="HIV/AIDS payrolls only for callers with `sensitive:read`.",
                    responses=problem_responses(401, 403, 422))
async def list_payrolls(session: ScopedDb, actor: CurrentActor, page: PageQuery, programme: ProgrammeCode | None = None,
                        fiscal_year: int | None = None, state: str | None = None) -> Page[PayrollRead]:
    rows, total = await payrolls.list_payrolls(session, actor, page, code=programme.value if programme else None,
                                               fiscal_year=fiscal_year, state=state)
    failed = await payrolls.failed_counts(session, [p.id for p in rows])
    return Page(items=[_payroll_read(p, failed.get(p.id, 0)) for p in rows], total=total, page=page.page,
                page_size=page.page_size)


@payroll_router.get("/{payroll_id}", response_model=PayrollRead, summary="One payroll",
                    responses=problem_responses(401, 403, 404))
async def get_payroll(session: ScopedDb, actor: CurrentActor, payroll_id: uuid.UUID, response: Response) -> PayrollRead:
    return await _one_payroll(session, response, await payrolls.load_payroll(session, actor, payroll_id))


@payroll_router.get("/{payroll_id}/lines", response_model=Page[PayrollLineRead], summary="A payroll's lines",
                    responses=problem_responses(401, 403, 404, 422))
async def list_lines(session: ScopedDb, actor: CurrentActor, payroll_id: uuid.UUID, page: PageQuery,
                     status: str | None = None) -> Page[PayrollLineRead]:
    _, rows, total = await payrolls.list_lines(session, actor, payroll_id, page, status=status)
    return Page(items=await _lines_read(session, rows), total=total, page=page.page, page_size=page.page_size)


@payroll_router.post("/{payroll_id}/recompute", response_model=PayrollRead,
                     summary="Compute a draft payroll again from today's registry",
                     responses=problem_responses(401, 403, 404, 409))
async def recompute(session: ScopedDb, actor: CurrentActor, payroll_id: uuid.UUID, response: Response) -> PayrollRead:
    return await _one_payroll(session, response, await payrolls.recompute(session, actor, payroll_id))


@payroll_router.post("/{payroll_id}/lines/{line_id}/fail", response_model=PayrollLineRead,
                     summary="Record that a line's transfer failed (account closed, returned)",
                     description="The month becomes owed again and the next payroll pays it as back pay.",
                     responses=problem_responses(401, 403, 404, 409, 422))
async def fail_line(session: ScopedDb, actor: CurrentActor, payroll_id: uuid.UUID, line_id: uuid.UUID,
                    body: LineFailure) -> PayrollLineRead:
    line = await payrolls.fail_line(session, actor, payroll_id, line_id, body)
    return (await _lines_read(session, [line]))[0]


@payroll_router.get("/{payroll_id}/roster.xlsx", response_class=Response, summary="The payroll roster (Excel)",
                    description="For CGD-paid programmes, the list to reconcile with the DLA allowance database. "
                                "Whole national IDs only for callers with `citizens:read_id`.",
                    responses={**problem_responses(401, 403, 404),
                               200: {"content": {_XLSX_TYPE: {}}, "description": "The workbook"}})
async def roster(session: ScopedDb, actor: CurrentActor, payroll_id: uuid.UUID) -> Response:
    p, data = await exports.roster_xlsx(session, actor, payroll_id)
    return Response(data, media_type=_XLSX_TYPE, headers=_download(f"payroll-{p.programme}-{p.month:%Y-%m}.xlsx"))


@payroll_router.get("/{payroll_id}/roster.pdf", response_class=Response, summary="The payroll roster (PDF), to sign",
                    description="One line per person and month paid (failed lines left out), the total in figures "
                                "and words, and the signature blocks.",
                    responses={**problem_responses(401, 403, 404), **_PDF})
async def roster_pdf(session: ScopedDb, actor: CurrentActor, payroll_id: uuid.UUID) -> Response:
    p, data = await exports.roster_pdf(session, actor, payroll_id)
    return Response(data, media_type="application/pdf", headers=_download(f"payroll-{p.programme}-{p.month:%Y-%m}.pdf"))


@payroll_router.get("/{payroll_id}/bank-file", response_class=Response,
                    summary="The bank transfer file (fixed width), for what the organisation pays itself",
                    description="Layout from the programme setting `bank_layout` (KTB direct credit by default), "
                                "amounts in satang. `X-Lines-Left-Out` counts lines without an open bank account "
                                "(cash). CGD-paid programmes answer 409 `payroll.paid_by_cgd`.",
                    responses={**problem_responses(401, 403, 404, 409),
                               200: {"content": {"text/plain": {}}, "description": "The file"}})
async def bank_file(session: ScopedDb, actor: CurrentActor, payroll_id: uuid.UUID,
                    effective_date: Annotated[date | None, Query(description="Transfer date; the 10th of the "
                                                                 "payroll's month by default")] = None,
                    batch_no: Annotated[int, Query(ge=1, le=999999)] = 1) -> Response:
    p, data, left_out = await exports.bank_file(session, actor, payroll_id, effective_date=effective_date,
                                                batch_no=batch_no)
    headers = {**_download(f"bank-{p.programme}-{p.month:%Y-%m}.txt"), "X-Lines-Left-Out": str(left_out)}
    return Response(data, media_type="text/plain; charset=windows-874", headers=headers)


add_workflow_routes(payroll_router, PAYROLL, prefix="/{payroll_id}", id_param="payroll_id", load=payrolls.load_payroll)
