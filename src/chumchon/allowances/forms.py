"""The registration request form (แบบคำขอลงทะเบียน / แบบยืนยันสิทธิ), printed with the
applicant's data filled in, for the applicant and the officer to sign."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.allowances import service
from chumchon.allowances.models import Registration
from chumchon.allowances.programmes import (
    DOCUMENT_LABELS_TH,
    SENSITIVE,
    DocumentKind,
    ProgrammeCode,
    RegistrationKind,
    programme,
    thai_month,
)
from chumchon.areas import service as areas
from chumchon.auth.permissions import P
from chumchon.citizens import service as citizens
from chumchon.citizens.schemas import BANK_NAMES_TH
from chumchon.core import audit
from chumchon.core.context import Actor
from chumchon.core.errors import Conflict
from chumchon.core.pagination import PageParams
from chumchon.core.thai import PartialDate, age_on, format_national_id, format_thai_date, mask_national_id
from chumchon.documents.pdf import Column, Field, Signature, ThaiDocument

_TITLES = {
    (ProgrammeCode.elderly, RegistrationKind.registration): "แบบคำขอลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ",
    (ProgrammeCode.elderly, RegistrationKind.confirmation): "แบบยืนยันสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ",
    (ProgrammeCode.disability, RegistrationKind.registration): "แบบคำขอลงทะเบียนรับเงินเบี้ยความพิการ",
    (ProgrammeCode.hiv, RegistrationKind.registration): "แบบคำขอรับเงินสงเคราะห์เพื่อการยังชีพ (ผู้ป่วยเอดส์)",
}
PRINTABLE_STATES = ("recorded", "verified", "approved", "active", "suspended", "ended", "rejected")


def _tick(done: bool) -> str:
    return "[ / ]" if done else "[   ]"


async def request_form_pdf(session: AsyncSession, actor: Actor, registration_id: uuid.UUID) -> tuple[Registration,
                                                                                                       bytes]:
    reg = await service.load_registration(session, actor, registration_id)
    if reg.state not in PRINTABLE_STATES:
        raise Conflict("The request form is printed once the request is recorded", code="workflow.wrong_state",
                       state=reg.state)
    prog = programme(reg.programme)
    kind = RegistrationKind(reg.kind)
    citizen = await citizens.get_citizen(session, actor, reg.citizen_id)
    org = await areas.current_organisation(session, actor)
    village = await areas.get_village(session, actor, citizen.village_id) if citizen.village_id else None
    docs = (await service.documents_of(session, [reg.id]))[reg.id]
    account = None
    if reg.payment_method == "bank":
        accounts, _ = await citizens.list_bank_accounts(session, actor, citizen.id, PageParams(page_size=200),
                                                        include_ended=False)
        account = next((a for a in accounts if a.id == reg.bank_account_id), None) or \
            next((a for a in accounts if a.is_primary), None)
    whole_id = actor.can(P.citizens_read_id)

    doc = ThaiDocument(title=_TITLES[(prog.code, kind)], author=org.name_th)
    doc.title(_TITLES[(prog.code, kind)])
    if reg.fiscal_year:
        doc.paragraph(f"ประจำปีงบประมาณ พ.ศ. {reg.fiscal_year}", indent=False, align="CENTER")
    doc.fields(Field("เลขที่รับ", reg.request_no or None, width=1.0),
               Field("เขียนที่", org.name_th, width=2.0))
    doc.field("วันที่", format_thai_date(reg.received_on, "long"))
    doc.spacer(2)
    name = f"{citizen.title}{citizen.first_name} {citizen.last_name}"
    doc.fields(Field("ข้าพเจ้า", name, width=2.0),
               Field("เลขประจำตัวประชาชน",
                     format_national_id(citizen.national_id) if whole_id else mask_national_id(citizen.national_id),
                     width=1.6))
    if citizen.birth_date is not None:
        precision = citizen.birth_precision
        birth = (PartialDate(citizen.birth_date.year) if precision == "year"
                 else PartialDate(citizen.birth_date.year, citizen.birth_date.month) if precision == "month"
                 else PartialDate.from_date(citizen.birth_date))
        doc.fields(Field("เกิดวันที่", format_thai_date(birth, "long"), width=2.0),
                   Field("อายุ", str(age_on(citizen.birth_date, reg.received_on)), unit="ปี", width=1.0),
                   Field("สัญชาติ", "ไทย" if citizen.nationality == "THA" else citizen.nationality, width=1.0))
    doc.fields(Field("ที่อยู่ตามทะเบียนบ้าน เลขที่", citizen.house_number, width=1.6),
               Field("หมู่ที่", str(village.number) if village else None, width=0.8),
               Field("บ้าน", village.name_th if village else None, width=1.6))
    doc.fields(Field("ตำบล", org.subdistrict_name), Field("อำเภอ", org.district_name),
               Field("จังหวัด", org.province_name))
    doc.field("โทรศัพท์", citizen.phone)
    if reg.proxy_name:
        doc.fields(Field("ผู้ยื่นคำขอแทน", reg.proxy_name, width=2.0),
                   Field("เกี่ยวข้องเป็น", reg.proxy_relation, width=1.0))
    if prog.needs_card:
        doc.fields(Field("บัตรประจำตัวคนพิการเลขที่", reg.disability_card_no, width=2.0),
                   Field("หมดอายุ", format_thai_date(reg.disability_card_expires_on, "short")
                         if reg.disability_card_expires_on else None, width=1.0))
    verb = "ขอยืนยันสิทธิรับ" if kind == RegistrationKind.confirmation else "ขอลงทะเบียนรับ"
    doc.paragraph(f"มีความประสงค์{verb}{prog.label_th} จาก{org.name_th} ตาม{prog.regulation_th} "
                  "โดยขอรับเงินด้วยวิธีดังนี้")
    doc.paragraph(f"{_tick(reg.payment_method == 'cash')} รับเงินสดด้วยตนเอง", indent=False)
    doc.paragraph(f"{_tick(reg.payment_method == 'bank')} โอนเข้าบัญชีเงินฝากธนาคาร", indent=False)
    if account is not None:
        doc.fields(Field("ธนาคาร", BANK_NAMES_TH.get(account.bank_code or "", account.bank_code or ""), width=1.6),
                   Field("สาขา", account.branch, width=1.0))
        doc.fields(Field("เลขที่บัญชี", account.account_no, width=1.2),
                   Field("ชื่อบัญชี", account.account_name, width=1.8))
    doc.paragraph("พร้อมนี้ได้แนบเอกสารดังนี้", indent=False)
    for d in docs:
        doc.paragraph(f"{_tick(d.received)} {DOCUMENT_LABELS_TH[DocumentKind(d.kind)]}", indent=False)
    doc.paragraph("ข้าพเจ้าขอรับรองว่าข้อความดังกล่าวข้างต้นเป็นความจริงทุกประการ")
    doc.signature(name, None, role="ผู้ยื่นคำขอ" if not reg.proxy_name else "ผู้มีสิทธิ", dated=True)
    if reg.proxy_name:
        doc.signature(reg.proxy_name, None, role="ผู้ยื่นคำขอแทน", dated=True)
    doc.signatures([Signature(None, None, role="เจ้าหน้าที่ผู้รับคำขอ", dated=True)], widths=(0.5, 0.5),
                   slots=(1,))
    data = doc.output()
    await audit.record(session, action="allowance_registration.print_request_form",
                       entity="allowance_registrations", entity_id=reg.id, organisation_id=reg.organisation_id,
                       after={"whole_national_id": whole_id}, sensitive=reg.programme in SENSITIVE)
    return reg, data


NOTICE_STATES = ("approved", "active", "suspended")


async def public_notice_pdf(session: AsyncSession, actor: Actor, code: str, fiscal_year: int) -> bytes:
    """ประกาศรายชื่อผู้มีสิทธิ: the people registered for a fiscal year, for the notice board.
    Names and villages only. Never for a programme of health data (rules.md §3)."""
    actor.require(P.allowances_read)
    prog = programme(code)
    if prog.sensitive:
        raise Conflict("Recipients of this programme are never published", code="allowance.notice_not_public")
    regs = await service.registrations_of_year(session, actor, code, fiscal_year, NOTICE_STATES)
    people = await service.citizens_by_id(session, [r.citizen_id for r in regs])
    villages, _ = await areas.list_villages(session, actor, PageParams(page_size=200))
    number = {v.id: v.number for v in villages}
    org = await areas.current_organisation(session, actor)
    rows = sorted(((number.get(people[r.citizen_id].village_id, 0), people[r.citizen_id], r) for r in regs),
                  key=lambda t: (t[0], t[1].first_name, t[1].last_name))
    title = f"ประกาศ{org.name_th}"
    doc = ThaiDocument(title=title, author=org.name_th)
    doc.title(title)
    doc.paragraph(f"เรื่อง รายชื่อผู้มีสิทธิรับ{prog.label_th} ประจำปีงบประมาณ พ.ศ. {fiscal_year}", indent=False,
                  align="CENTER")
    doc.paragraph(f"ตาม{prog.regulation_th} {org.name_th} ได้ตรวจสอบคุณสมบัติผู้ยื่นคำขอแล้ว "
                  f"จึงประกาศรายชื่อผู้มีสิทธิรับ{prog.label_th} จำนวน {len(rows)} ราย ดังนี้")
    doc.table([Column("ลำดับ", 0.6, "center"), Column("ชื่อ-สกุล", 3.2), Column("หมู่ที่", 0.8, "center"),
               Column("เริ่มรับเดือน", 1.6)],
              [(str(n), f"{c.title}{c.first_name} {c.last_name}", str(v) if v else "",
                thai_month(r.start_month) if r.start_month else "") for n, (v, c, r) in enumerate(rows, start=1)])
    doc.paragraph("ผู้ใดมีข้อทักท้วง โปรดแจ้ง" + org.name_th + " ภายใน 15 วันนับแต่วันประกาศ")
    doc.paragraph(f"ประกาศ ณ {format_thai_date(service.today(), 'official')}", indent=False)
    doc.signature(None, None, role="ผู้บริหารองค์กรปกครองส่วนท้องถิ่น")
    return doc.output()
