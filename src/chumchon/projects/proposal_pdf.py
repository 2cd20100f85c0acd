"""The proposal printed the way a Thai local government's project is written: the title, the
twelve numbered headings, dates in BE, the budget table with its total in words, and the
signatures of the proposer, the one who checked it and the one who approves it.

Printed from a snapshot (see `proposal.snapshot`), so a frozen version prints exactly as it
was submitted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from chumchon.core.thai import baht_text, format_baht, format_thai_date, thai_digits
from chumchon.documents.pdf import Column, Signature, ThaiDocument
from chumchon.projects.models import BUDGET_SOURCE_LABELS, BudgetSource, Comparison
from chumchon.projects.proposal import SECTIONS

_COMPARISON_TH = {Comparison.at_least.value: "ไม่น้อยกว่า", Comparison.at_most.value: "ไม่เกิน"}


def _value(text: Any) -> str:
    # 80.00 → "80", 12.50 → "12.5": indicator targets read as people write them.
    d = Decimal(str(text))
    return f"{d.normalize():f}" if d == d.to_integral() else f"{d:f}".rstrip("0")


def render(proposal: dict[str, Any], *, organisation: str, village: str | None = None,
           version_no: int | None = None, thai_numerals: bool = False, printed_on: date | None = None) -> bytes:
    def n(text: str) -> str:
        return thai_digits(text) if thai_numerals else text

    def when(value: str | None) -> str:
        return format_thai_date(date.fromisoformat(value), "long", thai_digits=thai_numerals) if value else "-"

    name = proposal["name"]
    doc = ThaiDocument(title=name, author=organisation, thai_numerals=thai_numerals, printed_on=printed_on)
    doc.title(n(name if name.startswith("โครงการ") else f"โครงการ{name}"))
    subtitle = organisation + (f" ({village})" if village else "")
    doc.paragraph(subtitle, indent=False, align="CENTER")
    doc.paragraph(n(f"ประจำปีงบประมาณ พ.ศ. {proposal['fiscal_year_be']}")
                  + (n(f"  (ฉบับที่ {version_no})") if version_no else ""), indent=False, align="CENTER")
    doc.spacer(2)

    def heading(number: int) -> None:
        section = SECTIONS[number - 1]
        doc.heading(n(f"{section.number}. {section.label_th}"))

    def numbered(items: list[str], number: int) -> None:
        if not items:
            doc.paragraph("-")
        for i, item in enumerate(items, start=1):
            doc.paragraph(n(f"{number}.{i} {item}"))

    heading(1)
    doc.paragraph(n(proposal["plan_name"] or "-"))
    heading(2)
    doc.paragraph(n(name))
    heading(3)
    doc.paragraph(n(proposal["rationale"] or "-"))
    heading(4)
    numbered(proposal["objectives"], 4)

    heading(5)
    targets = proposal["targets"]
    quantity = targets["quantity"]
    amount = f"{targets['target_group'] or ''} จำนวน {quantity} {targets['unit'] or ''}".strip() if quantity else "-"
    doc.paragraph(n(f"5.1 เชิงปริมาณ {amount}"))
    doc.paragraph(n(f"5.2 เชิงคุณภาพ {targets['quality'] or '-'}"))

    heading(6)
    steps = [m["description"] + (f" ({m['period']})" if m.get("period") else "") for m in proposal["method"]]
    numbered(steps, 6)

    heading(7)
    duration = proposal["duration"]
    doc.paragraph(f"ตั้งแต่ {when(duration['starts_on'])} ถึง {when(duration['ends_on'])}")

    heading(8)
    budget = proposal["budget"]
    total = Decimal(budget["total"])
    doc.paragraph(f"งบประมาณทั้งสิ้น {format_baht(total, thai_digits=thai_numerals)} บาท ({baht_text(total)}) "
                  "รายละเอียดดังนี้")
    # The usual Thai layout: each line states its quantity and unit cost beside the item. The
    # table writes Thai digits itself when asked.
    columns = [Column("ที่", 0.5, "center"), Column("รายการ", 3.8), Column("จำนวนเงิน (บาท)", 1.7, "money"),
               Column("แหล่งงบประมาณ", 2.2)]
    rows = [(str(i), f"{line['item']} จำนวน {line['quantity']} {line['unit']} ๆ ละ "
             f"{format_baht(Decimal(line['unit_cost']))} บาท",
             Decimal(line["amount"]), BUDGET_SOURCE_LABELS[BudgetSource(line["source"])])
            for i, line in enumerate(budget["lines"], start=1)]
    doc.table(columns, rows, total_label="รวมเป็นเงิน", thai_digits=thai_numerals)
    doc.paragraph(f"({baht_text(total)})", indent=False, align="CENTER")

    heading(9)
    doc.paragraph(n(proposal["responsible"] or "-"))
    heading(10)
    doc.paragraph(n(proposal["supporting_agency"] or "-"))

    heading(11)
    indicators = proposal["evaluation"]
    if indicators:
        doc.table([Column("ตัวชี้วัด", 3.0), Column("ค่าเป้าหมาย", 1.6, "center"), Column("วิธีการวัด", 2.4)],
                  [(i["name"], f"{_COMPARISON_TH[i['comparison']]} {_value(i['target_value'])} {i['unit']}",
                    i["measured_by"]) for i in indicators], thai_digits=thai_numerals)
    else:
        doc.paragraph("-")

    heading(12)
    numbered(proposal["benefits"], 12)

    doc.spacer(4)
    doc.signatures([Signature(None, None, role="ผู้เสนอโครงการ"), Signature(None, None, role="ผู้เห็นชอบโครงการ")])
    doc.signature(None, None, role="ผู้อนุมัติโครงการ", align="center")
    return doc.output()
