"""The projects contract: requests and answers, with descriptions and examples."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from chumchon.projects.models import BudgetSource, Comparison, ProjectCategory, ProjectState

Baht = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, description="Baht, two decimal places",
                                examples=["3500.00"])]
PositiveBaht = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2,
                                        description="Baht, two decimal places, more than zero", examples=["1200.00"])]
Value = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2,
                                 description="A measured value, up to two decimal places", examples=["80"])]
Text = Annotated[str, Field(min_length=1, max_length=300)]
LongText = Annotated[str, Field(min_length=1, max_length=20000)]
ListItem = Annotated[str, Field(min_length=1, max_length=2000)]
FiscalYearBE = Annotated[int, Field(ge=2500, le=2700, description="Fiscal year in Buddhist Era (ปีงบประมาณ พ.ศ.)",
                                    examples=[2569])]


class _Write(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CategoryRead(BaseModel):
    category: ProjectCategory
    label_th: str
    label_en: str


# --- the proposal ---------------------------------------------------------------------------------


class MethodStep(_Write):
    """One step of section 6 (วิธีดำเนินการ)."""

    description: ListItem = Field(..., examples=["ประชุมคณะทำงานเพื่อวางแผนการฝึกอบรม"])
    period: str | None = Field(None, max_length=100, description="When, as people say it",
                               examples=["ตุลาคม 2568"])


class _Sections(_Write):
    """Sections 1-7, 9, 10 and 12; the budget (8) and the indicators (11) have their own routes."""

    plan_name: Text | None = Field(None, description="1. แผนงาน", examples=["แผนงานสร้างความเข้มแข็งของชุมชน"])
    rationale: LongText | None = Field(None, description="3. หลักการและเหตุผล",
                                       examples=["ประชาชนในพื้นที่ว่างงานหลังฤดูเก็บเกี่ยว ต้องการอาชีพเสริม"])
    objectives: list[ListItem] | None = Field(None, max_length=50, description="4. วัตถุประสงค์",
                                              examples=[["เพื่อให้ผู้เข้าอบรมมีทักษะการทำขนมไทย"]])
    target_group: Text | None = Field(None, description="5. เป้าหมาย: the target group",
                                      examples=["ประชาชนผู้ว่างงานในเขตเทศบาล"])
    target_quantity: int | None = Field(None, ge=1, le=1_000_000, description="5. เป้าหมายเชิงปริมาณ",
                                        examples=[30])
    target_unit: str | None = Field(None, min_length=1, max_length=50, description="Unit of the quantity",
                                    examples=["คน"])
    target_quality: LongText | None = Field(None, description="5. เป้าหมายเชิงคุณภาพ",
                                            examples=["ผู้เข้าอบรมร้อยละ 80 นำความรู้ไปประกอบอาชีพได้"])
    method: list[MethodStep] | None = Field(None, max_length=50, description="6. วิธีดำเนินการ, step by step")
    starts_on: date | None = Field(None, description="7. ระยะเวลา: first day (ISO, CE)", examples=["2026-01-05"])
    ends_on: date | None = Field(None, description="7. ระยะเวลา: last day (ISO, CE)", examples=["2026-03-31"])
    responsible: Text | None = Field(None, description="9. ผู้รับผิดชอบโครงการ",
                                     examples=["กองสวัสดิการสังคม เทศบาลตำบลหนองบัวใหญ่"])
    supporting_agency: Text | None = Field(None, description="10. หน่วยงานสนับสนุน",
                                           examples=["สำนักงานพัฒนาชุมชนอำเภอจัตุรัส"])
    benefits: list[ListItem] | None = Field(None, max_length=50, description="12. ผลที่คาดว่าจะได้รับ",
                                            examples=[["ผู้เข้าอบรมมีรายได้เสริม"]])

    @model_validator(mode="after")
    def _dates(self) -> _Sections:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class ProjectCreate(_Sections):
    """A new project, at its needs survey. Only the name and category are needed to start."""

    name: Text = Field(..., description="2. ชื่อโครงการ", examples=["โครงการฝึกอบรมอาชีพการทำขนมไทย"])
    category: ProjectCategory = Field(..., examples=["occupational_training"])
    fiscal_year_be: FiscalYearBE | None = Field(
        None, description="Defaults to the fiscal year of starts_on, else of today")
    village_id: uuid.UUID | None = Field(None, description="The village (หมู่ที่) it serves; empty for the whole area")
    plan_id: uuid.UUID | None = Field(None, description="The community plan of plan_item_id")
    plan_item_id: uuid.UUID | None = Field(
        None, description="The community plan item, routed to the local government, that the project carries out")

    @model_validator(mode="after")
    def _plan_pair(self) -> ProjectCreate:
        if (self.plan_id is None) != (self.plan_item_id is None):
            raise ValueError("give plan_id and plan_item_id together")
        return self


class ProjectUpdate(_Sections):
    """Change sections while the proposal is written (surveying, drafting or returned)."""

    name: Text | None = Field(None, description="2. ชื่อโครงการ")
    category: ProjectCategory | None = None
    fiscal_year_be: FiscalYearBE | None = None
    village_id: uuid.UUID | None = None


class ProjectRead(_Read):
    id: uuid.UUID
    category: ProjectCategory
    category_label_th: str
    fiscal_year_be: int
    village_id: uuid.UUID | None
    state: ProjectState
    state_label_th: str
    plan_id: uuid.UUID | None
    plan_item_id: uuid.UUID | None
    plan_name: str | None
    name: str
    rationale: str | None
    objectives: list[str]
    target_group: str | None
    target_quantity: int | None
    target_unit: str | None
    target_quality: str | None
    method: list[MethodStep]
    starts_on: date | None
    ends_on: date | None
    responsible: str | None
    supporting_agency: str | None
    benefits: list[str]
    budget_total: Decimal = Field(..., description="Section 8's total: always the sum of its lines",
                                  examples=["12000.00"])
    missing_sections: list[int] = Field(..., description="Numbers of the sections still empty (1-12); "
                                        "submitting needs none", examples=[[3, 11]])
    approved_on: date | None
    approved_version_no: int | None
    started_on: date | None
    evaluated_on: date | None
    evaluation_summary: str | None
    closed_on: date | None
    closing_report: str | None
    created_at: datetime
    updated_at: datetime
    version: int


# --- needs survey ---------------------------------------------------------------------------------


class SurveyCreate(_Write):
    surveyed_on: date = Field(..., examples=["2025-10-15"])
    method: Text = Field(..., description="How the needs were asked", examples=["แบบสอบถามและเวทีประชาคมหมู่บ้าน"])
    respondents: LongText = Field(..., description="Who was asked", examples=["ผู้ว่างงานและแม่บ้าน หมู่ที่ 1-5"])
    respondent_count: int = Field(..., ge=1, le=1_000_000, examples=[85])
    needs: list[ListItem] = Field(..., min_length=1, max_length=100, description="What they said they need",
                                  examples=[["ฝึกอาชีพทำขนม", "ตลาดรองรับสินค้า"]])
    summary: LongText | None = Field(None, description="The results in a few lines")
    attachment_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20,
                                            description="Stored files with the survey's results")


class SurveyRead(_Read):
    id: uuid.UUID
    project_id: uuid.UUID
    surveyed_on: date
    method: str
    respondents: str
    respondent_count: int
    needs: list[str]
    summary: str | None
    attachment_ids: list[uuid.UUID]
    created_at: datetime


# --- budget (section 8) ---------------------------------------------------------------------------


class BudgetLineCreate(_Write):
    item: Text = Field(..., examples=["ค่าวัสดุฝึกอบรม"])
    quantity: int = Field(..., ge=1, le=1_000_000, examples=[30])
    unit: str = Field(..., min_length=1, max_length=100, examples=["ชุด"])
    unit_cost: Baht = Field(..., examples=["200.00"])
    source: BudgetSource = Field(BudgetSource.local_budget, examples=["local_budget"])
    note: str | None = Field(None, max_length=500)


class BudgetLineUpdate(_Write):
    item: Text | None = None
    quantity: int | None = Field(None, ge=1, le=1_000_000)
    unit: str | None = Field(None, min_length=1, max_length=100)
    unit_cost: Baht | None = None
    source: BudgetSource | None = None
    note: str | None = Field(None, max_length=500)


class BudgetLineRead(_Read):
    id: uuid.UUID
    project_id: uuid.UUID
    seq: int
    item: str
    quantity: int
    unit: str
    unit_cost: Decimal
    amount: Decimal = Field(..., description="quantity × unit_cost", examples=["6000.00"])
    source: BudgetSource
    source_label_th: str
    note: str | None
    removed: bool
    version: int


class OverrunCreate(_Write):
    """An executive approves spending more on a line than planned."""

    amount: PositiveBaht
    raises_total: bool = Field(True, description="true: the project's total grows by the amount too; false: the "
                               "line may use money other lines leave unspent (ถัวจ่าย), the total stays")
    approved_on: date = Field(..., examples=["2026-02-10"])
    reason: LongText = Field(..., examples=["ราคาวัสดุสูงขึ้นจากที่ประมาณการไว้"])


class OverrunRead(_Read):
    id: uuid.UUID
    line_id: uuid.UUID
    amount: Decimal
    raises_total: bool
    approved_on: date
    reason: str
    approved_by: str
    created_at: datetime


class SpendingCreate(_Write):
    line_id: uuid.UUID = Field(..., description="The budget line the money was spent on")
    spent_on: date = Field(..., examples=["2026-01-20"])
    amount: PositiveBaht
    description: Text = Field(..., examples=["ซื้อแป้งและน้ำตาลสำหรับฝึกอบรม"])
    reference: str | None = Field(None, max_length=100, description="Voucher or receipt number",
                                  examples=["ฎ.123/2569"])


class SpendingVoid(_Write):
    reason: LongText = Field(..., examples=["บันทึกซ้ำ"])


class SpendingRead(_Read):
    id: uuid.UUID
    line_id: uuid.UUID
    spent_on: date
    amount: Decimal
    description: str
    reference: str | None
    recorded_by: str
    voided: bool
    void_reason: str | None
    created_at: datetime
    version: int


class LineBudget(BaseModel):
    line_id: uuid.UUID
    seq: int
    item: str
    planned: Decimal
    overrun_approved: Decimal
    ceiling: Decimal = Field(..., description="planned + approved overruns")
    spent: Decimal
    remaining: Decimal


class BudgetRead(BaseModel):
    """Planned lines against what was spent, and what is left."""

    project_id: uuid.UUID
    lines: list[LineBudget]
    planned_total: Decimal
    overrun_raising_total: Decimal = Field(..., description="Approved overruns that raised the project's total")
    ceiling_total: Decimal
    spent_total: Decimal
    remaining_total: Decimal
    overruns: list[OverrunRead]


# --- evaluation (section 11) ----------------------------------------------------------------------


class IndicatorCreate(_Write):
    name: Text = Field(..., examples=["ร้อยละของผู้เข้าอบรมที่นำความรู้ไปใช้"])
    target_value: Value = Field(..., examples=["80"])
    unit: str = Field(..., min_length=1, max_length=50, examples=["ร้อยละ"])
    comparison: Comparison = Field(Comparison.at_least, description="at_least: met at or above the target; "
                                   "at_most: met at or below it")
    measured_by: Text = Field(..., description="How it is measured", examples=["แบบติดตามผลหลังอบรม 3 เดือน"])


class IndicatorUpdate(_Write):
    name: Text | None = None
    target_value: Value | None = None
    unit: str | None = Field(None, min_length=1, max_length=50)
    comparison: Comparison | None = None
    measured_by: Text | None = None


class IndicatorResultWrite(_Write):
    result_value: Value = Field(..., examples=["85"])
    recorded_on: date = Field(..., examples=["2026-04-10"])
    note: str | None = Field(None, max_length=5000)


class IndicatorRead(_Read):
    id: uuid.UUID
    project_id: uuid.UUID
    seq: int
    name: str
    target_value: Decimal
    unit: str
    comparison: Comparison
    measured_by: str
    result_value: Decimal | None
    result_note: str | None
    result_recorded_on: date | None
    met: bool | None = Field(..., description="Whether the result reaches the target; empty until measured")
    removed: bool
    version: int


# --- versions -------------------------------------------------------------------------------------


class SectionComment(_Write):
    section: int = Field(..., ge=1, le=12, description="The section (1-12) the comment is about")
    comment: LongText = Field(..., examples=["ขอให้ระบุกลุ่มเป้าหมายให้ชัดเจน"])


class VersionRead(BaseModel):
    version_no: int
    submitted_at: datetime
    submitted_by: str
    decision: str | None = Field(..., description="approved, returned or rejected; empty while considered")
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str | None
    section_comments: list[SectionComment]


class VersionDetail(VersionRead):
    proposal: dict[str, Any] = Field(..., description="The twelve sections as they were submitted")


class SectionDiff(BaseModel):
    number: int
    key: str
    label_th: str
    label_en: str
    changed: bool
    before: Any
    after: Any
    added: list[Any] | None = Field(None, description="For list sections: entries only in the later version")
    removed: list[Any] | None = Field(None, description="For list sections: entries only in the earlier version")


class ProposalDiff(BaseModel):
    project_id: uuid.UUID
    from_version: int
    to_version: int
    changed_sections: list[int]
    sections: list[SectionDiff]


# --- target group ---------------------------------------------------------------------------------


class QuotaCreate(_Write):
    label: Text = Field(..., examples=["ผู้ว่างงาน หมู่ที่ 3"])
    village_id: uuid.UUID | None = None
    seats: int = Field(..., ge=1, le=100_000, examples=[10])


class QuotaRead(_Read):
    id: uuid.UUID
    label: str
    village_id: uuid.UUID | None
    seats: int
    filled: int = Field(..., description="Participants (not withdrawn) in the quota")


class ParticipantCreate(_Write):
    citizen_id: uuid.UUID | None = Field(None, description="The person in the citizen register, when they are")
    full_name: Text | None = Field(None, description="Needed when there is no citizen_id; taken from the register "
                                   "otherwise", examples=["นางสมศรี ใจดี"])
    village_id: uuid.UUID | None = Field(None, description="Defaults to the citizen's village")
    quota_id: uuid.UUID | None = None
    phone: str | None = Field(None, max_length=20, pattern=r"^[0-9+\- ]+$")
    joined_on: date = Field(..., examples=["2026-01-05"])

    @model_validator(mode="after")
    def _who(self) -> ParticipantCreate:
        if self.citizen_id is None and not self.full_name:
            raise ValueError("give citizen_id or full_name")
        return self


class ParticipantWithdraw(_Write):
    withdrawn_on: date = Field(..., examples=["2026-01-20"])
    reason: str = Field(..., min_length=1, max_length=500, examples=["ย้ายไปทำงานต่างจังหวัด"])


class ParticipantRead(_Read):
    id: uuid.UUID
    project_id: uuid.UUID
    citizen_id: uuid.UUID | None
    full_name: str
    village_id: uuid.UUID | None
    quota_id: uuid.UUID | None
    phone: str | None
    joined_on: date
    withdrawn_on: date | None
    withdraw_reason: str | None
    version: int


# --- trainers and sessions ------------------------------------------------------------------------


class TrainerCreate(_Write):
    full_name: Text = Field(..., examples=["นางสาวขนิษฐา ขนมหวาน"])
    organisation: Text = Field(..., examples=["วิทยาลัยชุมชนชัยภูมิ"])
    topic: Text = Field(..., examples=["การทำขนมไทยเพื่อจำหน่าย"])
    fee: Baht = Field(..., description="The agreed fee (ค่าตอบแทนวิทยากร)", examples=["3600.00"])
    phone: str | None = Field(None, max_length=20, pattern=r"^[0-9+\- ]+$")


class TrainerCancel(_Write):
    reason: str = Field(..., min_length=1, max_length=500, examples=["วิทยากรติดภารกิจ"])


class TrainerRead(_Read):
    id: uuid.UUID
    project_id: uuid.UUID
    full_name: str
    organisation: str
    topic: str
    fee: Decimal
    phone: str | None
    cancelled: bool
    cancel_reason: str | None
    version: int


class SessionCreate(_Write):
    held_on: date = Field(..., examples=["2026-01-10"])
    place: Text = Field(..., examples=["ศาลาประชาคมบ้านหนองบัว หมู่ที่ 3"])
    topic: Text = Field(..., examples=["ขนมชั้นและขนมถ้วย"])
    trainer_id: uuid.UUID | None = Field(None, description="One of the project's trainers")
    note: str | None = Field(None, max_length=5000)


class SessionRead(_Read):
    id: uuid.UUID
    project_id: uuid.UUID
    held_on: date
    place: str
    topic: str
    trainer_id: uuid.UUID | None
    note: str | None
    present: int = Field(..., description="Participants marked present")
    version: int


class AttendanceEntry(_Write):
    participant_id: uuid.UUID
    present: bool


class AttendanceWrite(_Write):
    """Who came: participants listed are set; others keep what they had."""

    entries: list[AttendanceEntry] = Field(..., min_length=1, max_length=5000)


class AttendanceRow(BaseModel):
    participant_id: uuid.UUID
    full_name: str
    present: bool | None = Field(..., description="Empty: not recorded")


class AttendanceRead(BaseModel):
    session_id: uuid.UUID
    present: int
    absent: int
    entries: list[AttendanceRow]


# --- satisfaction and outcomes --------------------------------------------------------------------


class SatisfactionQuestion(StrEnum):
    content = "content"
    trainer = "trainer"
    venue = "venue"
    duration = "duration"
    usefulness = "usefulness"


QUESTION_LABELS: dict[SatisfactionQuestion, str] = {
    SatisfactionQuestion.content: "เนื้อหาของกิจกรรม",
    SatisfactionQuestion.trainer: "วิทยากร",
    SatisfactionQuestion.venue: "สถานที่และอุปกรณ์",
    SatisfactionQuestion.duration: "ระยะเวลา",
    SatisfactionQuestion.usefulness: "การนำไปใช้ประโยชน์",
}

Score = Annotated[int, Field(ge=1, le=5, description="1 = least satisfied … 5 = most")]


class SatisfactionCreate(_Write):
    participant_id: uuid.UUID | None = Field(None, description="Empty for an anonymous form")
    answered_on: date = Field(..., examples=["2026-03-20"])
    scores: dict[SatisfactionQuestion, Score] = Field(default_factory=dict, examples=[{"content": 5, "trainer": 4}])
    overall: Score = Field(..., examples=[5])
    comment: str | None = Field(None, max_length=5000)


class QuestionAverage(BaseModel):
    question: SatisfactionQuestion
    label_th: str
    answers: int
    average: Decimal | None


class SatisfactionSummary(BaseModel):
    responses: int
    overall_average: Decimal | None = Field(..., description="Mean of the overall scores, two places")
    satisfied_percent: Decimal | None = Field(..., description="Share of responses with overall 4 or 5")
    by_question: list[QuestionAverage]


class OutcomeCreate(_Write):
    """What an occupational training's participant did afterwards."""

    recorded_on: date = Field(..., examples=["2026-06-30"])
    activity: Text = Field(..., examples=["ทำขนมไทยขายที่ตลาดนัดชุมชนทุกวันเสาร์"])
    group_formed: bool = Field(False, description="Joined or formed an occupational group")
    group_id: uuid.UUID | None = Field(None, description="The group in the groups register, when it is there")
    group_name: str | None = Field(None, max_length=200, examples=["กลุ่มขนมไทยบ้านหนองบัว"])
    income_before: Baht | None = Field(None, description="Monthly income before the training")
    income_after: Baht | None = Field(None, description="Monthly income at this follow-up")
    note: str | None = Field(None, max_length=5000)


class OutcomeRead(_Read):
    id: uuid.UUID
    participant_id: uuid.UUID
    recorded_on: date
    activity: str
    group_formed: bool
    group_id: uuid.UUID | None
    group_name: str | None
    income_before: Decimal | None
    income_after: Decimal | None
    note: str | None


class OccupationalSummary(BaseModel):
    """What occupational trainings' participants did afterwards (latest follow-up of each)."""

    participants_followed: int
    in_groups: int = Field(..., description="Participants who formed or joined a group")
    groups_formed: int = Field(..., description="Distinct groups named")
    income_reported: int = Field(..., description="Participants with income before and after")
    income_increased: int
    average_income_change: Decimal | None = Field(..., description="Mean monthly change, baht")


# --- results and reports --------------------------------------------------------------------------


class BudgetTotals(BaseModel):
    planned: Decimal
    ceiling: Decimal
    spent: Decimal
    remaining: Decimal


class ProjectResults(BaseModel):
    """The summary the executives read at the close."""

    project_id: uuid.UUID
    name: str
    state: ProjectState
    target_quantity: int | None
    participants_registered: int
    participants_reached: int = Field(..., description="Participants present at one session or more")
    sessions: int
    attendance_percent: Decimal | None = Field(..., description="Present marks over all marks")
    indicators: list[IndicatorRead]
    indicators_met: int
    satisfaction: SatisfactionSummary
    budget: BudgetTotals
    occupational: OccupationalSummary | None


class ReportRow(BaseModel):
    key: str | None
    label_th: str
    projects: int
    budget_planned: Decimal
    spent: Decimal
    participants_registered: int
    participants_reached: int


class ReportIndicator(BaseModel):
    project_id: uuid.UUID
    project_name: str
    indicator: str
    target_value: Decimal
    unit: str
    comparison: Comparison
    result_value: Decimal | None
    met: bool | None


class ProjectReport(BaseModel):
    """Projects by fiscal year, category, state and village: budget planned against spent,
    participants reached, indicator results."""

    totals: ReportRow
    by_fiscal_year: list[ReportRow]
    by_category: list[ReportRow]
    by_state: list[ReportRow]
    by_village: list[ReportRow]
    indicators: list[ReportIndicator]
    occupational: OccupationalSummary


# --- public ---------------------------------------------------------------------------------------


class PublicIndicator(BaseModel):
    name: str
    target_value: Decimal
    unit: str
    comparison: Comparison
    result_value: Decimal | None
    met: bool | None


class PublicProjectRead(BaseModel):
    """What anyone may read of an approved or finished project: no names of people."""

    id: uuid.UUID
    name: str
    category: ProjectCategory
    category_label_th: str
    fiscal_year_be: int
    village_number: int | None
    village_name: str | None
    state: ProjectState
    state_label_th: str
    starts_on: date | None
    ends_on: date | None
    budget_total: Decimal
    spent_total: Decimal
    participants_reached: int


class PublicProjectDetail(PublicProjectRead):
    plan_name: str | None
    rationale: str | None
    objectives: list[str]
    target_group: str | None
    target_quantity: int | None
    target_unit: str | None
    benefits: list[str]
    indicators: list[PublicIndicator]
    satisfaction_average: Decimal | None
    satisfaction_responses: int
    occupational: OccupationalSummary | None
