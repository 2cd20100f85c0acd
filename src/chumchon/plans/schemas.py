"""The community plan's contract: plans, teams, profile, forums, problems, rankings, options,
items, outcomes and progress. Fiscal years are BE integers (ปีงบประมาณ พ.ศ.); every other
date is ISO, Common Era."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator
from pydantic_core import PydanticCustomError

from chumchon.core.thai import fiscal_year_bounds
from chumchon.plans.models import Outcome, PlanState, ProblemKind, RankingMethod, Route, Team

# --- labels ------------------------------------------------------------------------------------

STATE_TH = {
    PlanState.preparing: "เตรียมความพร้อมและเตรียมข้อมูล",
    PlanState.data_gathered: "เตรียมข้อมูลและพื้นที่แล้ว",
    PlanState.plan_made: "จัดทำแผนแล้ว",
    PlanState.proposed: "เสนอแผนแล้ว",
    PlanState.closed: "ปิดแผนแล้ว",
}
STATE_EN = {
    PlanState.preparing: "Preparing (stages 1–2)",
    PlanState.data_gathered: "Data and area prepared",
    PlanState.plan_made: "Plan made",
    PlanState.proposed: "Plan proposed",
    PlanState.closed: "Closed",
}
TEAM_TH = {Team.promoting: "ทีมส่งเสริมสนับสนุนการจัดทำแผนชุมชน", Team.driving: "ทีมแกนนำขับเคลื่อนแผนชุมชน"}
KIND_TH = {ProblemKind.problem: "ปัญหา", ProblemKind.need: "ความต้องการ"}
METHOD_TH = {RankingMethod.votes: "ลงคะแนนเสียง", RankingMethod.scores: "ให้คะแนน"}
ROUTE_TH = {
    Route.community: "ชุมชนดำเนินการเอง",
    Route.local_government: "ขอสนับสนุนจากองค์กรปกครองส่วนท้องถิ่น",
    Route.other_agency: "ขอสนับสนุนจากหน่วยงานอื่น",
}
OUTCOME_TH: dict[str | None, str] = {
    None: "รอผล",
    Outcome.accepted: "ได้รับการตอบรับ",
    Outcome.done: "ดำเนินการแล้ว",
    Outcome.declined: "ไม่ได้รับการตอบรับ",
}

# Thailand keeps UTC+7 all year; "today" is the officer's today, not the server's.
_THAI_TIME = timezone(timedelta(hours=7))
# Below this a year is Common Era (2026), not Buddhist Era (2569); see core.thai.
_BE_MIN, _BE_MAX = 2400, 2800
MAX_PLAN_YEARS = 5


def thai_today() -> date:
    return datetime.now(UTC).astimezone(_THAI_TIME).date()


def period_label_th(start_be: int, end_be: int) -> str:
    years = str(start_be) if start_be == end_be else f"{start_be}–{end_be}"
    return f"ปีงบประมาณ พ.ศ. {years}"


def _be_year(value: int | None) -> int | None:
    if value is not None and not _BE_MIN <= value <= _BE_MAX:
        raise PydanticCustomError(
            "fiscal_year_be",
            "ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569 (ได้รับ {value}: ถ้าเป็นปี ค.ศ. ให้บวก 543)",
            {"value": value},
        )
    return value


def not_future(value: date | None) -> date | None:
    if value is not None and value > thai_today():
        raise PydanticCustomError("date_in_future", "วันที่ต้องไม่เป็นวันในอนาคต")
    return value


FiscalYearBE = Annotated[int, Field(description="Fiscal year in Buddhist Era (ปีงบประมาณ พ.ศ.)", examples=[2569])]
Baht = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, description="Baht, two decimal places",
                                examples=["25000.00"])]
ThaiText = Annotated[str, Field(min_length=1, max_length=300)]
LongText = Annotated[str, Field(min_length=1, max_length=20_000)]


class _Write(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- plans ------------------------------------------------------------------------------------


class VillageBrief(_Read):
    id: uuid.UUID
    number: int = Field(..., description="หมู่ที่")
    name_th: str


class PlanCreate(_Write):
    village_id: uuid.UUID | None = Field(
        None, description="The village (หมู่ที่) the plan belongs to; leave empty for a plan of the whole organisation")
    title_th: ThaiText = Field(..., examples=["แผนชุมชนบ้านหนองบัว หมู่ที่ 3"])
    vision_th: str | None = Field(None, max_length=2000, description="The community's vision (วิสัยทัศน์)",
                                  examples=["ชุมชนน่าอยู่ เศรษฐกิจพอเพียง"])
    note: str | None = Field(None, max_length=2000)
    fiscal_year_start_be: FiscalYearBE
    fiscal_year_end_be: FiscalYearBE = Field(..., examples=[2570])

    _be = field_validator("fiscal_year_start_be", "fiscal_year_end_be")(_be_year)


class PlanUpdate(_Write):
    """The plan's own fields. Its state moves only through the workflow routes."""

    village_id: uuid.UUID | None = Field(None, description="Only while the plan is being prepared")
    title_th: ThaiText | None = None
    vision_th: str | None = Field(None, max_length=2000)
    note: str | None = Field(None, max_length=2000)
    fiscal_year_start_be: FiscalYearBE | None = None
    fiscal_year_end_be: FiscalYearBE | None = None

    _be = field_validator("fiscal_year_start_be", "fiscal_year_end_be")(_be_year)


class PlanRead(_Read):
    id: uuid.UUID
    village_id: uuid.UUID | None
    village: VillageBrief | None
    title_th: str
    vision_th: str | None
    note: str | None
    fiscal_year_start_be: int = Field(..., examples=[2569])
    fiscal_year_end_be: int = Field(..., examples=[2570])
    state: PlanState
    version: int
    created_at: datetime
    updated_at: datetime

    @computed_field(description="The plan's period as people read it", examples=["ปีงบประมาณ พ.ศ. 2569–2570"])
    @property
    def period_label_th(self) -> str:
        return period_label_th(self.fiscal_year_start_be, self.fiscal_year_end_be)

    @computed_field(description="First day of the first fiscal year (ISO, CE): 1 October")
    @property
    def starts_on(self) -> date:
        return fiscal_year_bounds(self.fiscal_year_start_be)[0]

    @computed_field(description="Last day of the last fiscal year (ISO, CE): 30 September")
    @property
    def ends_on(self) -> date:
        return fiscal_year_bounds(self.fiscal_year_end_be)[1]

    @computed_field
    @property
    def state_label_th(self) -> str:
        return STATE_TH[self.state]

    @computed_field
    @property
    def area_label_th(self) -> str:
        if self.village is None:
            return "ทั้งเขตองค์กรปกครองส่วนท้องถิ่น"
        return f"หมู่ที่ {self.village.number} {self.village.name_th}"


# --- stage 1: teams ---------------------------------------------------------------------------


class TeamMemberCreate(_Write):
    team: Team = Field(..., description="promoting: the team that promotes the plan; driving: the community's "
                                        "team that drives it")
    full_name: ThaiText = Field(..., examples=["นางสมศรี ใจดี"])
    role_th: str = Field(..., min_length=1, max_length=100, description="Role in the team",
                         examples=["ประธาน", "เลขานุการ", "กรรมการ"])
    affiliation_th: str | None = Field(None, max_length=200, examples=["อาสาสมัครสาธารณสุขประจำหมู่บ้าน"])
    phone: str | None = Field(None, pattern=r"^[0-9+\- ]{9,20}$", examples=["081-234-5678"])


class TeamMemberUpdate(_Write):
    team: Team | None = None
    full_name: ThaiText | None = None
    role_th: str | None = Field(None, min_length=1, max_length=100)
    affiliation_th: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, pattern=r"^[0-9+\- ]{9,20}$")
    is_active: bool | None = Field(None, description="false: the person has left the team (the row is kept)")


class TeamMemberRead(_Read):
    id: uuid.UUID
    plan_id: uuid.UUID
    team: Team
    full_name: str
    role_th: str
    affiliation_th: str | None
    phone: str | None
    is_active: bool
    version: int

    @computed_field
    @property
    def team_label_th(self) -> str:
        return TEAM_TH[self.team]


# --- stage 2: the community profile -----------------------------------------------------------


class DataSourceKind(StrEnum):
    jpt = "jpt"            # ข้อมูลความจำเป็นพื้นฐาน (จปฐ.)
    kchch_2k = "kchch_2k"  # ข้อมูลพื้นฐานระดับหมู่บ้าน (กชช. 2ค)
    survey = "survey"      # the community's own survey
    other = "other"


class Occupation(_Write):
    name_th: str = Field(..., min_length=1, max_length=200, examples=["ทำนา"])
    households: int | None = Field(None, ge=0, description="Households living mainly from it")


class Resource(_Write):
    name_th: str = Field(..., min_length=1, max_length=200, examples=["หนองน้ำสาธารณะ"])
    note_th: str | None = Field(None, max_length=1000)


class Potential(_Write):
    title_th: str = Field(..., min_length=1, max_length=200, examples=["กลุ่มทอผ้าไหมที่เข้มแข็ง"])
    note_th: str | None = Field(None, max_length=1000)


class DataSource(_Write):
    """Data the profile rests on: the จปฐ. or กชช. 2ค survey of a year, the community's own survey."""

    kind: DataSourceKind
    title_th: str = Field(..., min_length=1, max_length=200, examples=["ข้อมูล จปฐ. ปี 2568"])
    year_be: int | None = Field(None, description="Year of the data, BE", examples=[2568])
    reference: str | None = Field(None, max_length=500, description="Where the data is kept (a file name, a link)")

    _be = field_validator("year_be")(_be_year)


class ProfileWrite(_Write):
    population: int = Field(..., ge=1, le=10_000_000, examples=[842])
    households: int = Field(..., ge=1, le=10_000_000, examples=[231])
    occupations: list[Occupation] = Field(default_factory=list, max_length=100)
    resources: list[Resource] = Field(default_factory=list, max_length=100)
    potentials: list[Potential] = Field(default_factory=list, max_length=100,
                                        description="The area's potential (ศักยภาพของพื้นที่)")
    data_sources: list[DataSource] = Field(default_factory=list, max_length=50,
                                           description="The data attached to the profile")
    summary_th: str | None = Field(None, max_length=20_000)


class ProfileRead(_Read):
    id: uuid.UUID
    plan_id: uuid.UUID
    population: int
    households: int
    occupations: list[Occupation]
    resources: list[Resource]
    potentials: list[Potential]
    data_sources: list[DataSource]
    summary_th: str | None
    version: int


# --- stage 3: forums, problems, rankings, options ---------------------------------------------


class ForumCreate(_Write):
    held_on: date = Field(..., description="ISO date, CE", examples=["2025-11-15"])
    place_th: ThaiText = Field(..., examples=["ศาลาประชาคมหมู่ที่ 3"])
    attendance: int = Field(..., ge=1, le=100_000, description="People who took part", examples=[87])
    minutes_th: LongText = Field(..., description="The forum's minutes (บันทึกการประชุม)")

    _past = field_validator("held_on")(not_future)


class ForumUpdate(_Write):
    held_on: date | None = None
    place_th: ThaiText | None = None
    attendance: int | None = Field(None, ge=1, le=100_000)
    minutes_th: LongText | None = None

    _past = field_validator("held_on")(not_future)


class ForumRead(_Read):
    id: uuid.UUID
    plan_id: uuid.UUID
    held_on: date
    place_th: str
    attendance: int
    minutes_th: str
    ranking_method: RankingMethod | None
    ranked_at: datetime | None
    version: int


class ProblemCreate(_Write):
    kind: ProblemKind = Field(..., description="problem (ปัญหา) or need (ความต้องการ)")
    title_th: ThaiText = Field(..., examples=["น้ำไม่พอใช้ในการเกษตรหน้าแล้ง"])
    description_th: str | None = Field(None, max_length=5000)
    category_th: str | None = Field(None, max_length=100, examples=["เศรษฐกิจ"])


class ProblemUpdate(_Write):
    kind: ProblemKind | None = None
    title_th: ThaiText | None = None
    description_th: str | None = Field(None, max_length=5000)
    category_th: str | None = Field(None, max_length=100)


class ProblemRead(_Read):
    id: uuid.UUID
    plan_id: uuid.UUID
    forum_id: uuid.UUID
    kind: ProblemKind
    title_th: str
    description_th: str | None
    category_th: str | None
    version: int

    @computed_field
    @property
    def kind_label_th(self) -> str:
        return KIND_TH[self.kind]


class RankingEntry(_Write):
    problem_id: uuid.UUID = Field(..., description="A problem or need raised at this same forum")
    value: int = Field(..., ge=0, le=1_000_000, description="Votes it got, or its score", examples=[42])


class RankingWrite(_Write):
    """The whole ranking of one forum; it replaces the one recorded before."""

    method: RankingMethod
    entries: list[RankingEntry] = Field(..., min_length=1, max_length=500)


class RankedProblem(BaseModel):
    problem_id: uuid.UUID
    title_th: str
    kind: ProblemKind
    value: int
    rank: int = Field(..., description="1 = highest; problems with the same value share a rank")


class RankingRead(BaseModel):
    forum_id: uuid.UUID
    method: RankingMethod | None
    method_label_th: str | None
    ranked_at: datetime | None
    version: int = Field(..., description="The forum's version: send it back in If-Match to change the ranking")
    entries: list[RankedProblem]


class OptionCreate(_Write):
    title_th: ThaiText = Field(..., examples=["ขุดลอกหนองน้ำสาธารณะ"])
    description_th: str | None = Field(None, max_length=5000)
    budget_estimate: Baht | None = None


class OptionUpdate(_Write):
    title_th: ThaiText | None = None
    description_th: str | None = Field(None, max_length=5000)
    budget_estimate: Baht | None = None


class OptionRead(_Read):
    id: uuid.UUID
    plan_id: uuid.UUID
    problem_id: uuid.UUID
    title_th: str
    description_th: str | None
    budget_estimate: Decimal | None
    version: int


# --- stage 4: items, routes, outcomes ---------------------------------------------------------


class ItemCreate(_Write):
    problem_id: uuid.UUID = Field(..., description="The problem or need the item answers")
    option_id: uuid.UUID | None = Field(None, description="The option chosen for it, if one was recorded")
    title_th: ThaiText = Field(..., examples=["ขุดลอกหนองน้ำสาธารณะ หมู่ที่ 3"])
    description_th: str | None = Field(None, max_length=5000)
    budget_estimate: Baht | None = None
    route: Route | None = Field(None, description="Who carries it out; may be set later, before proposing")
    agency_name: str | None = Field(None, max_length=200, description="The agency asked, when route is other_agency",
                                    examples=["สำนักงานเกษตรอำเภอ"])


class ItemUpdate(_Write):
    option_id: uuid.UUID | None = None
    title_th: ThaiText | None = None
    description_th: str | None = Field(None, max_length=5000)
    budget_estimate: Baht | None = None
    route: Route | None = None
    agency_name: str | None = Field(None, max_length=200)
    withdrawn: bool | None = Field(None, description="true: the item was dropped from the plan (the row is kept)")


class OutcomeWrite(_Write):
    outcome: Outcome = Field(..., description="accepted, then done; or declined")
    decided_on: date = Field(..., description="ISO date, CE", examples=["2026-02-10"])
    note: str | None = Field(None, max_length=2000, examples=["บรรจุในแผนพัฒนาท้องถิ่น ปี 2570"])

    _past = field_validator("decided_on")(not_future)


class ItemRead(_Read):
    id: uuid.UUID
    plan_id: uuid.UUID
    problem_id: uuid.UUID
    option_id: uuid.UUID | None
    title_th: str
    description_th: str | None
    budget_estimate: Decimal | None
    route: Route | None
    agency_name: str | None
    outcome: Outcome | None
    outcome_on: date | None
    outcome_note: str | None
    withdrawn: bool
    project_id: uuid.UUID | None = Field(..., description="The draft project made from this item, once there is one")
    version: int

    @computed_field
    @property
    def route_label_th(self) -> str | None:
        return ROUTE_TH[self.route] if self.route else None

    @computed_field
    @property
    def outcome_label_th(self) -> str:
        return OUTCOME_TH[self.outcome]


class OutcomeCount(BaseModel):
    outcome: Outcome | None = Field(..., description="null: still waiting for an answer")
    label_th: str
    count: int


class RouteProgress(BaseModel):
    route: Route | None = Field(..., description="null: not routed yet")
    label_th: str
    total: int
    outcomes: list[OutcomeCount]


class PlanProgress(BaseModel):
    plan_id: uuid.UUID
    state: PlanState
    items: int = Field(..., description="Items of the plan, withdrawn ones left out")
    by_route: list[RouteProgress]
    by_outcome: list[OutcomeCount]
