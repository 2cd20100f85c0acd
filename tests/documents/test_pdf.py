"""Tests for chumchon.documents.pdf: render Thai documents and read the text back.

No database and no conftest fixtures (only pytest's built-in `tmp_path`).

Text comes back through pypdf's extractor, which rebuilds lines and spaces from glyph
positions. Short strings are compared exactly. Long paragraphs are compared with all
whitespace removed, for two reasons that are the extractor's, not the document's: a
wrapped line comes back with a newline where the source had none, and pypdf inserts a
space after a mark that HarfBuzz shifts sideways (ปั้น comes back as "ปั้ น").
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from chumchon.core.thai import baht_text, format_baht, format_thai_date
from chumchon.documents.pdf import (
    OFFICIAL_MARGINS,
    Column,
    Field,
    Signature,
    ThaiDocument,
    sarabun_font_path,
)

PRINTED_ON = date(2025, 5, 12)
BIRTH = date(1952, 5, 12)
APPLICANT = "นางสาวสมหญิง ใจดี"
MAYOR = "นายสมชาย รักไทย"
# SARA AM (ำ) is split into two glyphs by the shaper: the case the text-layer fix is for.
THIRD = "นางคำปุน น้ำใจดี"
POSITION = "นายกเทศมนตรีตำบลตัวอย่าง"
LONG_RUN = (
    "ผู้สูงอายุที่ได้รับเบี้ยยังชีพประจำเดือนนี้ต้องแสดงตนที่สำนักงานเทศบาลตำบล"
    "ตัวอย่างภายในวันที่สิบของเดือนพร้อมสำเนาบัตรประจำตัวประชาชนและสมุดบัญชีเงินฝาก"
)
PARAGRAPH = (
    "ด้วยเทศบาลตำบลตัวอย่าง ได้ดำเนินการจ่ายเงินเบี้ยยังชีพผู้สูงอายุ ประจำปีงบประมาณ "
    "พ.ศ. ๒๕๖๘ ให้แก่ผู้มีสิทธิตามระเบียบกระทรวงมหาดไทย ปั้นน้ำเป็นตัว ก๊กเก๋ " + LONG_RUN
)
ROWS = [
    (1, APPLICANT, "1-2345-xxxxx-xx-3", Decimal("600")),
    (2, MAYOR, "3-1001-xxxxx-xx-9", Decimal("700.00")),
    (3, THIRD, "3-5099-xxxxx-xx-1", Decimal("1000.50")),
]
COLUMNS = [
    Column("ที่", 0.6, "center"),
    Column("ชื่อ-สกุล", 3),
    Column("เลขประจำตัวประชาชน", 2.4),
    Column("จำนวนเงิน (บาท)", 1.6, "money"),
]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def render_sample() -> tuple[bytes, dict[int, Decimal]]:
    doc = ThaiDocument(title="บัญชีรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพ", printed_on=PRINTED_ON)
    doc.title("บัญชีรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ")
    doc.heading("ประจำเดือนพฤษภาคม 2568")
    doc.paragraph(PARAGRAPH)
    doc.field("ชื่อ-สกุล", APPLICANT)
    doc.fields(
        Field("วันเกิด", format_thai_date(BIRTH), 2),
        Field("อายุ", "72", 1, unit="ปี"),
    )
    doc.field("ที่อยู่")
    totals = doc.table(COLUMNS, ROWS, total_label="รวมทั้งสิ้น")
    total = totals[3]
    doc.paragraph(f"รวมเป็นเงินทั้งสิ้น {format_baht(total)} บาท ({baht_text(total)})", indent=False)
    doc.signatures(
        [
            Signature(role="ผู้ยื่นคำขอ"),
            Signature(MAYOR, POSITION, role="ผู้รับคำขอ"),
        ]
    )
    doc.page_break()
    doc.heading("หมายเหตุ")
    doc.paragraph(LONG_RUN)
    doc.signature(APPLICANT, "นักพัฒนาชุมชนชำนาญการ", dated=True)
    return doc.output(), totals


@pytest.fixture(scope="module")
def sample() -> tuple[bytes, dict[int, Decimal]]:
    return render_sample()


def page_texts(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return [page.extract_text() for page in PdfReader(path).pages]


def test_renders_a4_pdf_with_sarabun_embedded(sample: tuple[bytes, dict[int, Decimal]]) -> None:
    data, _ = sample
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in pt
    resources: list[Any] = [page["/Resources"] for page in reader.pages]
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page_resources in resources
        for font in page_resources["/Font"].values()
    }
    assert fonts and all("Sarabun" in name for name in fonts)
    assert reader.metadata is not None
    assert reader.metadata.title == "บัญชีรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพ"


def test_thai_text_comes_back_exactly(
    sample: tuple[bytes, dict[int, Decimal]], tmp_path: Path
) -> None:
    data, totals = sample
    first, second = page_texts(data, tmp_path)
    assert totals == {3: Decimal("2300.50")}
    for expected in (
        "บัญชีรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ",
        "ประจำเดือนพฤษภาคม 2568",
        f"ชื่อ-สกุล {APPLICANT}",
        "วันเกิด 12 พ.ค. 2495",
        "อายุ 72 ปี",
        f"1 {APPLICANT} 1-2345-xxxxx-xx-3 600.00",
        f"2 {MAYOR} 3-1001-xxxxx-xx-9 700.00",
        f"3 {THIRD} 3-5099-xxxxx-xx-1 1,000.50",
        "รวมทั้งสิ้น 2,300.50",
        "รวมเป็นเงินทั้งสิ้น 2,300.50 บาท (สองพันสามร้อยบาทห้าสิบสตางค์)",
        "ลงชื่อ ผู้ยื่นคำขอ",
        f"({MAYOR})",
        f"ตำแหน่ง {POSITION}",
        "พิมพ์เมื่อ ๑๒ พ.ค. ๒๕๖๘",
        "หน้า ๑ จาก ๒",
    ):
        assert expected in first, expected
    for expected in (f"({APPLICANT})", "ตำแหน่ง นักพัฒนาชุมชนชำนาญการ", "วันที่", "หน้า ๒ จาก ๒"):
        assert expected in second, expected
    assert baht_text(Decimal("2300.50")) == "สองพันสามร้อยบาทห้าสิบสตางค์"


def test_long_paragraphs_come_back_with_every_character(
    sample: tuple[bytes, dict[int, Decimal]], tmp_path: Path
) -> None:
    data, _ = sample
    first, second = page_texts(data, tmp_path)
    assert squash(PARAGRAPH) in squash(first)
    assert squash(LONG_RUN) in squash(second)
    # The long run was wrapped, so it was broken somewhere inside.
    assert LONG_RUN not in second


def test_no_stray_characters_in_the_text_layer(
    sample: tuple[bytes, dict[int, Decimal]], tmp_path: Path
) -> None:
    # Without the ToUnicode fix the second glyph of ำ extracts as its raw code ("$");
    # the zero-width break chances must not leak either.
    text = "".join(page_texts(sample[0], tmp_path))
    assert "$" not in text
    assert "\ufffd" not in text and "\uffff" not in text and "\u200b" not in text
    assert "ตำแหน่ง" in text and "น้ำใจดี" in text


def test_lines_never_start_or_end_inside_a_thai_cluster(
    sample: tuple[bytes, dict[int, Decimal]], tmp_path: Path
) -> None:
    for text in page_texts(sample[0], tmp_path):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for before, after in itertools.pairwise(lines):
            first = after[0]
            assert unicodedata.category(first) != "Mn", (before, after)
            assert first not in "ะาำๅ", (before, after)
            assert before[-1] not in "เแโใไ", (before, after)


def test_narrow_table_column_wraps_long_thai_words(tmp_path: Path) -> None:
    doc = ThaiDocument(printed_on=PRINTED_ON)
    columns = [Column("รายการ", 1), Column("หมายเหตุ", 3), Column("จำนวนเงิน", 1, "money")]
    rows = [("ค่าตอบแทนวิทยากรประจำโครงการ", LONG_RUN, Decimal("1500"))]
    doc.paragraph("รายละเอียดค่าใช้จ่ายอยู่หน้าถัดไป")
    doc.page_break()
    doc.table(columns, rows, total_label="รวม")
    first, second = page_texts(doc.output(), tmp_path)
    assert squash("ค่าตอบแทนวิทยากรประจำโครงการ") in squash(second)
    assert squash(LONG_RUN) in squash(second)
    assert "1,500.00" in second
    # Page 2 ends in the bold total row; its footer must still be set in the regular font
    # (footers are drawn after the content, page by page).
    assert "พิมพ์เมื่อ ๑๒ พ.ค. ๒๕๖๘ หน้า ๑ จาก ๒" in first
    assert "พิมพ์เมื่อ ๑๒ พ.ค. ๒๕๖๘ หน้า ๒ จาก ๒" in second


def test_footer_can_use_arabic_digits(tmp_path: Path) -> None:
    doc = ThaiDocument(printed_on=PRINTED_ON, thai_numerals=False)
    doc.paragraph("ทดสอบ")
    (text,) = page_texts(doc.output(), tmp_path)
    assert "พิมพ์เมื่อ 12 พ.ค. 2568" in text
    assert "หน้า 1 จาก 1" in text


def test_landscape_pages(tmp_path: Path) -> None:
    doc = ThaiDocument(printed_on=PRINTED_ON, landscape=True)
    doc.title("ทะเบียนจ่ายเงิน")
    data = doc.output()
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_output_is_stable_once_closed() -> None:
    doc = ThaiDocument(printed_on=PRINTED_ON)
    doc.paragraph("ทดสอบ")
    assert doc.output() == doc.output()


def test_table_money_rules() -> None:
    doc = ThaiDocument(printed_on=PRINTED_ON)
    money = [Column("ชื่อ"), Column("เงิน", kind="money")]
    with pytest.raises(TypeError):
        doc.table(money, [("ก", 12.5)])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        doc.table(money, [("ก", "12.50")])
    with pytest.raises(ValueError):
        doc.table([Column("ชื่อ")], [("ก",)], total_label="รวม")
    with pytest.raises(ValueError):
        doc.table(money, [("ก",)])
    totals = doc.table(money, [("ก", Decimal("0.10")), ("ข", Decimal("0.20")), ("ค", None)])
    assert totals == {1: Decimal("0.30")}


def test_font_and_margins() -> None:
    assert sarabun_font_path().name == "Sarabun-Regular.ttf"
    assert sarabun_font_path("B").is_file()
    assert (OFFICIAL_MARGINS.left, OFFICIAL_MARGINS.right) == (30.0, 20.0)
    doc = ThaiDocument(printed_on=PRINTED_ON)
    assert doc.content_width == pytest.approx(210 - 30 - 20, abs=0.01)


def test_page_one_as_png(sample: tuple[bytes, dict[int, Decimal]], tmp_path: Path) -> None:
    """Writes the sample and its first page as PNG for a person to look at (the marks'
    placement cannot be asserted from the text layer). Needs poppler's pdftoppm."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    path = tmp_path / "sample.pdf"
    path.write_bytes(sample[0])
    subprocess.run(
        [pdftoppm, "-r", "100", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    assert png.read_bytes().startswith(b"\x89PNG")
