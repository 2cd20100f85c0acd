"""The base for every Thai PDF the system prints: request forms, payroll rosters, project
proposals, cover letters.

Built on fpdf2 with HarfBuzz text shaping (uharfbuzz) and the Sarabun font (SIL OFL,
rules.md §8) from the `fontpkg-sarabun` package. Without shaping, Thai tone marks and
upper vowels collide (ปั้น, ที่); with it they sit where a Thai reader expects them.

Domain-free on purpose: callers pass strings, dates and Decimals and get bytes back. A
domain's own module (e.g. the allowance request form) composes these helpers.

Two fpdf2 behaviours are corrected here, both covered by tests:

- Text layer for SARA AM. HarfBuzz splits ำ into two glyphs (NIKHAHIT + SARA AA); fpdf2
  gives the cluster's text to the first and leaves the second without a ToUnicode entry,
  so text extraction and copy-paste turn ตำแหน่ง into "ตำ$แหน่ง". We map such glyphs to
  the empty string.
- Line breaking. Thai writes words without spaces; when a run is wider than the line,
  fpdf2 breaks it between any two characters, which can strand a tone mark or ำ at the
  start of the next line. In such runs we offer breaks between Thai character clusters
  instead, as zero-width spaces, which fpdf2 breaks at and which we keep out of the text
  layer. (Real word breaking needs a dictionary; cluster breaks keep every glyph legible.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Final, Literal, TypeAlias
from zoneinfo import ZoneInfo

from fpdf import FPDF, FontFace
from fpdf.enums import Align, XPos, YPos
from fpdf.output import OutputProducer
from fpdf.syntax import PDFContentStream, PDFObject

from chumchon.core.thai import (
    format_baht,
    format_thai_date,
    from_satang,
    to_satang,
)
from chumchon.core.thai import thai_digits as to_thai_digits

__all__ = [
    "OFFICIAL_MARGINS",
    "Column",
    "Field",
    "Margins",
    "Signature",
    "ThaiDocument",
    "sarabun_font_path",
]

FONT_FAMILY: Final = "Sarabun"
FontStyle: TypeAlias = Literal["", "B"]
_FONT_FILES: Final[dict[FontStyle, str]] = {"": "Sarabun-Regular.ttf", "B": "Sarabun-Bold.ttf"}

BODY_SIZE: Final = 16.0  # pt; the size Thai official letters are typed in
TITLE_SIZE: Final = 20.0
FOOTER_SIZE: Final = 12.0
MIN_FIT_SIZE: Final = 12.0
# Sarabun's ascender + descender is 1.3 em (hhea 1068 / -232, no line gap): one line of
# "single" spacing, with room for a tone mark stacked on an upper vowel.
LINE_FACTOR: Final = 1.3
PARAGRAPH_INDENT: Final = 25.0  # mm; Thai official letters indent paragraphs 2.5 cm
_PT_TO_MM: Final = 25.4 / 72
_BANGKOK: Final = ZoneInfo("Asia/Bangkok")


def sarabun_font_path(style: FontStyle = "") -> Path:
    """Path to the Sarabun TTF inside the installed `fontpkg-sarabun` package (its
    `files/` folder, as listed in the package's metadata.json)."""
    return Path(str(files("fontpkg_sarabun") / "files" / _FONT_FILES[style]))


@dataclass(frozen=True, slots=True)
class Margins:
    """Page margins in millimetres."""

    top: float
    right: float
    bottom: float
    left: float


# Left 3 cm and right 2 cm follow the Secretariat of the Prime Minister's guide to typing
# Thai official letters under the 2526 Regulation on Correspondence (rules.md §8). That
# guide sets no top or bottom margin; 2.5 cm and 2 cm are the common office practice, and
# the bottom margin holds the footer.
OFFICIAL_MARGINS: Final = Margins(top=25.0, right=20.0, bottom=20.0, left=30.0)

CellValue: TypeAlias = str | Decimal | int | None
ParagraphAlign: TypeAlias = Literal["LEFT", "CENTER", "RIGHT", "JUSTIFY"]
ColumnKind: TypeAlias = Literal["text", "center", "number", "money"]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column. `width` is relative to the other columns' widths.

    money: Decimal or int values printed as 12,345.50, right-aligned, summed in the total
    row. number: right-aligned. center: centred (sequence numbers, codes).
    """

    header: str
    width: float = 1.0
    kind: ColumnKind = "text"


@dataclass(frozen=True, slots=True)
class Field:
    """One labelled blank on a form line: 'ชื่อ-สกุล ............ ' with an optional
    value written on the dots and an optional unit after them ('อายุ ..72.. ปี')."""

    label: str
    value: str | None = None
    width: float = 1.0
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Signature:
    """A signature block: 'ลงชื่อ ........ <role>', '(<name>)', 'ตำแหน่ง <position>'.

    Missing name or position leave a dotted blank to be written by hand.
    """

    name: str | None = None
    position: str | None = None
    role: str | None = None
    label: str = "ลงชื่อ"
    dated: bool = False


class ThaiDocument:
    """An A4 Thai document. Add content top to bottom, then call `output()` for bytes.

    Every page gets a footer with the print date in BE and "หน้า n จาก m". Numbers the
    document writes itself (page numbers, print date) use Thai digits unless
    `thai_numerals=False`; numbers in the content are the caller's choice.
    """

    def __init__(
        self,
        *,
        title: str = "",
        author: str = "",
        printed_on: date | None = None,
        thai_numerals: bool = True,
        margins: Margins = OFFICIAL_MARGINS,
        landscape: bool = False,
    ) -> None:
        self._margins = margins
        self._thai_numerals = thai_numerals
        self._printed_on = printed_on or datetime.now(_BANGKOK).date()
        self._output: bytes | None = None

        pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
        for style in _FONT_FILES:
            pdf.add_font(FONT_FAMILY, style, str(sarabun_font_path(style)))
        pdf.set_text_shaping(True)
        pdf.set_margins(margins.left, margins.top, margins.right)
        pdf.set_auto_page_break(True, margin=margins.bottom)
        pdf.set_lang("th")
        pdf.set_creator("Chumchon")
        if title:
            pdf.set_title(title)
        if author:
            pdf.set_author(author)
        pdf.set_font(FONT_FAMILY, "", BODY_SIZE)
        pdf.add_page()
        self._pdf = pdf

    # ------------------------------------------------------------------ basics

    @property
    def pdf(self) -> FPDF:
        """The underlying fpdf2 document, for drawing this class has no helper for
        (a garuda image, a box). Leave the font as you found it."""
        return self._pdf

    @property
    def content_width(self) -> float:
        return self._pdf.epw

    def _line_height(self, size_pt: float = BODY_SIZE) -> float:
        return size_pt * _PT_TO_MM * LINE_FACTOR

    def _use(self, style: FontStyle = "", size: float = BODY_SIZE) -> None:
        self._pdf.set_font(FONT_FAMILY, style, size)

    def _ensure_room(self, height: float) -> None:
        # Keep a block (a signature, a form line) on one page rather than split it.
        if self._pdf.will_page_break(height):
            self._pdf.add_page()

    def spacer(self, height: float = 4.0) -> None:
        """Vertical space in millimetres."""
        self._pdf.ln(height)

    def page_break(self) -> None:
        self._pdf.add_page()

    # ------------------------------------------------------------------- text

    def title(self, text: str, *, size: float = TITLE_SIZE) -> None:
        """A bold centred title, e.g. 'แบบคำขอลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ'."""
        self._use("B", size)
        self._multi_line(text, align=Align.C, size=size)
        self._use()
        self.spacer(2)

    def heading(self, text: str) -> None:
        """A bold left-aligned heading inside the document."""
        self._use("B")
        self._ensure_room(self._line_height() * 2)
        self._multi_line(text, align=Align.L)
        self._use()

    def paragraph(self, text: str, *, indent: bool = True, align: ParagraphAlign = "LEFT") -> None:
        """Body text with the first line indented 2.5 cm.

        Left-aligned by default: justifying Thai stretches the few spaces a line has
        into wide gaps.
        """
        self._use()
        text = _break_long_runs(self._pdf, text, self.content_width)
        indent_mm = PARAGRAPH_INDENT if indent else 0
        with (
            self._pdf.text_columns(
                text_align=align, line_height=LINE_FACTOR, skip_leading_spaces=True
            ) as columns,
            columns.paragraph(first_line_indent=indent_mm) as par,
        ):
            par.write(text)
        self._pdf.set_x(self._pdf.l_margin)

    def _multi_line(self, text: str, *, align: Align, size: float = BODY_SIZE) -> None:
        text = _break_long_runs(self._pdf, text, self.content_width)
        self._pdf.multi_cell(
            0,
            self._line_height(size),
            text,
            align=align,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    # ------------------------------------------------------------------- form lines

    def field(self, label: str, value: str | None = None, *, unit: str | None = None) -> None:
        """One form line across the page: 'ชื่อ-สกุล <value on a dotted line>'."""
        self.fields(Field(label, value, unit=unit))

    def fields(self, *items: Field) -> None:
        """Several labelled blanks on one line, sharing the width by their `width`.

        The dots are drawn, not typed, so the value comes back from the PDF's text layer
        exactly as given.
        """
        if not items or any(item.width <= 0 for item in items):
            raise ValueError("give at least one field, each with a positive width")
        pdf = self._pdf
        self._use()
        height = self._line_height()
        self._ensure_room(height)
        y = pdf.get_y()
        total = sum(item.width for item in items)
        x = pdf.l_margin
        gap = 2.0
        for index, item in enumerate(items):
            last = index == len(items) - 1
            span = self.content_width * item.width / total
            end = x + span
            pdf.set_xy(x, y)
            label_w = pdf.get_string_width(item.label) + gap
            pdf.cell(label_w, height, item.label)
            unit_w = pdf.get_string_width(item.unit) + gap if item.unit else 0.0
            dots_end = end - unit_w - (0.0 if last else gap)
            self._dotted(x + label_w, dots_end, y + height - 1.3)
            if item.value:
                pdf.set_xy(x + label_w, y)
                pdf.cell(max(dots_end - x - label_w, 1.0), height, item.value, align=Align.C)
            if item.unit:
                pdf.set_xy(dots_end + gap, y)
                pdf.cell(unit_w, height, item.unit)
            x = end
        pdf.set_xy(pdf.l_margin, y + height)

    def _dotted(self, x1: float, x2: float, y: float) -> None:
        if x2 <= x1:
            return
        pdf = self._pdf
        with pdf.local_context():
            pdf.set_line_width(0.3)
            pdf.set_dash_pattern(dash=0.3, gap=0.9)
            pdf.line(x1, y, x2, y)

    # ------------------------------------------------------------------- tables

    def table(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[CellValue]],
        *,
        total_label: str | None = None,
        thai_digits: bool = False,
    ) -> dict[int, Decimal]:
        """A bordered table with a bold header row repeated on every page.

        Money columns take Decimal or int (never float) and are formatted and
        right-aligned; with `total_label` a bold last row carries the label (spanning the
        columns before the first money column) and the sum of each money column. Returns
        those sums by column index whether or not the row is printed, so that a caller
        can print the total in words with `baht_text`.

        Arabic digits by default: they are accepted for finance tables (rules.md §8).
        """
        if not columns:
            raise ValueError("a table needs at least one column")
        pdf = self._pdf
        self._use()
        money = [i for i, col in enumerate(columns) if col.kind == "money"]
        if total_label is not None and (not money or money[0] == 0):
            raise ValueError("a total row needs a money column after the label column")
        satang = dict.fromkeys(money, 0)
        weight = sum(col.width for col in columns)
        padding = 1.5
        text_widths = [self.content_width * c.width / weight - 2 * padding for c in columns]
        aligns = tuple(_ALIGN[col.kind] for col in columns)
        bold = FontFace(emphasis="BOLD")
        self.spacer(1.5)

        def show(value: CellValue, index: int) -> str:
            column = columns[index]
            if value is None:
                return ""
            if column.kind == "money":
                if isinstance(value, str):
                    raise TypeError(f"column {column.header!r} is money: pass Decimal, not str")
                satang[index] += to_satang(value)
                return format_baht(value, thai_digits=thai_digits)
            text = str(value)
            text = to_thai_digits(text) if thai_digits else text
            return _break_long_runs(pdf, text, text_widths[index])

        with pdf.table(
            align="LEFT",
            col_widths=tuple(col.width for col in columns),
            text_align=aligns,
            line_height=self._line_height(),
            padding=(0.5, padding),
            headings_style=bold,
            v_align="MIDDLE",
            first_row_as_headings=True,
        ) as table:
            header = table.row()
            for index, column in enumerate(columns):
                heading = _break_long_runs(pdf, column.header, text_widths[index])
                header.cell(heading, align="CENTER")
            for values in rows:
                if len(values) != len(columns):
                    raise ValueError(f"row has {len(values)} cells for {len(columns)} columns")
                row = table.row()
                for index, value in enumerate(values):
                    row.cell(show(value, index))
            if total_label is not None:
                row = table.row()
                span = money[0]
                row.cell(total_label, align="CENTER", style=bold, colspan=span)
                for index in range(span, len(columns)):
                    text = (
                        format_baht(from_satang(satang[index]), thai_digits=thai_digits)
                        if index in satang
                        else ""
                    )
                    row.cell(text, style=bold)
        pdf.set_x(pdf.l_margin)
        self.spacer(2)
        return {index: from_satang(total) for index, total in satang.items()}

    # ------------------------------------------------------------------- signatures

    def signature(
        self,
        name: str | None = None,
        position: str | None = None,
        *,
        role: str | None = None,
        label: str = "ลงชื่อ",
        dated: bool = False,
        align: Literal["left", "center", "right"] = "right",
    ) -> None:
        """One signature block in the right half of the page (or left, or centred)."""
        block = Signature(name, position, role, label, dated)
        if align == "center":
            self.signatures([block], widths=(0.25, 0.5, 0.25), slots=(1,))
        elif align == "left":
            self.signatures([block], widths=(0.5, 0.5), slots=(0,))
        else:
            self.signatures([block], widths=(0.5, 0.5), slots=(1,))

    def signatures(
        self,
        blocks: Sequence[Signature],
        *,
        widths: Sequence[float] | None = None,
        slots: Sequence[int] | None = None,
    ) -> None:
        """Signature blocks side by side (the applicant's and the officer's on a
        request form). By default each block gets an equal share of the width."""
        pdf = self._pdf
        self._use()
        widths = list(widths) if widths else [1.0] * len(blocks)
        slots = list(slots) if slots else list(range(len(blocks)))
        if len(slots) != len(blocks) or not all(0 <= slot < len(widths) for slot in slots):
            raise ValueError("each signature block needs a slot among the widths")
        height = self._line_height()
        lines = 4 if any(block.dated for block in blocks) else 3
        self._ensure_room(height * (lines + 1))
        self.spacer(height * 0.6)
        top = pdf.get_y()
        total = sum(widths)
        starts = [pdf.l_margin]
        for width in widths:
            starts.append(starts[-1] + self.content_width * width / total)
        for block, slot in zip(blocks, slots, strict=True):
            self._signature_block(block, starts[slot], starts[slot + 1], top, height)
        pdf.set_xy(pdf.l_margin, top + height * lines)

    def _signature_block(
        self, block: Signature, left: float, right: float, top: float, height: float
    ) -> None:
        pdf = self._pdf
        gap = 1.5
        inner_left, inner_right = left + 4, right - 4
        line_y = top
        # ลงชื่อ ................ role
        label_w = pdf.get_string_width(block.label) + gap
        role_w = pdf.get_string_width(block.role) + gap if block.role else 0.0
        pdf.set_xy(inner_left, line_y)
        pdf.cell(label_w, height, block.label)
        self._dotted(inner_left + label_w, inner_right - role_w, line_y + height - 1.3)
        if block.role:
            pdf.set_xy(inner_right - role_w + gap, line_y)
            pdf.cell(role_w, height, block.role)
        # ( name )
        line_y += height
        if block.name:
            pdf.set_xy(inner_left, line_y)
            self._fitted_cell(inner_right - inner_left, height, f"({block.name})")
        else:
            self._bracketed_blank(inner_left + label_w, inner_right - role_w, line_y, height)
        # ตำแหน่ง position
        line_y += height
        prefix = "ตำแหน่ง"
        if block.position:
            pdf.set_xy(inner_left, line_y)
            self._fitted_cell(inner_right - inner_left, height, f"{prefix} {block.position}")
        else:
            prefix_w = pdf.get_string_width(prefix) + gap
            pdf.set_xy(inner_left, line_y)
            pdf.cell(prefix_w, height, prefix)
            self._dotted(inner_left + prefix_w, inner_right - role_w, line_y + height - 1.3)
        if block.dated:
            line_y += height
            prefix = "วันที่"
            prefix_w = pdf.get_string_width(prefix) + gap
            pdf.set_xy(inner_left, line_y)
            pdf.cell(prefix_w, height, prefix)
            self._dotted(inner_left + prefix_w, inner_right - role_w, line_y + height - 1.3)

    def _fitted_cell(self, width: float, height: float, text: str) -> None:
        # A long position title ("ผู้อำนวยการกองสวัสดิการสังคม ปฏิบัติราชการแทน…") must
        # stay inside its block: shrink it, down to a size still comfortable to read.
        pdf = self._pdf
        size = BODY_SIZE
        while size > MIN_FIT_SIZE and pdf.get_string_width(text) > width:
            size -= 0.5
            self._use("", size)
        pdf.cell(width, height, text, align=Align.C)
        self._use()

    def _bracketed_blank(self, left: float, right: float, y: float, height: float) -> None:
        pdf = self._pdf
        bracket_w = pdf.get_string_width("(") + 0.5
        pdf.set_xy(left - bracket_w, y)
        pdf.cell(bracket_w, height, "(")
        self._dotted(left, right, y + height - 1.3)
        pdf.set_xy(right + 0.5, y)
        pdf.cell(bracket_w, height, ")")

    # ------------------------------------------------------------------- output

    def output(self) -> bytes:
        """Finish the document (footers on every page) and return the PDF bytes.

        The document is closed afterwards; calling again returns the same bytes.
        """
        if self._output is None:
            self._draw_footers()
            _silence_textless_glyphs(self._pdf)
            self._output = bytes(self._pdf.output(output_producer_class=_ThaiOutputProducer))
        return self._output

    def _draw_footers(self) -> None:
        # Drawn at the end, page by page, because the footer says "of N pages" and
        # fpdf2's {nb} alias would print N in Arabic digits.
        pdf = self._pdf
        last = pdf.page
        pages = pdf.pages_count
        printed = format_thai_date(self._printed_on, "short", thai_digits=self._thai_numerals)
        auto, margin = pdf.auto_page_break, pdf.b_margin
        pdf.set_auto_page_break(False)
        self._use("", FOOTER_SIZE)
        height = self._line_height(FOOTER_SIZE)
        y = pdf.h - self._margins.bottom + 6
        for number in range(1, pages + 1):
            pdf.page = number
            # fpdf2 tracks whether the font was set on "the" page, not on each page:
            # without this the footer inherits whatever font that page's content ended in.
            pdf.current_font_is_set_on_page = False
            page_text = f"หน้า {number} จาก {pages}"
            if self._thai_numerals:
                page_text = to_thai_digits(page_text)
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(self.content_width / 2, height, f"พิมพ์เมื่อ {printed}")
            pdf.set_xy(pdf.l_margin + self.content_width / 2, y)
            pdf.cell(self.content_width / 2, height, page_text, align=Align.R)
        pdf.page = last
        pdf.set_auto_page_break(auto, margin)
        self._use()


_ALIGN: Final[dict[str, str]] = {
    "text": "LEFT",
    "center": "CENTER",
    "number": "RIGHT",
    "money": "RIGHT",
}


# --------------------------------------------------------------------- line breaking

# A Thai line may not start with a mark or a following vowel, nor end on a leading
# vowel: เ|ดือน or น้|ำ would print a vowel on the wrong line.
_LEADING_VOWELS: Final = frozenset("เแโใไ")
_NO_BREAK_BEFORE: Final = frozenset("ะาำๅๆฯ")
_ZWSP: Final = "\u200b"
_SLACK: Final = 0.5  # mm kept free so fpdf2's own measurement never disagrees with ours


def _is_thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


def _may_break_before(text: str, index: int) -> bool:
    before, char = text[index - 1], text[index]
    if not (_is_thai(before) and _is_thai(char)):
        return False
    if unicodedata.category(char) in ("Mn", "Mc") or char in _NO_BREAK_BEFORE:
        return False
    return before not in _LEADING_VOWELS


def _break_long_runs(pdf: FPDF, text: str, width: float) -> str:
    """Offer line breaks between the Thai clusters of every space-free run wider than
    `width` (mm); runs that fit are left to fpdf2's wrapping at spaces."""
    limit = width - _SLACK
    if pdf.get_string_width(text) <= limit:
        return text
    lines = []
    for line in text.split("\n"):
        words = [
            _with_break_chances(word) if pdf.get_string_width(word) > limit else word
            for word in line.split(" ")
        ]
        lines.append(" ".join(words))
    return "\n".join(lines)


def _with_break_chances(word: str) -> str:
    pieces = [word[0]] if word else []
    for index in range(1, len(word)):
        if _may_break_before(word, index):
            pieces.append(_ZWSP)
        pieces.append(word[index])
    return "".join(pieces)


# ------------------------------------------------------------------ text layer fix

# A Unicode noncharacter: never real text, so it can mark "no text" through fpdf2's
# ToUnicode writer, which is then rewritten to an empty mapping.
_NO_TEXT: Final = 0xFFFF
_SILENT: Final = ((), (ord(_ZWSP),))


def _silence_textless_glyphs(pdf: FPDF) -> None:
    """Mark glyphs that should add no text (the SARA AA half of ำ, which fpdf2 leaves
    unmapped so that readers fall back to the raw code, a '$' in pypdf; and our
    zero-width break chances) so that the ToUnicode map says "nothing" for them."""
    for font in pdf.fonts.values():
        subset = getattr(font, "subset", None)
        if subset is None:
            continue
        for glyph, _code in subset.items():
            if glyph is not None and glyph.unicode in _SILENT:
                glyph.unicode = (_NO_TEXT,)


class _ThaiOutputProducer(OutputProducer):
    """fpdf2's producer, with the marked ToUnicode entries rewritten to empty strings."""

    _MARKED: Final = f" <{_NO_TEXT:04X}>\n".encode("ascii")

    def _add_pdf_obj(self, pdf_obj: PDFObject, trace_label: str | None = None) -> int:
        if trace_label == "fonts" and isinstance(pdf_obj, PDFContentStream):
            contents = pdf_obj.content_stream()
            if contents.startswith(b"/CIDInit") and self._MARKED in contents:
                fixed = contents.replace(self._MARKED, b" <>\n")
                pdf_obj._contents = fixed  # no public setter exists
                pdf_obj.length = len(fixed)
        return super()._add_pdf_obj(pdf_obj, trace_label)
