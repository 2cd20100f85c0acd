"""Bank transfer files for what the organisation pays itself (the HIV/AIDS allowance;
CGD pays the elderly and disability allowances directly, rules.md §9).

A layout is data: a list of fixed-width field specs per record type, declared once in
`LAYOUTS`. Another bank's layout is another entry; the writer below serves them all.

The KTB Corporate Online bulk direct-credit layout is written from the field description
in rules.md §9 (header: file type 10, record type 1, batch number, sending bank 006,
transaction count, total in satang, effective date DDMMYYYY, company ID, filler; detail:
record type 2, receiving bank 3, branch 4, account 11, the sending bank, branch and
account, service type, amount in satang 17, receiver name 100, sender name, references,
running number). Widths that description does not give (batch 6, count 7, total 17,
company ID 10, sender name 100, reference 20, running number 6, service type 2) and the
service type value are our reading: confirm them against the bank's current specification
before the first real upload.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal


class BankFileError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class FieldSpec:
    """One fixed-width field. `num`: digits only, right-aligned, zero-filled, never cut.
    `text`: left-aligned, space-filled, cut to the width (names are long, records not)."""

    name: str
    width: int
    kind: Literal["num", "text"] = "text"
    const: str | None = None


@dataclass(frozen=True)
class Layout:
    key: str
    label_th: str
    encoding: str
    line_end: str
    header: tuple[FieldSpec, ...]
    detail: tuple[FieldSpec, ...]
    trailer: tuple[FieldSpec, ...] = ()
    record_length: int | None = None  # every record padded to this many bytes
    date_format: str = "%d%m%Y"

    def widths(self) -> dict[str, int]:
        return {name: sum(f.width for f in specs)
                for name, specs in (("header", self.header), ("detail", self.detail), ("trailer", self.trailer))}


KTB_DIRECT_CREDIT: Final = Layout(
    key="ktb_direct_credit",
    label_th="กรุงไทย KTB Corporate Online โอนเงินเข้าบัญชี (Direct Credit)",
    # TIS-620 (Windows-874): Thai names one byte per character, as Thai bank files carry them.
    encoding="cp874",
    line_end="\r\n",
    header=(
        FieldSpec("file_type", 2, "num", const="10"),
        FieldSpec("record_type", 1, "num", const="1"),
        FieldSpec("batch_no", 6, "num"),
        FieldSpec("sending_bank", 3, "num", const="006"),
        FieldSpec("total_count", 7, "num"),
        FieldSpec("total_amount", 17, "num"),
        FieldSpec("effective_date", 8, "num"),
        FieldSpec("company_id", 10, "text"),
    ),
    detail=(
        FieldSpec("record_type", 1, "num", const="2"),
        FieldSpec("receiving_bank", 3, "num"),
        FieldSpec("receiving_branch", 4, "num"),
        FieldSpec("receiving_account", 11, "num"),
        FieldSpec("sending_bank", 3, "num", const="006"),
        FieldSpec("sending_branch", 4, "num"),
        FieldSpec("sending_account", 11, "num"),
        FieldSpec("service_type", 2, "num", const="04"),
        FieldSpec("amount", 17, "num"),
        FieldSpec("receiver_name", 100, "text"),
        FieldSpec("sender_name", 100, "text"),
        FieldSpec("reference", 20, "text"),
        FieldSpec("running_no", 6, "num"),
    ),
    record_length=282,
)

LAYOUTS: Final[dict[str, Layout]] = {KTB_DIRECT_CREDIT.key: KTB_DIRECT_CREDIT}


def _field(spec: FieldSpec, value: object, encoding: str) -> bytes:
    raw = spec.const if spec.const is not None else ("" if value is None else str(value))
    if spec.kind == "num":
        if not (raw.isascii() and raw.isdigit()):
            raise BankFileError(spec.name, f"must be digits, got {raw!r}")
        if len(raw) > spec.width:
            raise BankFileError(spec.name, f"{raw} is longer than {spec.width} digits")
        return raw.rjust(spec.width, "0").encode("ascii")
    try:
        data = raw.encode(encoding)
    except UnicodeEncodeError:
        raise BankFileError(spec.name, f"{raw!r} has characters the bank's encoding cannot carry") from None
    return data[:spec.width].ljust(spec.width, b" ")


def record(specs: Sequence[FieldSpec], values: Mapping[str, object], layout: Layout) -> bytes:
    out = b"".join(_field(spec, values.get(spec.name), layout.encoding) for spec in specs)
    if layout.record_length is not None:
        if len(out) > layout.record_length:
            raise BankFileError("record", f"{len(out)} bytes exceed the record length {layout.record_length}")
        out = out.ljust(layout.record_length, b" ")
    return out


def render(layout: Layout, header: Mapping[str, object], details: Sequence[Mapping[str, object]],
           trailer: Mapping[str, object] | None = None) -> bytes:
    end = layout.line_end.encode("ascii")
    lines = [record(layout.header, header, layout)]
    lines += [record(layout.detail, d, layout) for d in details]
    if layout.trailer:
        lines.append(record(layout.trailer, trailer or {}, layout))
    return end.join(lines) + end


def parse(layout: Layout, data: bytes) -> list[dict[str, str]]:
    """Read a file back into fields (tests, and checking a file before upload)."""
    out = []
    end = layout.line_end.encode("ascii")
    lines = [line for line in data.split(end) if line]
    for i, line in enumerate(lines):
        specs = layout.header if i == 0 else layout.trailer if layout.trailer and i == len(lines) - 1 \
            else layout.detail
        values, pos = {}, 0
        for spec in specs:
            values[spec.name] = line[pos:pos + spec.width].decode(layout.encoding).rstrip(" ")
            pos += spec.width
        out.append(values)
    return out
