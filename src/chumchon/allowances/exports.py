"""What leaves the system: the payroll roster (XLSX) and the bank transfer file.

For the programmes CGD pays (elderly, disability) the roster is the list the officer
reconciles with the DLA allowance database; for what the organisation pays itself the
bank file goes to the bank. Both are reads of personal data and are written to the audit
log; for a sensitive programme the payroll loader has logged the read already.
"""

from __future__ import annotations

import io
import uuid
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.allowances import bankfile, service
from chumchon.allowances import payroll as payrolls
from chumchon.allowances.programmes import SENSITIVE
from chumchon.allowances.models import Payroll, PayrollLine
from chumchon.allowances.programmes import PAYER_LABELS_TH, Payer, programme, thai_month
from chumchon.areas import service as areas
from chumchon.auth.permissions import P
from chumchon.core import audit
from chumchon.core.context import Actor
from chumchon.core.errors import Conflict
from chumchon.core.pagination import PageParams
from chumchon.core.thai import baht_text, format_national_id, from_satang, mask_national_id, to_satang
from chumchon.documents.pdf import Column, Signature, ThaiDocument

EXPORTABLE_STATES = ("approved", "exported", "paid", "partly_failed")
CARD_COLUMN_TH = "จ่ายผ่านบัตรสวัสดิการแห่งรัฐ (บาท)"
LINE_STATUS_TH = {"pending": "รอจ่าย", "exported": "ส่งธนาคารแล้ว", "paid": "จ่ายแล้ว", "failed": "จ่ายไม่สำเร็จ"}


async def _village_numbers(session: AsyncSession, actor: Actor) -> dict[uuid.UUID, int]:
    villages, _ = await areas.list_villages(session, actor, PageParams(page_size=200))
    return {v.id: v.number for v in villages}


async def roster_xlsx(session: AsyncSession, actor: Actor, payroll_id: uuid.UUID) -> tuple[Payroll, bytes]:
    actor.require(P.allowances_read)
    payroll = await payrolls.load_payroll(session, actor, payroll_id)
    lines = await payrolls.all_lines(session, payroll)
    people = await service.citizens_by_id(session, [line.citizen_id for line in lines])
    villages = await _village_numbers(session, actor)
    org = await areas.current_organisation(session, actor)
    whole_ids = actor.can(P.citizens_read_id)
    prog = programme(payroll.programme)

    wb = Workbook()
    ws = wb.active
    ws.title = "บัญชีรายชื่อ"
    month_th = thai_month(payroll.month, "long")
    ws.append([f"บัญชีรายชื่อผู้มีสิทธิรับ{prog.label_th} ประจำเดือน{month_th} {org.name_th}"])
    ws.append([f"ผู้จ่าย: {PAYER_LABELS_TH[Payer(payroll.payer)]}  สถานะ: {payroll.state}  "
               f"จำนวน {payroll.line_count} รายการ"])
    ws.append([])
    header = ["ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ-สกุล", "หมู่ที่", "เดือนที่จ่าย", "อายุ (ปี)", "อัตรา",
              "จำนวนเงิน (บาท)", "จ่ายย้อนหลัง", "ธนาคาร", "เลขที่บัญชี", "ชื่อบัญชี", "สถานะ"]
    # The part paid on the state welfare card is shown, apart, only where there is one:
    # it is owed to the person but is not money this payroll moves.
    with_card = any(line.card_amount for line in lines)
    if with_card:
        header.append(CARD_COLUMN_TH)
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    total = card_total = 0
    for n, line in enumerate(lines, start=1):
        person = people.get(line.citizen_id)
        nid = person.national_id if person else ""
        row = [
            n, (nid if whole_ids else mask_national_id(nid)) if nid else "",
            f"{person.title}{person.first_name} {person.last_name}" if person else "",
            villages.get(person.village_id) if person and person.village_id else None,
            thai_month(line.month_paid),
            line.age, line.band_label_th, line.amount, "ใช่" if line.is_back_pay else "",
            line.bank_code or "", line.account_no or "", line.account_name or "",
            LINE_STATUS_TH.get(line.status, line.status),
        ]
        ws.append([*row, line.card_amount] if with_card else row)
        ws.cell(row=ws.max_row, column=8).number_format = "#,##0.00"
        if with_card:
            ws.cell(row=ws.max_row, column=14).number_format = "#,##0.00"
        if line.status != "failed":
            total += to_satang(line.amount)
            card_total += to_satang(line.card_amount)
    ws.append(["", "", "รวม (ไม่นับรายการที่จ่ายไม่สำเร็จ)"])
    ws.cell(row=ws.max_row, column=8, value=from_satang(total)).number_format = "#,##0.00"
    ws.cell(row=ws.max_row, column=8).font = Font(bold=True)
    if with_card:
        ws.cell(row=ws.max_row, column=14, value=from_satang(card_total)).number_format = "#,##0.00"
        ws.cell(row=ws.max_row, column=14).font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJKLMN", (7, 20, 30, 8, 12, 9, 16, 15, 12, 9, 16, 30, 14, 18), strict=True):
        ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    await audit.record(session, action="allowance_payroll.export_roster", entity="allowance_payrolls",
                       sensitive=payroll.programme in SENSITIVE,
                       entity_id=payroll.id, organisation_id=payroll.organisation_id,
                       after={"lines": len(lines), "whole_national_ids": whole_ids})
    return payroll, buffer.getvalue()


async def bank_file(session: AsyncSession, actor: Actor, payroll_id: uuid.UUID, *, effective_date: date | None,
                    batch_no: int) -> tuple[Payroll, bytes, int]:
    """The transfer file of an approved payroll the organisation pays itself; answers the
    bytes and how many lines it left out (cash, or no open bank account)."""
    actor.require(P.payroll_pay)
    payroll = await payrolls.load_payroll(session, actor, payroll_id)
    if payroll.payer != Payer.lao.value:
        raise Conflict("CGD pays this programme directly; reconcile with the roster instead",
                       code="payroll.paid_by_cgd")
    if payroll.state not in EXPORTABLE_STATES:
        raise Conflict("The bank file is made from an approved payroll", code="workflow.wrong_state",
                       state=payroll.state)
    settings = await service.effective_settings(session, payroll.programme)
    refusal = await payrolls.export_refusal(session, payroll)
    if refusal:
        raise Conflict("Set the organisation's paying account in the programme settings first", code=refusal)
    layout = bankfile.LAYOUTS.get(settings.bank_layout)
    if layout is None:
        raise Conflict(f"No bank file layout {settings.bank_layout!r}", code="payroll.unknown_bank_layout")
    lines = [line for line in await payrolls.all_lines(session, payroll) if line.status != "failed"]
    payable: list[PayrollLine] = [line for line in lines if line.account_no and line.bank_code]
    effective = effective_date or payroll.month.replace(day=10)
    details = []
    total = 0
    for n, line in enumerate(payable, start=1):
        satang = to_satang(line.amount)
        total += satang
        details.append({
            "receiving_bank": line.bank_code, "receiving_branch": "0", "receiving_account": line.account_no,
            "sending_branch": settings.payer_branch_code or "0", "sending_account": settings.payer_account_no,
            "amount": satang, "receiver_name": line.account_name or "",
            "sender_name": settings.payer_account_name or "",
            "reference": f"ALW{payroll.month.year + 543}{payroll.month.month:02d}{n:06d}", "running_no": n,
        })
    header = {"batch_no": batch_no, "total_count": len(details), "total_amount": total,
              "effective_date": effective.strftime(layout.date_format), "company_id": settings.payer_company_id}
    try:
        data = bankfile.render(layout, header, details)
    except bankfile.BankFileError as exc:
        raise Conflict(f"The bank file cannot be made: {exc}", code="payroll.bank_file_invalid",
                       field=exc.field) from None
    await audit.record(session, action="allowance_payroll.export_bank_file", entity="allowance_payrolls",
                       sensitive=payroll.programme in SENSITIVE,
                       entity_id=payroll.id, organisation_id=payroll.organisation_id,
                       after={"lines": len(details), "total_satang": total, "layout": layout.key,
                              "left_out": len(lines) - len(payable)})
    return payroll, data, len(lines) - len(payable)


async def roster_pdf(session: AsyncSession, actor: Actor, payroll_id: uuid.UUID) -> tuple[Payroll, bytes]:
    """The roster to sign and file with the payment voucher: one line per person and month,
    the total in figures and in words."""
    actor.require(P.allowances_read)
    payroll = await payrolls.load_payroll(session, actor, payroll_id)
    lines = [line for line in await payrolls.all_lines(session, payroll) if line.status != "failed"]
    people = await service.citizens_by_id(session, [line.citizen_id for line in lines])
    villages = await _village_numbers(session, actor)
    org = await areas.current_organisation(session, actor)
    whole_ids = actor.can(P.citizens_read_id)
    prog = programme(payroll.programme)
    with_card = any(line.card_amount for line in lines)
    title = f"บัญชีรายชื่อผู้มีสิทธิรับ{prog.label_th} ประจำเดือน{thai_month(payroll.month, 'long')}"
    doc = ThaiDocument(title=title, author=org.name_th, landscape=True)
    doc.title(title)
    doc.paragraph(f"{org.name_th} อำเภอ{org.district_name} จังหวัด{org.province_name}  "
                  f"({PAYER_LABELS_TH[Payer(payroll.payer)]})", indent=False, align="CENTER")
    rows = []
    for n, line in enumerate(lines, start=1):
        person = people.get(line.citizen_id)
        nid = person.national_id if person else ""
        rows.append((
            str(n), f"{person.title}{person.first_name} {person.last_name}" if person else "",
            (format_national_id(nid) if whole_ids else mask_national_id(nid)) if nid else "",
            str(villages.get(person.village_id, "")) if person and person.village_id else "",
            thai_month(line.month_paid) + (" (ย้อนหลัง)" if line.is_back_pay else ""),
            line.band_label_th, line.amount, *((line.card_amount,) if with_card else ()),
        ))
    columns = [Column("ลำดับ", 0.6, "center"), Column("ชื่อ-สกุล", 3.0), Column("เลขประจำตัวประชาชน", 2.2, "center"),
               Column("หมู่ที่", 0.7, "center"), Column("เดือนที่จ่าย", 1.8), Column("อัตรา", 1.6),
               Column("จำนวนเงิน (บาท)", 1.5, "money")]
    if with_card:
        columns.append(Column("บัตรสวัสดิการแห่งรัฐ (บาท)", 1.5, "money"))
    totals = doc.table(columns, rows, total_label=f"รวม {len(rows)} รายการ")
    doc.paragraph(f"รวมเป็นเงินทั้งสิ้น ({baht_text(totals[6])})", indent=False)
    if with_card:
        doc.paragraph(f"และจ่ายผ่านบัตรสวัสดิการแห่งรัฐ {totals[7]:,.2f} บาท ({baht_text(totals[7])}) "
                      "ซึ่งไม่รวมอยู่ในยอดโอนข้างต้น", indent=False)
    doc.signatures([Signature(None, None, role="ผู้จัดทำ", dated=True),
                    Signature(None, None, role="ผู้ตรวจสอบ", dated=True),
                    Signature(None, None, role="ผู้อนุมัติ", dated=True)])
    data = doc.output()
    await audit.record(session, action="allowance_payroll.export_roster_pdf", entity="allowance_payrolls",
                       sensitive=payroll.programme in SENSITIVE,
                       entity_id=payroll.id, organisation_id=payroll.organisation_id,
                       after={"lines": len(lines), "whole_national_ids": whole_ids})
    return payroll, data
