"""The cover letter (หนังสือนำส่ง) that goes with a batch of requests to the provincial office,
with the list of the people whose papers it carries."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas import service as areas
from chumchon.auth.permissions import P
from chumchon.core import audit
from chumchon.core.context import Actor
from chumchon.core.thai import format_national_id, format_thai_date, mask_national_id, thai_digits
from chumchon.disability_cards import service
from chumchon.disability_cards.models import (
    DISABILITY_TYPE_LABELS_TH,
    Batch,
    DisabilityType,
    RequestKind,
)
from chumchon.documents.pdf import Column, ThaiDocument

# The short forms a list of several people has room for.
_KIND_SHORT_TH = {
    RequestKind.new: "ขอมีบัตร",
    RequestKind.renewal: "ต่ออายุ",
    RequestKind.replacement: "ขอบัตรแทน",
    RequestKind.change_of_details: "เปลี่ยนรายการ",
}


def _types_th(codes: list[str]) -> str:
    # A space before หรือ gives a narrow column a place to break between words.
    return ", ".join(DISABILITY_TYPE_LABELS_TH[DisabilityType(c)].removeprefix("ความพิการ").replace("หรือ", " หรือ")
                     for c in codes)


async def cover_letter_pdf(session: AsyncSession, actor: Actor, batch_id: uuid.UUID) -> tuple[Batch, bytes]:
    batch = await service.get_batch(session, actor, batch_id)
    org = await areas.current_organisation(session, actor)
    items = await service.batch_items(session, batch)
    # The province makes the card from the whole ID; an officer who may not read whole IDs
    # prints them masked (and the copies of the ID cards in the packet say the rest).
    whole_id = actor.can(P.citizens_read_id)
    sent_on = format_thai_date(batch.sent_on, "long", thai_digits=True)
    count = thai_digits(str(len(items)))

    title = "หนังสือนำส่งคำขอบัตรประจำตัวคนพิการ"
    doc = ThaiDocument(title=title, author=org.name_th)
    doc.title(title)
    doc.paragraph(f"ที่ {batch.letter_no or '.' * 20}", indent=False)
    doc.paragraph(org.name_th, indent=False, align="RIGHT")
    doc.paragraph(f"อำเภอ{org.district_name} จังหวัด{org.province_name}", indent=False, align="RIGHT")
    doc.spacer(2)
    doc.paragraph(sent_on, indent=False, align="CENTER")
    doc.spacer(2)
    doc.paragraph("เรื่อง  ขอส่งคำขอเกี่ยวกับบัตรประจำตัวคนพิการ", indent=False)
    doc.paragraph(f"เรียน  พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด{org.province_name}", indent=False)
    doc.paragraph(f"สิ่งที่ส่งมาด้วย  บัญชีรายชื่อผู้ยื่นคำขอ พร้อมเอกสารประกอบ จำนวน {count} ราย", indent=False)
    doc.spacer(2)
    doc.paragraph(
        f"ด้วย{org.name_th} ได้รับคำขอเกี่ยวกับบัตรประจำตัวคนพิการจากคนพิการหรือผู้ดูแลคนพิการในเขตพื้นที่ "
        f"และได้ตรวจสอบเอกสารหลักฐานแล้ว จึงขอส่งคำขอพร้อมเอกสารประกอบ จำนวน {count} ราย "
        "ตามบัญชีรายชื่อท้ายหนังสือนี้ (ชุดที่ "
        f"{thai_digits(str(batch.number))}) เพื่อโปรดพิจารณาดำเนินการออกบัตรประจำตัวคนพิการต่อไป"
    )
    doc.paragraph("จึงเรียนมาเพื่อโปรดพิจารณา")
    doc.spacer(2)
    doc.paragraph("ขอแสดงความนับถือ", indent=False, align="CENTER")
    # Signed by hand by whoever signs the organisation's letters; name and position are left blank.
    doc.signature(None, None, align="center")
    # The list is the letter's attachment (บัญชีแนบท้าย): a page of its own.
    doc.page_break()
    doc.heading(f"บัญชีรายชื่อผู้ยื่นคำขอบัตรประจำตัวคนพิการ ชุดที่ {thai_digits(str(batch.number))} "
                f"ลงวันที่ {sent_on}")
    rows = []
    for item, req, citizen in items:
        national_id = format_national_id(citizen.national_id) if whole_id else mask_national_id(citizen.national_id)
        kind = _KIND_SHORT_TH[RequestKind(req.kind)]
        if item.resend:
            kind += " (ส่งใหม่)"
        rows.append((str(item.seq), f"{citizen.title}{citizen.first_name} {citizen.last_name}", national_id, kind,
                     _types_th(list(req.disability_types))))
    doc.table([Column("ที่", 0.45, "center"), Column("ชื่อ-สกุล", 2.3), Column("เลขประจำตัวประชาชน", 2.9, "center"),
               Column("คำขอ", 1.5), Column("ประเภทความพิการ", 1.9)], rows)
    doc.paragraph(f"รวม {count} ราย", indent=False)
    data = doc.output()
    await audit.record(session, action="disability_card_batch.print_cover_letter", entity=Batch.__tablename__,
                       entity_id=batch.id, organisation_id=batch.organisation_id,
                       after={"whole_national_id": whole_id, "requests": len(items)})
    return batch, data
