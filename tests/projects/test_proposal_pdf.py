"""The proposal printed as a Thai PDF, read back with pypdf: the project's name, the twelve
numbered headings, BE dates and the budget's total in Thai words.

Text is compared with all whitespace removed: pypdf rebuilds spaces from glyph positions and
breaks wrapped lines, which is the extractor's doing, not the document's (see
tests/documents/test_pdf.py).
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from chumchon.core.thai import baht_text
from chumchon.projects.proposal import SECTIONS
from tests.factories import make_organisation, make_village, signed_in
from tests.projects.factories import TOTAL, make_complete_project
from tests.projects.helpers import fire, ok, url

NAME = "โครงการฝึกอบรมอาชีพการทำขนมไทย"


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


async def test_the_proposal_prints_with_its_twelve_headings_and_the_total_in_words(db, client):
    org = await make_organisation(db, name_th="เทศบาลตำบลหนองบัวใหญ่")
    village = await make_village(db, org, number=3, name_th="บ้านหนองบัว")
    project = await make_complete_project(db, org, state="drafting", village_id=village.id)
    await db.commit()
    officer = await signed_in(db, client, org, "officer")

    r = await client.get(url(project.id, "/proposal.pdf"), headers=officer)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    text = _text(r.content)

    assert baht_text(TOTAL) == "หนึ่งหมื่นสองพันบาทถ้วน"
    assert "หนึ่งหมื่นสองพันบาทถ้วน" in text
    assert NAME in text
    for section in SECTIONS:
        assert f"{section.number}.{section.label_th}".replace(" ", "") in text, section.label_th
    assert "12,000.00" in text  # the table's total row
    assert "ประจำปีงบประมาณพ.ศ.2569" in text
    assert "ตั้งแต่5มกราคม2569ถึง31มีนาคม2569" in text  # BE dates
    assert "เทศบาลตำบลหนองบัวใหญ่(หมู่ที่3บ้านหนองบัว)" in text
    assert "ค่าตอบแทนวิทยากร" in text and "ไม่น้อยกว่า80ร้อยละ" in text
    assert "ผู้อนุมัติโครงการ" in text


async def test_thai_numerals_and_a_frozen_version(db, client):
    org = await make_organisation(db)
    project = await make_complete_project(db, org, state="drafting")
    await db.commit()
    headers = await signed_in(db, client, org, "officer", "executive")

    r = await client.get(url(project.id, "/proposal.pdf"), headers=headers, params={"thai_numerals": True})
    text = _text(r.content)
    assert "๘.งบประมาณ" in text and "๑๒.ผลที่คาดว่าจะได้รับ" in text
    assert "พ.ศ.๒๕๖๙" in text and "๑๒,๐๐๐.๐๐" in text
    assert "หนึ่งหมื่นสองพันบาทถ้วน" in text

    # A submitted version prints as it was frozen, whatever the draft says later.
    await ok(await fire(client, headers, project.id, "submit"))
    await ok(await fire(client, headers, project.id, "return_for_revision"))
    current = await ok(await client.get(url(project.id), headers=headers))
    await ok(await client.patch(url(project.id), headers={**headers, "If-Match": f'"{current["version"]}"'},
                                json={"name": "โครงการอบรมอาชีพขนมไทยรุ่นที่สอง"}))
    old = _text((await client.get(url(project.id, "/versions/1/proposal.pdf"), headers=headers)).content)
    assert NAME in old and "รุ่นที่สอง" not in old and "(ฉบับที่1)" in old
    new = _text((await client.get(url(project.id, "/proposal.pdf"), headers=headers)).content)
    assert "โครงการอบรมอาชีพขนมไทยรุ่นที่สอง" in new
    r = await client.get(url(project.id, "/versions/9/proposal.pdf"), headers=headers)
    assert r.status_code == 404 and r.json()["code"] == "projects.version_not_found"
