"""The cover letter of a batch: a Thai PDF whose text comes back through pypdf, addressed to the
provincial office, listing each person (the whole ID for an officer who may read it, masked
otherwise), and whose printing is in the audit log."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from chumchon.core.audit import AuditEntry
from chumchon.core.thai import format_national_id, format_thai_date, mask_national_id, thai_digits
from tests.disability_cards.flow import (
    BATCHES,
    RETURN,
    TODAY,
    answer,
    assert_problem,
    days_ago,
    ok,
    office,
    person,
    prepared,
    province_client,
    send,
)


def _text(data: bytes) -> str:
    # pypdf rebuilds lines and spaces from glyph positions: compare without whitespace.
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


async def test_the_cover_letter_lists_the_batch_in_thai(db, client):
    off = await office(db, client, name_th="เทศบาลตำบลหนองบัวใหญ่")
    somying = await person(db, off, title="นางสาว", first_name="สมหญิง", last_name="น้ำใจดี")
    somchai = await person(db, off, title="นาย", first_name="สมชาย", last_name="ทองคำ")
    a = await prepared(client, off, somying, disability_types=["seeing", "autism"])
    b = await prepared(client, off, somchai)
    await ok(await send(client, off, [b["id"]], sent_on=days_ago(20)), 201)
    await ok(await answer(client, province_client(client), b["id"], "return", {**RETURN, "returned_on": days_ago(15)}))
    batch = await ok(await send(client, off, [a["id"], b["id"]], sent_on=TODAY.isoformat(),
                                letter_no="ชย 72301/ว 123"), 201)

    r = await client.get(f"{BATCHES}/{batch['id']}/cover-letter.pdf", headers=off.officer)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].endswith(f"cover-letter-{batch['number']}.pdf")
    text = _text(r.content)
    for expected in ("หนังสือนำส่งคำขอบัตรประจำตัวคนพิการ", "ที่ชย72301/ว123", "เทศบาลตำบลหนองบัวใหญ่",
                     "เรียนพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดชัยภูมิ",
                     f"จำนวน{thai_digits('2')}ราย",
                     re.sub(r"\s", "", format_thai_date(TODAY, "long", thai_digits=True)),
                     "นางสาวสมหญิงน้ำใจดี", "นายสมชายทองคำ", format_national_id(somying.national_id),
                     format_national_id(somchai.national_id), "ขอมีบัตร",
                     "(ส่งใหม่)", "การเห็น", "ออทิสติก", "ขอแสดงความนับถือ"):
        assert expected in text, expected
    # The rows come in the batch's order: Somying first, Somchai (sent again) second.
    assert text.index("นางสาวสมหญิงน้ำใจดี") < text.index("นายสมชายทองคำ") < text.index("(ส่งใหม่)")

    # A viewer (no `citizens:read_id`) prints the IDs masked; both prints are in the audit log.
    r = await client.get(f"{BATCHES}/{batch['id']}/cover-letter.pdf", headers=off.h["viewer"])
    text = _text(r.content)
    assert mask_national_id(somying.national_id) in text and format_national_id(somying.national_id) not in text
    prints = (await db.execute(select(AuditEntry.after).where(
        AuditEntry.action == "disability_card_batch.print_cover_letter", AuditEntry.entity_id == batch["id"])
        .order_by(AuditEntry.at))).scalars().all()
    assert prints == [{"whole_national_id": True, "requests": 2}, {"whole_national_id": False, "requests": 2}]

    assert_problem(await client.get(f"{BATCHES}/{batch['id']}/cover-letter.pdf", headers=off.h["leader"]), 403,
                   "forbidden.permission")
