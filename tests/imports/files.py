"""Files made by the tests: CSV in each encoding, XLSX with text and real Excel dates."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook


def csv_bytes(rows: Sequence[Sequence[Any]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, date_format: str | None = "dd/mm/yyyy",
               text_columns: Sequence[int] = ()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    for r in ws.iter_rows():
        for cell in r:
            if cell.is_date and date_format:
                cell.number_format = date_format
            if cell.column - 1 in text_columns:
                cell.number_format = "@"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def with_shared_strings(data: bytes) -> bytes:
    """The same workbook with its texts in a shared-strings table, as Excel writes them
    (openpyxl writes inline strings)."""
    import re
    import zipfile
    from xml.sax.saxutils import escape

    source = zipfile.ZipFile(io.BytesIO(data))
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        from xml.sax.saxutils import unescape

        strings.append(unescape(match.group(2)))
        return f'<c r="{match.group(1)}" t="s"><v>{len(strings) - 1}</v></c>'

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            body = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                body = re.sub(r'<c r="([A-Z]+\d+)"(?: s="\d+")? t="inlineStr"><is><t>(.*?)</t></is></c>', shared,
                              body.decode()).encode()
            elif name == "[Content_Types].xml":
                body = body.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif name == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            target.writestr(name, body)
        target.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                        f'main" count="{len(strings)}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
                        + "</sst>")
    assert strings, "no inline strings found to share"
    return out.getvalue()
