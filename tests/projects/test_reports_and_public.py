"""Reports for the division, and the public view of approved and finished projects: by code
of the local government, without signing in, without any person's data, and never another
organisation's project."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from chumchon.projects.models import BudgetLine
from tests.factories import make_organisation, make_village, signed_in
from tests.projects.factories import (
    make_attendance,
    make_complete_project,
    make_participant,
    make_session,
    make_spending,
)
from tests.projects.helpers import API, assert_problem, ok

PUBLIC = f"{API}/public/projects"


async def _two_projects(db):  # type: ignore[no-untyped-def]
    org = await make_organisation(db)
    v3 = await make_village(db, org, number=3, name_th="บ้านหนองบัว")
    running = await make_complete_project(db, org, state="running", village_id=v3.id,
                                          name="โครงการฝึกอบรมอาชีพการทำขนมไทย")
    draft = await make_complete_project(db, org, state="drafting", category="sports", fiscal_year_be=2570,
                                        name="โครงการแข่งขันกีฬาต้านยาเสพติด")
    return org, v3, running, draft


async def test_the_report_by_year_category_state_and_village(db, client):
    org, v3, running, draft = await _two_projects(db)
    line = (await db.execute(select(BudgetLine).where(BudgetLine.project_id == running.id)
                             .order_by(BudgetLine.seq))).scalars().first()
    await make_spending(db, line, amount=Decimal("2500.00"))
    await make_spending(db, line, amount=Decimal("100.00"), voided_at=datetime(2026, 1, 13, tzinfo=UTC),
                        void_reason="บันทึกซ้ำ")  # a voided entry counts for nothing
    second = await make_participant(db, running, full_name="นายสมชาย ขยันดี")
    await make_attendance(db, await make_session(db, running, held_on=date(2026, 1, 17)), second, present=False)
    await db.commit()
    viewer = await signed_in(db, client, org, "viewer")

    report = await ok(await client.get(f"{API}/projects/report", headers=viewer))
    totals = report["totals"]
    assert (totals["projects"], totals["budget_planned"], totals["spent"]) == (2, "24000.00", "2500.00")
    assert (totals["participants_registered"], totals["participants_reached"]) == (2, 1)
    assert [(r["key"], r["projects"]) for r in report["by_fiscal_year"]] == [("2569", 1), ("2570", 1)]
    assert [(r["key"], r["label_th"]) for r in report["by_category"]] == [
        ("sports", "กีฬาและนันทนาการ"), ("occupational_training", "ฝึกอบรมและส่งเสริมอาชีพ")]
    assert [r["key"] for r in report["by_state"]] == ["drafting", "running"]
    assert [(r["label_th"], r["spent"]) for r in report["by_village"]] == [
        ("หมู่ที่ 3 บ้านหนองบัว", "2500.00"), ("ทั้งพื้นที่", "0.00")]
    assert [(i["project_name"], i["result_value"], i["met"]) for i in report["indicators"]] == [
        ("โครงการฝึกอบรมอาชีพการทำขนมไทย", "85.00", True), ("โครงการแข่งขันกีฬาต้านยาเสพติด", "85.00", True)]

    only = await ok(await client.get(f"{API}/projects/report", headers=viewer,
                                     params={"fiscal_year_be": 2569, "village_id": str(v3.id)}))
    assert only["totals"]["projects"] == 1 and only["totals"]["budget_planned"] == "12000.00"
    assert_problem(await client.get(f"{API}/projects/report", headers=viewer, params={"state": "nonsense"}),
                   422, "validation_failed")


async def test_the_public_sees_approved_projects_without_personal_data(db, client):
    org, _, running, draft = await _two_projects(db)
    other = await make_organisation(db)
    theirs = await make_complete_project(db, other, state="closed", name="โครงการของเทศบาลอื่น")
    cancelled = await make_complete_project(db, org, state="cancelled", name="โครงการที่ยกเลิก")
    await db.commit()

    page = await ok(await client.get(f"{PUBLIC}/{org.code}"))  # no Authorization header
    assert [p["id"] for p in page["items"]] == [str(running.id)]
    assert page["total"] == 1
    item = page["items"][0]
    assert (item["village_number"], item["village_name"], item["budget_total"]) == (3, "บ้านหนองบัว", "12000.00")
    assert item["participants_reached"] == 1

    detail = await ok(await client.get(f"{PUBLIC}/{org.code}/{running.id}"))
    assert detail["objectives"] and detail["indicators"][0]["met"] is True
    assert detail["occupational"]["participants_followed"] == 0
    text = str(detail) + str(page)
    for personal in ("นางสมศรี", "ใจดี", "ขนิษฐา", "responsible", "กองสวัสดิการสังคม", "citizen_id"):
        assert personal not in text, personal

    # Not approved, cancelled, or another organisation's: not found, whatever the code.
    for code, pid in ((org.code, draft.id), (org.code, cancelled.id), (org.code, theirs.id)):
        assert_problem(await client.get(f"{PUBLIC}/{code}/{pid}"), 404, "projects.not_found")
    other_page = await ok(await client.get(f"{PUBLIC}/{other.code}"))
    assert [p["id"] for p in other_page["items"]] == [str(theirs.id)]
    assert_problem(await client.get(f"{PUBLIC}/9999999"), 404, "organisations.not_found")
    assert_problem(await client.get(f"{PUBLIC}/not-a-code"), 422, "validation_failed")
