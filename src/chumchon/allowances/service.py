"""Allowance rules: programmes' settings, rate tables, registration windows,
registrations and their eligibility, and the confidentiality of the HIV/AIDS programme.

Confidentiality. Being on the HIV/AIDS programme is health data (PDPA s.26; National
Health Act s.7). Every read path here goes through `can_see`: without `sensitive:read`
such a registration does not exist (the same 404 as a missing one), is in no list or
count, and cannot be filtered for; with it, every read is written to the audit log.

Reading the citizen registry. Registrations show the person's name and masked ID, and
lists filter by village; the citizens service has no call that loads many people at once,
so `citizens_by_id` and the village filter read the `Citizen` model here, in the caller's
scoped session (read-only, clearly named; replace with a citizens service call once one
exists).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.allowances.models import (
    OPEN_STATES,
    ProgrammeSetting,
    Rate,
    Registration,
    RegistrationDocument,
    RegistrationWindow,
)
from chumchon.allowances.programmes import (
    DEFAULT_SETTINGS,
    SENSITIVE,
    BandStart,
    DocumentKind,
    MovePaidThrough,
    Payer,
    ProgrammeCode,
    RegistrationKind,
    StartRule,
    elderly_start,
    month_after,
    programme,
)
from chumchon.allowances.schemas import (
    ConsentIn,
    EligibilityCheck,
    RateVersionCreate,
    RegistrationCreate,
    RegistrationUpdate,
    SettingsUpdate,
)
from chumchon.auth.permissions import P
from chumchon.citizens import service as citizens
from chumchon.citizens import timeline
from chumchon.citizens.models import Citizen
from chumchon.core import audit
from chumchon.core.concurrency import check_version
from chumchon.core.context import Actor
from chumchon.core.errors import Conflict, Forbidden, Invalid, NotFound
from chumchon.core.pagination import PageParams, paginate
from chumchon.core.tenancy import widened
from chumchon.core.thai import fiscal_year_of
from chumchon.disability_cards import service as disability_cards

today = citizens.today

NOT_FOUND_DETAIL = "No such registration"


# --- confidentiality ----------------------------------------------------------------------------------


def can_see(actor: Actor, programme_code: str) -> bool:
    return programme_code not in SENSITIVE or actor.can(P.sensitive_read)


def visible_programmes(actor: Actor) -> list[str]:
    return [c.value for c in ProgrammeCode if can_see(actor, c.value)]


def require_programme(actor: Actor, programme_code: str) -> None:
    """Asking for a sensitive programme by name (a filter, a new record) needs the
    permission; refusing says nothing about any person."""
    if not can_see(actor, programme_code):
        actor.require(P.sensitive_read)


async def log_sensitive_read(session: AsyncSession, actor: Actor, *, entity: str, ids: Sequence[Any],
                             action: str) -> None:
    """PDPA: every read of health data is in the audit log, with who read which records."""
    if not ids:
        return
    await audit.record(session, action=action, entity=entity, entity_id=ids[0] if len(ids) == 1 else None,
                       organisation_id=actor.organisation_id, after={"ids": [str(i) for i in ids]}, sensitive=True)


# --- settings -----------------------------------------------------------------------------------------


@dataclass
class EffectiveSettings:
    programme: ProgrammeCode
    payer: Payer
    band_start: BandStart
    death_month_paid: bool
    move_paid_through: MovePaidThrough
    back_pay_months: int
    means_test_enabled: bool = False
    income_limit: Decimal | None = None
    excludes: list[str] = field(default_factory=list)
    bank_layout: str = "ktb_direct_credit"
    payer_company_id: str | None = None
    payer_bank_code: str | None = None
    payer_branch_code: str | None = None
    payer_account_no: str | None = None
    payer_account_name: str | None = None
    welfare_card_split: bool = False
    row: ProgrammeSetting | None = None

    @property
    def version(self) -> int:
        return self.row.version if self.row is not None else 0

    def payroll_rules(self) -> dict[str, Any]:
        """What a payroll freezes when it is computed."""
        return {"payer": self.payer.value, "band_start": self.band_start.value,
                "death_month_paid": self.death_month_paid, "move_paid_through": self.move_paid_through.value,
                "back_pay_months": self.back_pay_months, "welfare_card_split": self.welfare_card_split}


_SETTING_FIELDS = ("payer", "band_start", "death_month_paid", "move_paid_through", "back_pay_months",
                   "means_test_enabled", "income_limit", "excludes", "bank_layout", "payer_company_id",
                   "payer_bank_code", "payer_branch_code", "payer_account_no", "payer_account_name",
                   "welfare_card_split")


async def effective_settings(session: AsyncSession, code: str) -> EffectiveSettings:
    code = ProgrammeCode(code)
    row = (await session.execute(select(ProgrammeSetting).where(ProgrammeSetting.programme == code.value))
           ).scalar_one_or_none()
    d = DEFAULT_SETTINGS[code]
    if row is None:
        return EffectiveSettings(programme=code, payer=d.payer, band_start=d.band_start,
                                 death_month_paid=d.death_month_paid, move_paid_through=d.move_paid_through,
                                 back_pay_months=d.back_pay_months)
    return EffectiveSettings(
        programme=code, payer=Payer(row.payer), band_start=BandStart(row.band_start),
        death_month_paid=row.death_month_paid, move_paid_through=MovePaidThrough(row.move_paid_through),
        back_pay_months=row.back_pay_months, means_test_enabled=row.means_test_enabled,
        income_limit=row.income_limit, excludes=list(row.excludes or []), bank_layout=row.bank_layout,
        payer_company_id=row.payer_company_id, payer_bank_code=row.payer_bank_code,
        payer_branch_code=row.payer_branch_code, payer_account_no=row.payer_account_no,
        payer_account_name=row.payer_account_name, welfare_card_split=row.welfare_card_split, row=row,
    )


async def get_settings(session: AsyncSession, actor: Actor, code: str) -> EffectiveSettings:
    actor.require(P.allowances_read)
    return await effective_settings(session, code)


async def update_settings(session: AsyncSession, actor: Actor, code: str, data: SettingsUpdate,
                          expected_version: int) -> EffectiveSettings:
    """An organisation's policy choices; `If-Match: "0"` saves the first row over the defaults."""
    actor.require(P.organisation_manage)
    current = await effective_settings(session, code)
    if current.version != expected_version:
        raise Conflict("Someone else changed these settings; reload them and try again",
                       code="conflict.stale_version", current_version=current.version)
    changes = data.model_dump(exclude_unset=True)
    if "excludes" in changes:
        excludes = [ProgrammeCode(c).value for c in changes["excludes"] or []]
        # A programme excluded by a sensitive one would tell whoever verifies the first
        # that the person is on the second.
        if code in excludes or any(c in SENSITIVE for c in excludes):
            raise Invalid("A programme cannot exclude itself or a programme of health data",
                          code="allowance_settings.invalid_exclusion",
                          errors=[{"field": "excludes", "code": "allowance_settings.invalid_exclusion",
                                   "message": "not allowed here"}])
        changes["excludes"] = excludes
    for key in ("payer", "band_start", "move_paid_through"):
        if changes.get(key) is not None:
            changes[key] = changes[key].value
    for key in ("payer", "band_start", "death_month_paid", "move_paid_through", "back_pay_months",
                "means_test_enabled", "bank_layout", "welfare_card_split"):
        if key in changes and changes[key] is None:
            raise Invalid(f"{key} cannot be emptied", code="validation.not_null",
                          errors=[{"field": key, "code": "validation.not_null", "message": "required"}])
    with audit.action(session, "allowance_settings.update"):
        row = current.row
        if row is None:
            values = {k: getattr(current, k) for k in _SETTING_FIELDS}
            values = {k: (v.value if hasattr(v, "value") else v) for k, v in values.items()}
            values.update(changes)
            row = ProgrammeSetting(programme=ProgrammeCode(code).value, **values)
            session.add(row)
        else:
            for key, value in changes.items():
                setattr(row, key, value)
        try:
            await session.flush()
        except IntegrityError:
            raise Conflict("Someone else saved these settings at the same moment; reload them",
                           code="conflict.stale_version") from None
    return await effective_settings(session, code)


# --- rates and windows -----------------------------------------------------------------------------------


async def list_rates(session: AsyncSession, actor: Actor, code: str) -> list[Rate]:
    actor.require(P.allowances_read)
    rows = await session.execute(select(Rate).where(Rate.programme == ProgrammeCode(code).value)
                                 .order_by(Rate.effective_from, Rate.age_min))
    return list(rows.scalars())


async def rate_versions(session: AsyncSession, code: str) -> list[tuple[date, list[Rate]]]:
    """The programme's rate table, version by version, oldest first."""
    rows = (await session.execute(select(Rate).where(Rate.programme == code)
                                  .order_by(Rate.effective_from, Rate.age_min))).scalars()
    versions: dict[date, list[Rate]] = {}
    for r in rows:
        versions.setdefault(r.effective_from, []).append(r)
    return sorted(versions.items())


def version_for(versions: list[tuple[date, list[Rate]]], month: date) -> tuple[date, list[Rate]] | None:
    found = None
    for effective_from, bands in versions:
        if effective_from <= month:
            found = (effective_from, bands)
    return found


async def rates_in_force(session: AsyncSession, code: str, on: date) -> list[Rate]:
    found = version_for(await rate_versions(session, code), on)
    return found[1] if found else []


async def add_rate_version(session: AsyncSession, actor: Actor, data: RateVersionCreate) -> list[Rate]:
    """A new national rate table from its date. National data: only the system (the CLI, a
    migration, a provincial deployment's administrator script) adds one."""
    if actor.kind != "system":
        raise Forbidden("National rates are added by the system administrator", code="allowance_rates.system_only")
    code = data.programme.value
    clash = (await session.execute(select(Rate.id).where(Rate.programme == code,
                                                         Rate.effective_from == data.effective_from))).first()
    if clash:
        raise Conflict("A rate table starting that day exists; a correction is a new version",
                       code="allowance_rates.version_exists")
    rows = [Rate(programme=code, effective_from=data.effective_from, age_min=b.age_min, age_max=b.age_max,
                 amount=b.amount, welfare_card_amount=b.welfare_card_amount, label_th=b.label_th,
                 source=data.source) for b in data.bands]
    with audit.action(session, "allowance_rates.add_version"):
        session.add_all(rows)
        await session.flush()
    return rows


async def list_windows(session: AsyncSession, actor: Actor, *, code: str | None = None,
                       fiscal_year: int | None = None) -> list[RegistrationWindow]:
    actor.require(P.allowances_read)
    stmt = select(RegistrationWindow)
    if code:
        stmt = stmt.where(RegistrationWindow.programme == ProgrammeCode(code).value)
    if fiscal_year:
        stmt = stmt.where(RegistrationWindow.fiscal_year == fiscal_year)
    rows = await session.execute(stmt.order_by(RegistrationWindow.programme, RegistrationWindow.opens_on))
    return list(rows.scalars())


async def window_for(session: AsyncSession, code: str, day: date) -> RegistrationWindow | None:
    row = await session.execute(
        select(RegistrationWindow).where(RegistrationWindow.programme == code, RegistrationWindow.opens_on <= day,
                                         RegistrationWindow.closes_on >= day)
        .order_by(RegistrationWindow.fiscal_year).limit(1))
    return row.scalar_one_or_none()


# --- the citizen registry, read here ----------------------------------------------------------------------


async def citizens_by_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Citizen]:
    """Many people at once for lists (see the module's note: a read of the citizens model)."""
    if not ids:
        return {}
    rows = await session.execute(select(Citizen).where(Citizen.id.in_(set(ids))))
    return {c.id: c for c in rows.scalars()}


async def _citizen_for(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID) -> Citizen:
    try:
        return await citizens.get_citizen(session, actor, citizen_id)
    except NotFound:
        raise Invalid("No such person in this organisation", code="citizens.not_found",
                      errors=[{"field": "citizen_id", "code": "citizens.not_found",
                               "message": "ไม่พบบุคคลนี้ในทะเบียน"}]) from None


async def _check_bank_account(session: AsyncSession, actor: Actor, citizen: Citizen,
                              account_id: uuid.UUID | None) -> None:
    if account_id is None:
        return
    accounts, _ = await citizens.list_bank_accounts(session, actor, citizen.id, PageParams(page_size=200),
                                                    include_ended=False)
    if not any(a.id == account_id and a.kind == "bank" for a in accounts):
        raise Invalid("The account is not an open bank account of this person",
                      code="allowance.bank_account_invalid",
                      errors=[{"field": "bank_account_id", "code": "allowance.bank_account_invalid",
                               "message": "ไม่ใช่บัญชีธนาคารที่ยังเปิดอยู่ของบุคคลนี้"}])


# --- registrations --------------------------------------------------------------------------------------------


async def load_registration(session: AsyncSession, actor: Actor, registration_id: uuid.UUID) -> Registration:
    """The one loader every route uses: scope, read permission and confidentiality."""
    actor.require(P.allowances_read)
    reg = (await session.execute(select(Registration).where(Registration.id == registration_id))
           ).scalar_one_or_none()
    if reg is None or not can_see(actor, reg.programme):
        raise NotFound(NOT_FOUND_DETAIL, code="allowance_registrations.not_found")
    if reg.programme in SENSITIVE:
        await log_sensitive_read(session, actor, entity="allowance_registrations", ids=[reg.id],
                                 action="allowance_registration.sensitive_read")
    return reg


async def documents_of(session: AsyncSession, registration_ids: Sequence[uuid.UUID]
                       ) -> dict[uuid.UUID, list[RegistrationDocument]]:
    out: dict[uuid.UUID, list[RegistrationDocument]] = {i: [] for i in registration_ids}
    if not registration_ids:
        return out
    rows = await session.execute(select(RegistrationDocument)
                                 .where(RegistrationDocument.registration_id.in_(set(registration_ids)))
                                 .order_by(RegistrationDocument.kind))
    for d in rows.scalars():
        out[d.registration_id].append(d)
    return out


def required_documents(reg: Registration) -> tuple[DocumentKind, ...]:
    return programme(reg.programme).documents[RegistrationKind(reg.kind)]


async def list_registrations(session: AsyncSession, actor: Actor, params: PageParams, *,
                             code: str | None = None, state: str | None = None,
                             citizen_id: uuid.UUID | None = None, village_id: uuid.UUID | None = None,
                             fiscal_year: int | None = None) -> tuple[list[Registration], int]:
    actor.require(P.allowances_read)
    stmt = select(Registration).where(Registration.programme.in_(visible_programmes(actor)))
    if code:
        require_programme(actor, code)
        stmt = stmt.where(Registration.programme == ProgrammeCode(code).value)
    if state:
        stmt = stmt.where(Registration.state == state)
    if citizen_id:
        stmt = stmt.where(Registration.citizen_id == citizen_id)
    if fiscal_year:
        stmt = stmt.where(Registration.fiscal_year == fiscal_year)
    if village_id:
        stmt = stmt.where(Registration.citizen_id.in_(select(Citizen.id).where(Citizen.village_id == village_id)))
    rows, total = await paginate(
        session, stmt, params,
        sortable={"received_on": Registration.received_on, "created_at": Registration.created_at,
                  "start_month": Registration.start_month, "state": Registration.state},
        default_sort=["-received_on"], tiebreak=Registration.id)
    sensitive = [r.id for r in rows if r.programme in SENSITIVE]
    await log_sensitive_read(session, actor, entity="allowance_registrations", ids=sensitive,
                             action="allowance_registration.sensitive_list")
    return rows, total


async def registrations_of_year(session: AsyncSession, actor: Actor, code: str, fiscal_year: int,
                                states: Sequence[str]) -> list[Registration]:
    """Every registration of a programme for a fiscal year in these states (a notice, a report)."""
    actor.require(P.allowances_read)
    require_programme(actor, code)
    rows = await session.execute(select(Registration).where(
        Registration.programme == ProgrammeCode(code).value, Registration.fiscal_year == fiscal_year,
        Registration.state.in_(states)).order_by(Registration.received_on, Registration.id))
    return list(rows.scalars())


async def _refuse_duplicate(session: AsyncSession, citizen_id: uuid.UUID, code: str) -> None:
    stmt = select(Registration.id).where(Registration.citizen_id == citizen_id, Registration.programme == code,
                                         Registration.state.in_(OPEN_STATES))
    existing = (await session.execute(stmt.limit(1))).scalar_one_or_none()
    if existing is not None:
        raise Conflict("This person already has an open registration for this programme",
                       code="allowance.duplicate_registration", existing_id=str(existing))


def _set_documents(session: AsyncSession, reg: Registration, existing: list[RegistrationDocument],
                   given: list[Any] | None) -> None:
    prog = programme(reg.programme)
    allowed = set(prog.optional_documents) | {k for kinds in prog.documents.values() for k in kinds}
    by_kind = {d.kind: d for d in existing}
    for kind in required_documents(reg):
        if kind.value not in by_kind:
            doc = RegistrationDocument(registration_id=reg.id, kind=kind.value, received=False)
            session.add(doc)
            by_kind[kind.value] = doc
    for item in given or []:
        if item.kind not in allowed:
            raise Invalid(f"{prog.label_en} does not take the document {item.kind.value}",
                          code="allowance.document_not_for_programme",
                          errors=[{"field": "documents", "code": "allowance.document_not_for_programme",
                                   "message": item.kind.value}])
        doc = by_kind.get(item.kind.value)
        if doc is None:
            doc = RegistrationDocument(registration_id=reg.id, kind=item.kind.value)
            session.add(doc)
            by_kind[item.kind.value] = doc
        doc.received = item.received
        doc.file_ref = item.file_ref


def _refuse_future(received_on: date | None) -> None:
    if received_on is not None and received_on > today():
        raise Invalid("Documents cannot be received in the future", code="allowance.date_in_future",
                      errors=[{"field": "received_on", "code": "allowance.date_in_future",
                               "message": "วันที่รับเอกสารอยู่ในอนาคต"}])


async def create_registration(session: AsyncSession, actor: Actor, data: RegistrationCreate) -> Registration:
    """Documents received: the first step. Eligibility is checked at verification, where a
    refusal names its reason; only a duplicate is refused at once."""
    actor.require(P.allowances_write)
    code = data.programme.value
    require_programme(actor, code)
    if data.kind == RegistrationKind.confirmation and data.programme != ProgrammeCode.elderly:
        raise Invalid("Only the elderly allowance is confirmed (ยืนยันสิทธิ); others register",
                      code="allowance.confirmation_elderly_only",
                      errors=[{"field": "kind", "code": "allowance.confirmation_elderly_only",
                               "message": "elderly only"}])
    citizen = await _citizen_for(session, actor, data.citizen_id)
    await _refuse_duplicate(session, citizen.id, code)
    await _check_bank_account(session, actor, citizen, data.bank_account_id)
    received_on = data.received_on or today()
    _refuse_future(received_on)
    _require_consent(code, data.consent)
    values = data.model_dump(exclude={"documents", "received_on", "programme", "kind", "citizen_id", "consent"},
                             exclude_none=True)
    reg = Registration(id=uuid.uuid4(), citizen_id=citizen.id, programme=code, kind=data.kind.value,
                       state="documents_received", received_on=received_on, **values)
    _set_consent(actor, reg, data.consent)
    await _place_in_year(session, reg)
    with audit.action(session, "allowance_registration.create"):
        session.add(reg)
        try:
            await session.flush()
        except IntegrityError:
            raise Conflict("This person already has an open registration for this programme",
                           code="allowance.duplicate_registration") from None
        _set_documents(session, reg, [], data.documents)
        await session.flush()
    return reg


async def _place_in_year(session: AsyncSession, reg: Registration) -> None:
    """Which fiscal year the request is for: the window's for programmes with windows,
    else the year of the first month it would pay."""
    prog = programme(reg.programme)
    if prog.start_rule == StartRule.elderly_cohort:
        window = await window_for(session, reg.programme, reg.received_on)
        reg.window_id = window.id if window else None
        reg.fiscal_year = window.fiscal_year if window else None
    else:
        reg.window_id = None
        reg.fiscal_year = fiscal_year_of(month_after(reg.received_on))


def _require_consent(code: str, consent: ConsentIn | None) -> None:
    """Health data is collected only with the person's explicit consent (PDPA s.26): the
    intake of a programme of health data records it, or does not happen. Only callers who
    may see the programme get this far, so the refusal tells nobody anything new."""
    if consent is None and programme(code).sensitive:
        raise Invalid("Record the person's (or guardian's) consent to collect health data first",
                      code="allowance.consent_missing",
                      errors=[{"field": "consent", "code": "allowance.consent_missing",
                               "message": "ต้องบันทึกความยินยอมตาม พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล"}])
    if consent is not None and consent.consented_on > today():
        raise Invalid("Consent cannot be given in the future", code="allowance.date_in_future",
                      errors=[{"field": "consent.consented_on", "code": "allowance.date_in_future",
                               "message": "วันที่ให้ความยินยอมอยู่ในอนาคต"}])


def _set_consent(actor: Actor, reg: Registration, consent: ConsentIn | None) -> None:
    if consent is None:
        return
    given = (consent.given_by.value, consent.consented_on, consent.guardian_name)
    if (reg.consent_by, reg.consented_on, reg.consent_guardian_name) != given:
        # The officer is whoever records the consent, not a name typed in; attaching the
        # scanned form later leaves the one who took it.
        reg.consent_officer_id = actor.id
        reg.consent_officer_name = actor.name
    reg.consent_by = consent.given_by.value
    reg.consent_guardian_name = consent.guardian_name
    reg.consent_guardian_relation = consent.guardian_relation
    reg.consented_on = consent.consented_on
    reg.consent_file_ref = consent.file_ref


def consent_missing(reg: Registration) -> bool:
    return programme(reg.programme).sensitive and reg.consented_on is None


_EDITABLE_STATES = ("documents_received", "recorded", "verified")
_CARD_FIELDS = ("disability_card_id", "disability_card_no", "disability_card_expires_on")


async def update_registration(session: AsyncSession, actor: Actor, registration_id: uuid.UUID,
                              data: RegistrationUpdate, expected_version: int) -> Registration:
    """Corrections before approval; afterwards only the payment details and the disability
    card (a renewal) may change, and the state never does here."""
    actor.require(P.allowances_write)
    reg = await load_registration(session, actor, registration_id)
    check_version(reg, expected_version)
    changes = data.model_dump(exclude_unset=True)
    if reg.state not in _EDITABLE_STATES:
        # The welfare card and the consent's scanned form change in life, not only at intake.
        late = set(changes) - {"payment_method", "bank_account_id", "note", "welfare_card_holder", "consent",
                               *_CARD_FIELDS}
        if reg.state in ("rejected", "ended") or late:
            what = ", ".join(sorted(late)) or "at all"
            raise Conflict(f"A registration that is {reg.state} can no longer change {what}",
                           code="allowance.not_editable", state=reg.state)
    _refuse_future(changes.get("received_on"))
    citizen = await _citizen_for(session, actor, reg.citizen_id)
    if "bank_account_id" in changes:
        await _check_bank_account(session, actor, citizen, changes["bank_account_id"])
    documents = changes.pop("documents", None)
    if "consent" in changes:
        changes.pop("consent")
        _require_consent(reg.programme, data.consent)
    with audit.action(session, "allowance_registration.update"):
        for key, value in changes.items():
            if key in ("payment_method", "received_on", "welfare_card_holder") and value is None:
                continue  # required: null means "leave as it is"
            setattr(reg, key, value)
        _set_consent(actor, reg, data.consent)
        if "received_on" in changes and changes["received_on"] is not None:
            await _place_in_year(session, reg)
        if documents is not None:
            existing = (await documents_of(session, [reg.id]))[reg.id]
            _set_documents(session, reg, existing, data.documents)
        await session.flush()
    return reg


# --- eligibility ------------------------------------------------------------------------------------------------

CHECK_LABELS_TH = {
    "allowance.dead": "ผู้ขอยังมีชีวิตอยู่",
    "allowance.not_thai": "มีสัญชาติไทย",
    "allowance.not_resident": "มีภูมิลำเนาอยู่ในเขตตามทะเบียนบ้าน",
    "allowance.birth_date_unknown": "ทราบปีเกิด",
    "allowance.window_closed": "ยื่นคำขอภายในช่วงเวลาที่กำหนด",
    "allowance.under_age": "อายุครบตามเกณฑ์ของปีงบประมาณ",
    "allowance.card_missing": "มีบัตรประจำตัวคนพิการ",
    "allowance.card_expired": "บัตรประจำตัวคนพิการยังไม่หมดอายุ",
    "allowance.not_certified": "มีใบรับรองแพทย์",
    "allowance.documents_missing": "ได้รับเอกสารครบ",
    "allowance.duplicate_registration": "ไม่มีคำขอหรือสิทธิเดิมในโครงการนี้",
    "allowance.paid_elsewhere": "ไม่ได้รับเบี้ยจากองค์กรปกครองส่วนท้องถิ่นอื่น",
    "allowance.excluded_programme": "ไม่ได้รับเบี้ยประเภทที่ไม่อาจรับซ้ำได้",
    "allowance.other_welfare": "ไม่ได้รับสวัสดิการอื่นจากรัฐ",
    "allowance.income_unknown": "แจ้งรายได้ (เมื่อใช้เกณฑ์รายได้)",
    "allowance.income_too_high": "รายได้ไม่เกินเกณฑ์",
}


async def _paid_elsewhere(session: AsyncSession, citizen: Citizen, code: str) -> bool:
    """Another organisation of this deployment has an open registration of the same
    national ID in the programme (the double payment seen between registries, rules.md §4).
    Only the yes/no leaves this function."""
    with widened(session, None):
        stmt = (select(Registration.id)
                .join(Citizen, Citizen.id == Registration.citizen_id)
                .where(Citizen.national_id == citizen.national_id, Citizen.organisation_id != citizen.organisation_id,
                       Registration.programme == code, Registration.state.in_(OPEN_STATES))
                .limit(1))
        return (await session.execute(stmt)).first() is not None


async def eligibility(session: AsyncSession, actor: Actor, reg: Registration, *, on: date,
                      other_welfare: Sequence[str] | None = None,
                      annual_income: Decimal | None = None) -> list[EligibilityCheck]:
    """Every check of the regulation, each with its reason code; the first failure is what
    a refused step answers with."""
    prog = programme(reg.programme)
    settings = await effective_settings(session, reg.programme)
    citizen = await citizens.get_citizen(session, actor, reg.citizen_id)
    docs = {d.kind: d for d in (await documents_of(session, [reg.id]))[reg.id]}
    checks: list[EligibilityCheck] = []

    def check(code: str, passed: bool, detail: str | None = None) -> None:
        checks.append(EligibilityCheck(code=code, label_th=CHECK_LABELS_TH[code], passed=passed,
                                       detail=None if passed else detail))

    check("allowance.dead", citizen.death_date is None, "บันทึกการเสียชีวิตไว้แล้ว")
    check("allowance.not_thai", citizen.nationality == "THA", f"สัญชาติ {citizen.nationality}")
    check("allowance.not_resident", citizen.village_id is not None and citizen.moved_out_on is None,
          "ย้ายออกแล้ว" if citizen.moved_out_on else "ไม่มีที่อยู่ในหมู่บ้านของเขตนี้")
    age_dependent = prog.min_age is not None or len(await rates_in_force(session, reg.programme, on)) > 1
    if age_dependent:
        check("allowance.birth_date_unknown", citizen.birth_date is not None, "ไม่มีวันเกิดในทะเบียน")
    if prog.start_rule == StartRule.elderly_cohort:
        window = (await session.get(RegistrationWindow, reg.window_id)) if reg.window_id else None
        check("allowance.window_closed", window is not None,
              "ยื่นนอกช่วงรับลงทะเบียน (เดือนธันวาคมปิดรับ)")
        if window is not None and window.cohort_born_before is not None:
            check("allowance.under_age",
                  citizen.birth_date is not None and citizen.birth_date < window.cohort_born_before,
                  f"ต้องเกิดก่อนวันที่ {window.cohort_born_before.isoformat()} จึงลงทะเบียนสำหรับปีงบประมาณ "
                  f"{window.fiscal_year} ได้")
    if prog.needs_card:
        # A card issued through the province exchange counts by itself; the card typed on the
        # registration stays as the fallback for cards issued before the system.
        card = await disability_cards.valid_card_for(session, reg.citizen_id, on)
        has_card = card is not None or reg.disability_card_id is not None or bool(reg.disability_card_no)
        check("allowance.card_missing", has_card, "ยังไม่มีข้อมูลบัตรประจำตัวคนพิการ")
        if has_card:
            expires = card.expires_on if card is not None else reg.disability_card_expires_on
            check("allowance.card_expired", expires is None or expires >= on,
                  f"บัตรหมดอายุวันที่ {expires.isoformat() if expires else ''}")
    if prog.needs_medical_certificate:
        cert = docs.get(DocumentKind.medical_certificate.value)
        check("allowance.not_certified", cert is not None and cert.received, "ยังไม่ได้รับใบรับรองแพทย์")
    missing = [k.value for k in required_documents(reg) if not (docs.get(k.value) and docs[k.value].received)]
    check("allowance.documents_missing", not missing, ", ".join(missing))
    duplicate = (await session.execute(
        select(Registration.id).where(Registration.citizen_id == reg.citizen_id,
                                      Registration.programme == reg.programme, Registration.id != reg.id,
                                      Registration.state.in_(OPEN_STATES)).limit(1))).first()
    check("allowance.duplicate_registration", duplicate is None, "มีคำขอหรือสิทธิเดิมที่ยังไม่สิ้นสุด")
    check("allowance.paid_elsewhere", not await _paid_elsewhere(session, citizen, reg.programme),
          "มีสิทธิอยู่กับองค์กรปกครองส่วนท้องถิ่นอื่น")
    if settings.excludes:
        excluded = (await session.execute(
            select(Registration.programme).where(Registration.citizen_id == reg.citizen_id,
                                                 Registration.programme.in_(settings.excludes),
                                                 Registration.state.in_(OPEN_STATES)).limit(1))).scalar_one_or_none()
        check("allowance.excluded_programme", excluded is None, f"ได้รับ {excluded}")
    welfare = list(other_welfare if other_welfare is not None else reg.other_welfare or [])
    if prog.code == ProgrammeCode.elderly:
        check("allowance.other_welfare", not welfare, ", ".join(welfare))
    if settings.means_test_enabled:
        income = annual_income if annual_income is not None else reg.annual_income
        check("allowance.income_unknown", income is not None, "ยังไม่ได้แจ้งรายได้")
        if income is not None and settings.income_limit is not None:
            check("allowance.income_too_high", income <= settings.income_limit,
                  f"รายได้ {income} บาทต่อปี เกินเกณฑ์ {settings.income_limit} บาท")
    return checks


def first_failure(checks: Sequence[EligibilityCheck]) -> str | None:
    return next((c.code for c in checks if not c.passed), None)


async def eligibility_of(session: AsyncSession, actor: Actor, registration_id: uuid.UUID,
                         on: date | None = None) -> tuple[Registration, list[EligibilityCheck]]:
    reg = await load_registration(session, actor, registration_id)
    return reg, await eligibility(session, actor, reg, on=on or today())


async def start_month_for(session: AsyncSession, actor: Actor, reg: Registration) -> date:
    """The month the rules say payment starts (rules.md §1-§3)."""
    prog = programme(reg.programme)
    if prog.start_rule == StartRule.elderly_cohort:
        window = (await session.get(RegistrationWindow, reg.window_id)) if reg.window_id else None
        citizen = await citizens.get_citizen(session, actor, reg.citizen_id)
        if window is None or citizen.birth_date is None:
            raise Conflict("No registration window or birth date to start payment from",
                           code="allowance.window_closed")
        return elderly_start(citizen.birth_date, window.payment_starts_on)
    return month_after(reg.received_on)


# --- what other domains see ------------------------------------------------------------------------------------


def _programme_filter(stmt: Any, value: str) -> Any:
    # A search filter has no caller to check, so health data is never offered through it.
    if value not in {c.value for c in ProgrammeCode} or value in SENSITIVE:
        raise Invalid("Filter people by a programme other than health data programmes here; use the allowances "
                      "list for the rest", code="allowance.filter_unavailable",
                      errors=[{"field": "programme", "code": "allowance.filter_unavailable", "message": value}])
    return stmt.where(Citizen.id.in_(select(Registration.citizen_id).where(
        and_(Registration.programme == value, Registration.state.in_(OPEN_STATES)))))


async def _timeline(session: AsyncSession, actor: Actor, citizen: Citizen) -> list[timeline.TimelineItem]:
    """The person's registrations on their timeline, those of health data only for whoever
    may read it (and then the read is logged)."""
    stmt = select(Registration.id, Registration.programme).where(
        Registration.citizen_id == citizen.id, Registration.programme.in_(visible_programmes(actor)))
    rows = (await session.execute(stmt)).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    await log_sensitive_read(session, actor, entity="allowance_registrations",
                             ids=[r.id for r in rows if r.programme in SENSITIVE],
                             action="allowance_registration.sensitive_read")
    items = await timeline._audit_items(session, actor, Registration.__tablename__, [str(i) for i in ids])
    items += await timeline._workflow_items(session, "allowance_registration", ids)
    return items


citizens.register_search_filter("programme", _programme_filter)
timeline.register_source("allowance_registrations", _timeline)
