"""The disability allowance follows the person's disability card (rules.md §2: "an expired
card suspends payment until the card is renewed").

The card domain tells us, in its own transaction, when a card is found lapsed and when a
card is issued (`disability_cards.service.register_card_listener`). Here:

- lapsed: every active disability registration of the person is suspended through the
  registration process (reason `card_expired`, actor `system`), from the first month the
  card no longer covers: the month after it expired. The payroll already pays a month only
  when the card is valid on its 1st, so this is the same month, now visible in the history
  and to the payroll's checks.
- issued: a suspension the card caused is lifted by the same process, from the first month
  the new card covers; the registration's card fields now point at the new card.
  Resumption is automatic because the only fact the suspension waited for (a valid card,
  recorded by the issuing office itself) is now on record, and it is undone by nothing an
  officer could add. Suspensions for any other reason, and people who died or moved away
  meanwhile, are left to an officer: those need a person's judgement.

Registered at import of this module, which the allowances router imports (so wherever the
app's routes exist, the listener does); it cannot live in `service.py`, which the process
declaration imports.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.allowances.models import Registration, Suspension
from chumchon.allowances.programmes import ProgrammeCode, month_after, month_start
from chumchon.allowances.schemas import ResumeEvidence, SuspendEvidence, SuspendReason
from chumchon.allowances.workflow import REGISTRATION
from chumchon.auth.permissions import P
from chumchon.citizens.models import Citizen
from chumchon.core import audit
from chumchon.core.context import Actor
from chumchon.core.thai import format_thai_date
from chumchon.core.workflow import fire
from chumchon.disability_cards.service import CardChange, register_card_listener

LISTENER_NAME = "allowances.disability_card"


def _system(organisation_id: object) -> Actor:
    # The system acts under the permission the step asks of a person, and no other.
    return Actor(kind="system", id=None, name="system", organisation_id=organisation_id,  # type: ignore[arg-type]
                 permissions=frozenset({P.allowances_read, P.allowances_write}))


def first_month_covered(issued_on: date) -> date:
    """A month is paid when the card is valid on its 1st (the payroll's rule)."""
    return month_start(issued_on) if issued_on.day == 1 else month_after(issued_on)


async def _registrations(session: AsyncSession, change: CardChange, states: tuple[str, ...]) -> list[Registration]:
    rows = await session.execute(
        select(Registration).where(Registration.citizen_id == change.card.citizen_id,
                                   Registration.programme == ProgrammeCode.disability.value,
                                   Registration.state.in_(states))
        .order_by(Registration.received_on, Registration.id))
    return list(rows.scalars())


async def _on_lapse(session: AsyncSession, change: CardChange) -> None:
    card = change.card
    for reg in await _registrations(session, change, ("active",)):
        if reg.disability_card_expires_on is not None and reg.disability_card_expires_on > card.expires_on:
            continue  # a later card was typed on the registration; the payroll follows that one
        first_unpaid = month_after(card.expires_on)
        if reg.start_month is not None:
            first_unpaid = max(first_unpaid, reg.start_month)
        note = (f"บัตรประจำตัวคนพิการเลขที่ {card.card_number} หมดอายุเมื่อ {format_thai_date(card.expires_on)} "
                "ระงับการจ่ายจนกว่าจะบันทึกบัตรใหม่ (ระบบดำเนินการ)")
        await fire(session, REGISTRATION, reg, "suspend", _system(reg.organisation_id),
                   evidence=SuspendEvidence(from_month=first_unpaid, reason=SuspendReason.card_expired), note=note)


async def _on_issue(session: AsyncSession, change: CardChange) -> None:
    card = change.card
    regs = await _registrations(session, change, ("documents_received", "recorded", "verified", "approved",
                                                  "active", "suspended"))
    if not regs:
        return
    citizen = await session.get(Citizen, card.citizen_id)
    for reg in regs:
        if reg.state == "suspended":
            open_ = (await session.execute(select(Suspension).where(
                Suspension.registration_id == reg.id, Suspension.until_month.is_(None)))).scalar_one_or_none()
            gone = citizen is None or citizen.death_date is not None or citizen.moved_out_on is not None
            if open_ is not None and open_.reason == SuspendReason.card_expired.value and not gone:
                first_paid = max(first_month_covered(card.issued_on), open_.from_month)
                await fire(session, REGISTRATION, reg, "resume", _system(reg.organisation_id),
                           evidence=ResumeEvidence(from_month=first_paid, disability_card_no=card.card_number,
                                                   disability_card_expires_on=card.expires_on),
                           note=f"บันทึกบัตรประจำตัวคนพิการใบใหม่เลขที่ {card.card_number} แล้ว (ระบบดำเนินการ)")
        # The registration points at the person's newest card, so the payroll's card check
        # reads the renewal and not the card it replaced.
        later = reg.disability_card_expires_on is None or reg.disability_card_expires_on <= card.expires_on
        if later and reg.disability_card_id != card.card_id:
            with audit.action(session, "allowance_registration.card_recorded"):
                reg.disability_card_id = card.card_id
                reg.disability_card_no = card.card_number
                reg.disability_card_expires_on = card.expires_on
                await session.flush()


async def on_card_change(session: AsyncSession, change: CardChange) -> None:
    if change.kind == "expired":
        await _on_lapse(session, change)
    elif change.kind == "issued":
        await _on_issue(session, change)


register_card_listener(LISTENER_NAME, on_card_change)
