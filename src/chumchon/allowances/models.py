"""Allowances: rate tables, registration windows, settings, registrations, payrolls.

Rates and registration windows are national (Cabinet and DLA decide them), so they carry
no organisation: every organisation reads the same rows, and a new national rate is a new
row, never an edit. Everything else belongs to one organisation.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.util import identity_key

from chumchon.allowances.programmes import SENSITIVE
from chumchon.core.audit import JsonDoc
from chumchon.core.db import Base, Entity, TenantMixin

# Registrations in these states hold the person's place in the programme: a second one is
# a duplicate. Rejected and ended registrations are history.
OPEN_STATES = ("documents_received", "recorded", "verified", "approved", "active", "suspended")
# States whose months may be paid (each bounded by its start, end and suspensions).
PAYABLE_STATES = ("approved", "active", "suspended", "ended")


class Rate(Entity, Base):
    """One band of a national rate table. The rows of a programme that share
    `effective_from` are one version; the version in force for a month is the latest that
    starts on or before it, so payrolls before a new rate keep the old one."""

    __tablename__ = "allowance_rates"
    __table_args__ = (UniqueConstraint("programme", "effective_from", "age_min"),)

    programme: Mapped[str] = mapped_column(String(16))
    effective_from: Mapped[date] = mapped_column(Date)
    age_min: Mapped[int] = mapped_column(Integer, default=0)
    age_max: Mapped[int | None] = mapped_column(Integer)  # inclusive; None: no upper bound
    amount: Mapped[Decimal]  # baht per month
    label_th: Mapped[str] = mapped_column(String(100))
    source: Mapped[str | None] = mapped_column(String(300))  # the Cabinet resolution or notice
    # What a holder of the state welfare card (บัตรสวัสดิการแห่งรัฐ) is owed in this band, when
    # the Cabinet set it apart (disability, 18 and over: 1,000 instead of 800); None: `amount`.
    welfare_card_amount: Mapped[Decimal | None]


class RegistrationWindow(Entity, Base):
    """When people may register for a fiscal year's payments, who may, and from when
    the year pays. The elderly programme has two a year (Oct–Nov and Jan–Sep of the year
    before); a programme without rows takes registrations any time."""

    __tablename__ = "allowance_registration_windows"
    __table_args__ = (UniqueConstraint("programme", "fiscal_year", "opens_on"),)

    programme: Mapped[str] = mapped_column(String(16))
    fiscal_year: Mapped[int] = mapped_column(Integer)  # BE: the year registered for (paid in)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)  # inclusive
    cohort_born_before: Mapped[date | None] = mapped_column(Date)
    payment_starts_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(300))


class ProgrammeSetting(Entity, TenantMixin, Base):
    """An organisation's choices for one programme; absent, the defaults in
    `programmes.DEFAULT_SETTINGS` apply."""

    __tablename__ = "allowance_programme_settings"
    __table_args__ = (UniqueConstraint("organisation_id", "programme"),)

    programme: Mapped[str] = mapped_column(String(16))
    payer: Mapped[str] = mapped_column(String(8))
    band_start: Mapped[str] = mapped_column(String(20))
    death_month_paid: Mapped[bool] = mapped_column(Boolean)
    move_paid_through: Mapped[str] = mapped_column(String(20))
    back_pay_months: Mapped[int] = mapped_column(Integer)
    # A means test the state may switch on (2566 clause 6(4)); off until it publishes one.
    means_test_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    income_limit: Mapped[Decimal | None]  # baht a year
    excludes: Mapped[list[str]] = mapped_column(JsonDoc, default=list)  # programmes that exclude this one
    bank_layout: Mapped[str] = mapped_column(String(40), default="ktb_direct_credit")
    payer_company_id: Mapped[str | None] = mapped_column(String(20))
    payer_bank_code: Mapped[str | None] = mapped_column(String(3))
    payer_branch_code: Mapped[str | None] = mapped_column(String(4))
    payer_account_no: Mapped[str | None] = mapped_column(String(20))
    payer_account_name: Mapped[str | None] = mapped_column(String(200))
    # rules.md §2 and "where sources disagree" 4: a welfare-card holder's higher rate is paid
    # either whole to the bank, or as the ordinary rate to the bank plus the difference on
    # the state welfare card. Off: whole to the bank.
    welfare_card_split: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class Registration(Entity, TenantMixin, Base):
    """A person's place in one programme, from the documents received to the end."""

    __tablename__ = "allowance_registrations"
    __table_args__ = (
        # One open registration per person and programme; the service says so first and
        # nicely (allowance.duplicate_registration), this stops two clicks both winning.
        Index(
            "uq_allowance_registrations_open",
            "citizen_id", "programme",
            unique=True,
            postgresql_where=text("state NOT IN ('rejected', 'ended')"),
            sqlite_where=text("state NOT IN ('rejected', 'ended')"),
        ),
        Index("ix_allowance_registrations_programme_state", "organisation_id", "programme", "state"),
        # What waits for someone (GET /workflow/waiting) is a few rows in early states among
        # many active ones, across programmes.
        Index("ix_allowance_registrations_state", "organisation_id", "state"),
    )

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    programme: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="registration")
    state: Mapped[str] = mapped_column(String(24), default="documents_received")
    received_on: Mapped[date] = mapped_column(Date)
    fiscal_year: Mapped[int | None] = mapped_column(Integer)  # BE; for elderly the year registered for
    window_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("allowance_registration_windows.id"))
    request_no: Mapped[str | None] = mapped_column(String(40))
    proxy_name: Mapped[str | None] = mapped_column(String(200))
    proxy_relation: Mapped[str | None] = mapped_column(String(100))
    payment_method: Mapped[str] = mapped_column(String(8), default="bank")  # bank | cash
    bank_account_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("citizen_bank_accounts.id"))
    # The disability card domain comes later; until then the card is typed in here.
    disability_card_id: Mapped[uuid.UUID | None] = mapped_column()
    disability_card_no: Mapped[str | None] = mapped_column(String(40))
    disability_card_expires_on: Mapped[date | None] = mapped_column(Date)
    # What verification found (kept for approval to check again).
    other_welfare: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    annual_income: Mapped[Decimal | None]
    # Holds the state welfare card: the rate band's `welfare_card_amount` applies.
    welfare_card_holder: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # PDPA s.26 explicit consent, taken at intake for the programmes of health data (and
    # only readable where the registration is): who gave it, when, before which officer.
    consent_by: Mapped[str | None] = mapped_column(String(8))  # self | guardian
    consent_guardian_name: Mapped[str | None] = mapped_column(String(200))
    consent_guardian_relation: Mapped[str | None] = mapped_column(String(100))
    consented_on: Mapped[date | None] = mapped_column(Date)
    consent_officer_id: Mapped[str | None] = mapped_column(String(64))
    consent_officer_name: Mapped[str | None] = mapped_column(String(200))
    consent_file_ref: Mapped[str | None] = mapped_column(String(300))
    verified_on: Mapped[date | None] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    start_month: Mapped[date | None] = mapped_column(Date)  # first month paid
    end_month: Mapped[date | None] = mapped_column(Date)    # last month paid, once ended
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)


    def audit_sensitive(self, session: Session) -> bool:
        return self.programme in SENSITIVE

class RegistrationDocument(Entity, TenantMixin, Base):
    """One document of the checklist: ticked when received, with the scan's reference."""

    __tablename__ = "allowance_registration_documents"
    __table_args__ = (UniqueConstraint("registration_id", "kind"),)

    registration_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allowance_registrations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    received: Mapped[bool] = mapped_column(Boolean, default=False)
    file_ref: Mapped[str | None] = mapped_column(String(300))


    def audit_sensitive(self, session: Session) -> bool:
        # The parent says which programme; when it is not at hand, assume health data.
        parent = session.identity_map.get(identity_key(Registration, self.registration_id))
        return parent is None or parent.programme in SENSITIVE

class Suspension(Entity, TenantMixin, Base):
    """Months a registration is not paid: from `from_month` to `until_month` (open while
    suspended)."""

    __tablename__ = "allowance_suspensions"

    registration_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allowance_registrations.id"), index=True)
    from_month: Mapped[date] = mapped_column(Date)
    until_month: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)


    def audit_sensitive(self, session: Session) -> bool:
        # The parent says which programme; when it is not at hand, assume health data.
        parent = session.identity_map.get(identity_key(Registration, self.registration_id))
        return parent is None or parent.programme in SENSITIVE

class Payroll(Entity, TenantMixin, Base):
    """One programme's payments for one month, with back pay for months owed."""

    __tablename__ = "allowance_payrolls"
    __table_args__ = (UniqueConstraint("organisation_id", "programme", "month"),)

    programme: Mapped[str] = mapped_column(String(16))
    month: Mapped[date] = mapped_column(Date)  # the 1st of the month paid
    fiscal_year: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    payer: Mapped[str] = mapped_column(String(8))
    # The settings the lines were computed with, so a later change of setting does not
    # change what an existing payroll means.
    rules: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    computed_at: Mapped[datetime | None]
    line_count: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    exported_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)


    def audit_sensitive(self, session: Session) -> bool:
        return self.programme in SENSITIVE

class PayrollLine(Entity, TenantMixin, Base):
    """One person's allowance for one month, frozen as computed: the age and band, the
    rate row and amount, and the account it goes to."""

    __tablename__ = "allowance_payroll_lines"
    __table_args__ = (
        # A month is paid once: however many payrolls or clicks, at most one line per
        # registration and month that has not failed. A failed line frees the month for a
        # later payroll.
        Index(
            "uq_allowance_payroll_lines_month_paid",
            "registration_id", "month_paid",
            unique=True,
            postgresql_where=text("status <> 'failed'"),
            sqlite_where=text("status <> 'failed'"),
        ),
    )

    payroll_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allowance_payrolls.id"), index=True)
    registration_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allowance_registrations.id"), index=True)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    month_paid: Mapped[date] = mapped_column(Date)
    is_back_pay: Mapped[bool] = mapped_column(Boolean, default=False)
    age: Mapped[int | None] = mapped_column(Integer)  # the age that chose the band
    rate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allowance_rates.id"))
    band_label_th: Mapped[str] = mapped_column(String(100))
    amount: Mapped[Decimal]  # what this payroll pays: to the bank, or in cash
    # Paid on the state welfare card, outside this payroll's money (see ProgrammeSetting.
    # welfare_card_split): on the roster, never in the bank file.
    card_amount: Mapped[Decimal] = mapped_column(default=Decimal("0.00"), server_default=text("0"))
    bank_account_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("citizen_bank_accounts.id"))
    bank_code: Mapped[str | None] = mapped_column(String(3))
    account_no: Mapped[str | None] = mapped_column(String(20))
    account_name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending exported paid failed
    failure_reason: Mapped[str | None] = mapped_column(String(24))
    failure_note: Mapped[str | None] = mapped_column(Text)
    failed_on: Mapped[date | None] = mapped_column(Date)

    def audit_sensitive(self, session: Session) -> bool:
        parent = session.identity_map.get(identity_key(Payroll, self.payroll_id))
        return parent is None or parent.programme in SENSITIVE
