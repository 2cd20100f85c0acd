"""The proposal as one document: its twelve sections (manual 1.13), the frozen form a
submission keeps, what is still missing, and what changed between two versions.

A snapshot is plain JSON (strings for dates and baht), so that a frozen version reads back
exactly as it was submitted, whatever later changes to the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chumchon.core.jsonsafe import to_json
from chumchon.projects.models import BudgetLine, Indicator, Project
from chumchon.projects.schemas import SectionDiff


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    label_th: str
    label_en: str
    is_list: bool = False


SECTIONS: tuple[Section, ...] = (
    Section(1, "plan_name", "ชื่อแผนงาน", "Plan"),
    Section(2, "name", "ชื่อโครงการ", "Project name"),
    Section(3, "rationale", "หลักการและเหตุผล", "Rationale"),
    Section(4, "objectives", "วัตถุประสงค์", "Objectives", is_list=True),
    Section(5, "targets", "เป้าหมาย", "Targets"),
    Section(6, "method", "วิธีดำเนินการ", "Method", is_list=True),
    Section(7, "duration", "ระยะเวลาดำเนินการ", "Duration"),
    Section(8, "budget", "งบประมาณ", "Budget", is_list=True),
    Section(9, "responsible", "ผู้รับผิดชอบโครงการ", "Person responsible"),
    Section(10, "supporting_agency", "หน่วยงานที่สนับสนุน", "Supporting agency"),
    Section(11, "evaluation", "การประเมินผล", "Evaluation", is_list=True),
    Section(12, "benefits", "ผลที่คาดว่าจะได้รับ", "Expected benefits", is_list=True),
)


def budget_total(lines: Sequence[BudgetLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


def snapshot(project: Project, lines: Sequence[BudgetLine], indicators: Sequence[Indicator]) -> dict[str, Any]:
    """The proposal now, as a submission freezes it (only lines and indicators not removed)."""
    return to_json({
        "category": project.category,
        "fiscal_year_be": project.fiscal_year_be,
        "village_id": project.village_id,
        "plan_name": project.plan_name,
        "name": project.name,
        "rationale": project.rationale,
        "objectives": list(project.objectives or []),
        "targets": {"target_group": project.target_group, "quantity": project.target_quantity,
                    "unit": project.target_unit, "quality": project.target_quality},
        "method": [{"description": m.get("description"), "period": m.get("period")} for m in project.method or []],
        "duration": {"starts_on": project.starts_on, "ends_on": project.ends_on},
        "budget": {
            "lines": [{"item": ln.item, "quantity": ln.quantity, "unit": ln.unit, "unit_cost": ln.unit_cost,
                       "amount": ln.amount, "source": ln.source} for ln in lines],
            "total": budget_total(lines),
        },
        "responsible": project.responsible,
        "supporting_agency": project.supporting_agency,
        "evaluation": [{"name": i.name, "target_value": i.target_value, "unit": i.unit, "comparison": i.comparison,
                        "measured_by": i.measured_by} for i in indicators],
        "benefits": list(project.benefits or []),
    })


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def missing_sections(proposal: dict[str, Any]) -> list[int]:
    """Numbers of the sections a submission would still lack."""
    missing = []
    for s in SECTIONS:
        value = proposal.get(s.key)
        if s.key == "targets":
            empty = any(_blank(value.get(k)) for k in ("target_group", "quantity", "unit", "quality"))
        elif s.key == "duration":
            empty = any(_blank(value.get(k)) for k in ("starts_on", "ends_on"))
        elif s.key == "budget":
            empty = not value["lines"]
        else:
            empty = _blank(value)
        if empty:
            missing.append(s.number)
    return missing


def _entries(section: Section, value: Any) -> list[Any]:
    return list(value["lines"]) if section.key == "budget" else list(value or [])


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[SectionDiff]:
    """Section by section: whether it changed, both values, and for lists what came and went."""
    out = []
    for s in SECTIONS:
        old, new = before.get(s.key), after.get(s.key)
        added = removed = None
        if s.is_list:
            old_items, new_items = _entries(s, old), _entries(s, new)
            added = [x for x in new_items if x not in old_items]
            removed = [x for x in old_items if x not in new_items]
        out.append(SectionDiff(number=s.number, key=s.key, label_th=s.label_th, label_en=s.label_en,
                               changed=old != new, before=old, after=new, added=added, removed=removed))
    return out
