"""File readers: CSV in any of the encodings Thai files come in, and spreadsheets.

Every reader yields `(line, cells)`: the line number as the officer sees it (the row
number in Excel, the record number of a CSV file, header included) and the cells as typed
Python values (text, numbers, dates), empty cells as None, fully empty rows skipped.

CSV is streamed: one pass checks the encoding and counts the records, the next yields
rows, and neither holds the file. The encoding: a byte-order mark says UTF-8 or UTF-16
(Excel's "Unicode text"); without one the whole file must be valid UTF-8, else it is read
as Thai Windows code page 874, the superset of TIS-620 that old Windows exports use.

Spreadsheets (XLSX, and the older XLS, XLSB and ODS that old offices still keep) are read
with python-calamine, which is fast but holds the sheet's cells while it is read (about a
kilobyte a row of a dozen columns). An XLSX whose sheet is bigger than
`STREAM_SHEET_BYTES` uncompressed is instead streamed by our own reader (expat over the
zipped sheet XML, a third of calamine's speed): only the shared strings, the distinct texts
of the file, are held, as every XLSX reader must.
"""

from __future__ import annotations

import codecs
import csv
import math
import posixpath
import re
import zipfile
from xml.parsers import expat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from chumchon.core.errors import Invalid

CSV_FORMATS = frozenset({"csv", "txt", "tsv"})
SHEET_FORMATS = frozenset({"xlsx", "xlsm", "xls", "xlsb", "ods"})
FORMATS = CSV_FORMATS | SHEET_FORMATS

_CHUNK = 1 << 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # XLS (BIFF in an OLE container)

csv.field_size_limit(1 << 20)


def _unreadable(message: str, code: str = "imports.unreadable_file", **extra: Any) -> Invalid:
    return Invalid(message, code=code, errors=[{"field": "file", "code": code, "message": message}], **extra)


def detect_format(filename: str, head: bytes) -> str:
    """The format from the content first (a renamed file is common), the name second."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    if head.startswith(_ZIP_MAGIC):
        return suffix if suffix in {"xlsx", "xlsm", "xlsb", "ods"} else "xlsx"
    if head.startswith(_OLE_MAGIC):
        return "xls"
    if suffix in SHEET_FORMATS:
        raise _unreadable(f"ไฟล์ “{filename}” ไม่ใช่ไฟล์ Excel ที่อ่านได้", code="imports.unreadable_file")
    return "csv"


@dataclass
class Source:
    """An opened file: its format, encoding (CSV), and how many rows it holds."""

    path: Path
    format: str
    encoding: str | None
    lines_total: int
    delimiter: str | None = None
    streamed: bool = False

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        if self.format in CSV_FORMATS:
            return self._csv_rows()
        return self._sheet_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        with open(self.path, encoding=self.encoding, newline="") as fh:
            for line, record in enumerate(csv.reader(fh, delimiter=self.delimiter or ","), start=1):
                cells: list[Any] = [v.strip() or None for v in record]
                while cells and cells[-1] is None:
                    cells.pop()
                if cells:
                    yield line, cells

    def _sheet_rows(self) -> Iterator[tuple[int, list[Any]]]:
        if self.streamed:
            yield from _stream_xlsx(self.path)
            return
        sheet, first_line = _open_sheet(self.path)
        for line, record in enumerate(sheet.iter_rows(), start=first_line):
            cells = [_sheet_value(v) for v in record]
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                yield line, cells


def _sheet_value(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, (time, timedelta)):
        return None  # a time of day carries nothing any field here reads
    if isinstance(value, datetime):
        return value.date() if value.time() == time() else value
    return value


def _open_sheet(path: Path) -> tuple[Any, int]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        visible = [i for i, m in enumerate(workbook.sheets_metadata)
                   if m.visible == python_calamine.SheetVisibleEnum.Visible
                   and m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        if not visible:
            raise _unreadable("ไม่พบแผ่นงานในไฟล์")
        sheet = workbook.get_sheet_by_index(visible[0])
    except python_calamine.CalamineError as exc:
        raise _unreadable(f"อ่านไฟล์ Excel ไม่ได้: {exc}") from None
    start = sheet.start
    # calamine starts at the first non-empty cell; line numbers are Excel's row numbers.
    return sheet, (start[0] + 1) if start else 1


def _csv_encoding(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("cp874")()
        try:
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            return "cp874"
        except UnicodeDecodeError:
            raise _unreadable("อ่านไฟล์ไม่ได้: ไม่ใช่ UTF-8 หรือ TIS-620 (Windows-874) บันทึกไฟล์เป็น CSV UTF-8 แล้วลองใหม่",
                              code="imports.encoding_unknown") from None


def _delimiter(path: Path, encoding: str, fmt: str) -> str:
    with open(path, encoding=encoding, newline="") as fh:
        sample = fh.read(64 * 1024)
    if fmt == "tsv" or (encoding == "utf-16" and "\t" in sample):
        return "\t"
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def open_source(path: Path, fmt: str) -> Source:
    """Open a stored upload: find its encoding and delimiter, count its lines."""
    if fmt in CSV_FORMATS:
        encoding = _csv_encoding(path)
        delimiter = _delimiter(path, encoding, fmt)
        source = Source(path=path, format=fmt, encoding=encoding, lines_total=0, delimiter=delimiter)
        try:
            with open(path, encoding=encoding, newline="") as fh:
                source.lines_total = sum(1 for _ in csv.reader(fh, delimiter=delimiter))
        except csv.Error as exc:
            raise _unreadable(f"อ่านไฟล์ CSV ไม่ได้: {exc}") from None
        return source
    if fmt in {"xlsx", "xlsm"} and _sheet_size(path) > STREAM_SHEET_BYTES:
        lines = 0
        for lines, _ in _stream_xlsx(path, values=False):
            pass
        return Source(path=path, format=fmt, encoding=None, lines_total=lines, streamed=True)
    if fmt in SHEET_FORMATS:
        sheet, first = _open_sheet(path)
        end = sheet.end
        lines = (end[0] + 1) if end else 0
        return Source(path=path, format=fmt, encoding=None, lines_total=lines)
    raise _unreadable(f"ไม่รองรับไฟล์ชนิด {fmt}")


# --- streaming XLSX ---------------------------------------------------------------------------------------

STREAM_SHEET_BYTES = 48 * 1024 * 1024
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# Built-in number formats that are dates: the common ones, and the East Asian and Thai
# locale ones (Thai Excel saves its Buddhist-era date formats as 71-81).
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)})
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_EXCEL_EPOCH = datetime(1899, 12, 30)


def _ns(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(" ", 1)[-1]


def _parse(data: bytes | Any, start: Any, end: Any = None, chars: Any = None) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if chars is not None:
        parser.CharacterDataHandler = chars
    if isinstance(data, bytes):
        parser.Parse(data, True)
    else:
        parser.ParseFile(data)


def _first_sheet(z: zipfile.ZipFile) -> str:
    sheets: list[tuple[str, str]] = []

    def on_sheet(name: str, attrs: dict[str, str]) -> None:
        if _ns(name) == "sheet" and attrs.get("state", "visible") == "visible":
            sheets.append((attrs.get("name", ""), attrs.get(f"{_REL} id", "")))

    _parse(z.read("xl/workbook.xml"), on_sheet)
    targets: dict[str, str] = {}

    def on_rel(name: str, attrs: dict[str, str]) -> None:
        if _ns(name) == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    _parse(z.read("xl/_rels/workbook.xml.rels"), on_rel)
    if not sheets or sheets[0][1] not in targets:
        raise _unreadable("ไม่พบแผ่นงานในไฟล์")
    target = targets[sheets[0][1]]
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _sheet_size(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as z:
            return z.getinfo(_first_sheet(z)).file_size
    except (zipfile.BadZipFile, KeyError, expat.ExpatError):
        return 0  # let calamine say what is wrong with it


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    out: list[str] = []
    parts: list[str] = []
    depth = {"t": False, "rph": False}

    def start(name: str, _attrs: dict[str, str]) -> None:
        tag = _ns(name)
        if tag == "si":
            parts.clear()
        elif tag == "t":
            depth["t"] = True
        elif tag == "rPh":  # phonetic guides are not part of the text
            depth["rph"] = True

    def end(name: str) -> None:
        tag = _ns(name)
        if tag == "si":
            out.append("".join(parts))
        elif tag == "t":
            depth["t"] = False
        elif tag == "rPh":
            depth["rph"] = False

    def chars(data: str) -> None:
        if depth["t"] and not depth["rph"]:
            parts.append(data)

    with z.open("xl/sharedStrings.xml") as fh:
        _parse(fh, start, end, chars)
    return out


def _date_styles(z: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats that show a number as a date."""
    if "xl/styles.xml" not in z.namelist():
        return set()
    custom: dict[int, str] = {}
    xfs: list[int] = []
    inside = {"cellXfs": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _ns(name)
        if tag == "numFmt":
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            inside["cellXfs"] = True
        elif tag == "xf" and inside["cellXfs"]:
            xfs.append(int(attrs.get("numFmtId", "0")))

    def end(name: str) -> None:
        if _ns(name) == "cellXfs":
            inside["cellXfs"] = False

    _parse(z.read("xl/styles.xml"), start, end)

    def is_date(fmt_id: int) -> bool:
        if fmt_id in custom:
            code = _FORMAT_NOISE.sub("", custom[fmt_id]).lower()
            return any(ch in code for ch in "dy") or ("m" in code and "h" not in code and "s" not in code)
        return fmt_id in _DATE_FORMAT_IDS

    return {i for i, fmt_id in enumerate(xfs) if is_date(fmt_id)}


def _column(ref: str) -> int:
    n = 0
    for ch in ref:
        if ch.isdigit():
            break
        n = n * 26 + (ord(ch.upper()) - 64)
    return n - 1


def _excel_date(serial: float) -> Any:
    if serial < 61:  # Excel counts a 29 February 1900 that never was
        serial += 1
    moment = _EXCEL_EPOCH + timedelta(days=serial)
    return moment.date() if moment.time() == time() else moment


def _stream_xlsx(path: Path, *, values: bool = True) -> Iterator[tuple[int, list[Any]]]:
    """(line, cells) of the first visible sheet, typed as calamine types them, in constant memory."""
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _unreadable("อ่านไฟล์ Excel ไม่ได้: ไฟล์เสียหรือไม่ใช่ XLSX") from None
    with z:
        sheet = _first_sheet(z)
        strings = _shared_strings(z) if values else []
        dates = _date_styles(z) if values else set()
        ready: list[tuple[int, list[Any]]] = []
        state: dict[str, Any] = {"line": 0, "row": {}, "ref": None, "type": None, "style": None, "text": None}

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = _ns(name)
            if tag == "row":
                state["line"] = int(attrs.get("r") or state["line"] + 1)
                state["row"] = {}
                state["next"] = 0
            elif tag == "c":
                ref = attrs.get("r")
                state["ref"] = _column(ref) if ref else state.get("next", 0)
                state["next"] = state["ref"] + 1
                state["type"] = attrs.get("t", "n")
                state["style"] = int(attrs.get("s", "0"))
                state["text"] = None
            elif tag in ("v", "t") and values:
                state["text"] = state["text"] or []

        def chars(data: str) -> None:
            if state["text"] is not None:
                state["text"].append(data)

        def end(name: str) -> None:
            tag = _ns(name)
            if tag == "c":
                if values and state["text"] is not None:
                    state["row"][state["ref"]] = _cell(state, strings, dates)
                elif not values:
                    state["row"][state["ref"]] = True
                state["text"] = None
            elif tag == "row":
                row = state["row"]
                if row:
                    width = max(row) + 1
                    cells = [_sheet_value(row.get(i)) if values else True for i in range(width)]
                    while cells and cells[-1] is None:
                        cells.pop()
                    if cells:
                        ready.append((state["line"], cells))

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        try:
            with z.open(sheet) as fh:
                while chunk := fh.read(1 << 16):
                    parser.Parse(chunk, False)
                    yield from ready
                    ready.clear()
                parser.Parse(b"", True)
                yield from ready
        except expat.ExpatError as exc:
            raise _unreadable(f"อ่านไฟล์ Excel ไม่ได้: {exc}") from None


def _cell(state: dict[str, Any], strings: list[str], dates: set[int]) -> Any:
    text = "".join(state["text"])
    kind = state["type"]
    if kind == "s":
        return strings[int(text)] if text else None
    if kind in ("str", "inlineStr"):
        return text
    if kind == "b":
        return text == "1"
    if kind == "e" or not text:
        return None
    number = float(text)
    if state["style"] in dates and math.isfinite(number):
        return _excel_date(number)
    return number
