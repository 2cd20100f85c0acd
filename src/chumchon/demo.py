"""Demo data for `make run`: a subdistrict municipality, its villages, one user per role."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation, OrganisationKind, Village
from chumchon.areas.schemas import OrganisationCreate
from chumchon.areas.service import create_organisation
from chumchon.auth import security
from chumchon.auth.models import Membership, User
from chumchon.auth.permissions import Role
from chumchon.core.errors import Invalid, NotFound

DEMO_PASSWORD = "chumchon-demo"

DEMO_ORGANISATION = OrganisationCreate(
    code="6360602",
    kind=OrganisationKind.subdistrict_municipality,
    name_th="เทศบาลตำบลหนองบัวใหญ่",
    name_en="Nong Bua Yai Subdistrict Municipality",
    province_code="36",
    province_name="ชัยภูมิ",
    district_name="จัตุรัส",
    subdistrict_name="หนองบัวใหญ่",
    subdistrict_code="360606",
)

DEMO_VILLAGES = [
    (1, "บ้านหนองบัวใหญ่"), (2, "บ้านโนนสะอาด"), (3, "บ้านหนองแวง"), (4, "บ้านดอนกลาง"),
    (5, "บ้านหนองโพธิ์"), (6, "บ้านโคกสูง"), (7, "บ้านหนองบัวน้อย"), (8, "บ้านสระแก้ว"),
]

DEMO_USERS = [
    ("admin", "สมศักดิ์ ดูแลระบบ", Role.admin),
    ("officer", "สมหญิง พัฒนาชุมชน", Role.officer),
    ("executive", "ประยูร นายกเทศมนตรี", Role.executive),
    ("finance", "มาลี การเงิน", Role.finance),
    ("leader", "บุญมี ผู้ใหญ่บ้าน", Role.leader),
    ("viewer", "วิไล ผู้ตรวจสอบ", Role.viewer),
]


async def seed(session: AsyncSession) -> list[tuple[str, str]]:
    """Idempotent: running it twice adds nothing the second time."""
    org = (await session.execute(select(Organisation).where(Organisation.code == DEMO_ORGANISATION.code))).scalar_one_or_none()
    if org is None:
        org = await create_organisation(session, DEMO_ORGANISATION)
    have = {v.number for v in (await session.execute(select(Village).where(Village.organisation_id == org.id))).scalars()}
    for number, name in DEMO_VILLAGES:
        if number not in have:
            session.add(Village(organisation_id=org.id, number=number, name_th=name))
    created: list[tuple[str, str]] = []
    hashed = security.hash_secret(DEMO_PASSWORD)
    for username, full_name, role in DEMO_USERS:
        user = (await session.execute(select(User).where(User.username == username))).scalar_one_or_none()
        if user is None:
            user = User(username=username, full_name=full_name, password_hash=hashed)
            session.add(user)
            await session.flush()
            session.add(Membership(user_id=user.id, organisation_id=org.id, role=role.value))
        created.append((username, role.value))
    await session.flush()
    return created


async def create_user_in(session: AsyncSession, organisation_code: str, username: str, full_name: str,
                         password: str, roles: list[str]) -> None:
    org = (await session.execute(select(Organisation).where(Organisation.code == organisation_code))).scalar_one_or_none()
    if org is None:
        raise NotFound(f"No organisation with code {organisation_code}")
    bad = [r for r in roles if r not in Role.__members__]
    if bad:
        raise Invalid(f"Unknown roles: {', '.join(bad)}; choose from {', '.join(Role.__members__)}")
    user = User(username=username, full_name=full_name, password_hash=security.hash_secret(password))
    session.add(user)
    await session.flush()
    for role in roles:
        session.add(Membership(user_id=user.id, organisation_id=org.id, role=role))
    await session.flush()
