"""Reading consultants' spreadsheets: CSV as Excel really exports it, and XLSX.

CSV: comma, semicolon, tab or pipe delimited (guessed from the header line); UTF-8 with
or without BOM, UTF-16 with BOM ("Unicode text") or cp1250 (Polish Excel); quoted
newlines; empty lines. Headers in Polish or English are mapped to profile fields by
`FIELD_ALIASES` (docs/batch.md has the table); `--map "Column=field"` overrides them.

Rows are numbered as the consultant sees them in Excel: the header is row 1, and empty
lines keep their number, so "row 7" in an error is row 7 on screen.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..vocab import fold

# Profile fields a column can fill, with the header names (folded: lowercase, no diacritics,
# no punctuation or parenthesised hints) recognised for each.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "row id", "ref", "reference", "lp", "nr", "numer", "identyfikator"),
    "company": ("company", "company name", "name", "client", "customer", "organisation", "organization",
                "firma", "nazwa", "nazwa firmy", "klient", "nazwa klienta", "organizacja"),
    "employees": ("employees", "employee count", "number of employees", "headcount", "head count",
                  "company size", "size", "staff", "pracownicy", "liczba pracownikow", "zatrudnienie",
                  "liczba zatrudnionych", "wielkosc firmy", "wielkosc"),
    "industry": ("industry", "sector", "industry sector", "branza", "sektor"),
    "channels": ("channels", "channel", "sales channels", "kanaly", "kanal", "kanaly sprzedazy",
                 "kanaly sprzedazy i obslugi"),
    "challenge": ("challenge", "biggest challenge", "main challenge", "collaboration challenge", "problem",
                  "pain point", "wyzwanie", "najwieksze wyzwanie", "glowne wyzwanie", "problem wspolpracy"),
    "language": ("language", "lang", "jezyk", "jezyk planu"),
    "team_size": ("team size", "rozmiar zespolu", "wielkosc zespolu", "liczebnosc zespolu"),
    "team_level": ("team level", "level", "seniority", "poziom", "poziom zespolu"),
    "quarterly_goal": ("goal", "quarterly goal", "quarter goal", "cel", "cel kwartalny", "cel na kwartal"),
}
REQUIRED_FIELDS = ("employees", "industry", "channels", "challenge")
IGNORE = "-"
EXTRA_CELLS = "(extra cells)"  # where the cells beyond the header of a broken row are kept
_DELIMITERS = ",;\t|"


def header_key(name: str) -> str:
    """A header as matched against aliases: folded, hints in brackets and punctuation dropped."""
    name = re.sub(r"\(.*?\)|\[.*?\]", " ", fold(name))
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", name)).strip()


_ALIAS_FIELD = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}


@dataclass(frozen=True)
class Row:
    """One non-empty data row: its Excel row number, its id and its mapped cells."""

    number: int
    id: str
    data: dict[str, Any]
    cells: dict[str, Any]
    problem: str | None = None


@dataclass
class Table:
    """A read spreadsheet: its rows and how its columns were understood."""

    path: Path
    rows: list[Row]
    columns: list[str]
    mapping: dict[str, str]
    ignored: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """`["Nazwa klienta=company", "Uwagi=-"]` → {header key: field}; a clear error if malformed."""
    overrides = {}
    for option in options:
        column, sep, target = option.rpartition("=")
        target = target.strip()
        if not sep or not column.strip():
            raise InputError(f"--map {option!r}: write it as 'Column name=field'", field="map")
        if target != IGNORE and target not in FIELD_ALIASES:
            raise InputError(f"--map {option!r}: unknown field {target!r}; fields: {', '.join(FIELD_ALIASES)} "
                             f"(or '{IGNORE}' to ignore the column)", field="map")
        overrides[header_key(column)] = target
    return overrides


def read_table(path: Path, overrides: dict[str, str] | None = None) -> Table:
    """Read a .csv/.txt/.tsv or .xlsx file into mapped rows, or raise a clear `InputError`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        records, encoding, delimiter = _xlsx_records(path), "xlsx", ""
    else:
        text, encoding = decode(raw)
        delimiter = sniff_delimiter(text)
        records = _csv_records(text, delimiter, path)
    return _to_table(path, records, overrides or {}, encoding, delimiter)


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding: a BOM decides; else UTF-8 if it decodes, else cp1250 (Polish Windows)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1250", errors="replace"), "cp1250"


def sniff_delimiter(text: str) -> str:
    """The delimiter used most often, outside quotes, in the first non-empty line."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_records(text: str, delimiter: str, path: Path) -> Iterator[tuple[int, list[Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as error:
        raise InputError(f"{path.name}: row {number + 1} cannot be read as CSV: {error}", row=number + 1) from None


def _xlsx_records(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise InputError(f"cannot read {path.name} as an Excel workbook: {error}") from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, [_excel_value(value) for value in values]
    finally:
        workbook.close()


def _excel_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def _blank(record: list[Any]) -> bool:
    return all(str(cell).strip() == "" for cell in record)


def _to_table(path: Path, records: Iterable[tuple[int, list[Any]]], overrides: dict[str, str],
              encoding: str, delimiter: str) -> Table:
    records = iter(records)
    header = next((record for _, record in records if not _blank(record)), [])
    if not header:
        raise InputError(f"{path.name} is empty: expected a header row and one row per company")
    columns = _unique([str(name).strip() for name in header])
    mapping, ignored = _map_columns(path, columns, overrides)
    rows: list[Row] = []
    first_row_of: dict[str, int] = {}
    for number, record in records:
        if _blank(record):
            continue
        rows.append(_to_row(number, record, columns, mapping, first_row_of))
    return Table(path, rows, columns, mapping, ignored, encoding, delimiter)


def _unique(columns: list[str]) -> list[str]:
    """Header names made unique: a repeated "Kanały" becomes "Kanały (2)" (the hint is ignored in matching)."""
    seen: dict[str, int] = {}
    unique = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        unique.append(f"{column} ({seen[column]})" if seen[column] > 1 and column else column)
    return unique


def _map_columns(path: Path, columns: list[str], overrides: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """{column: field} for the columns understood; the rest are ignored and reported."""
    keys = [header_key(column) for column in columns]
    unknown = [key for key in overrides if key not in keys]
    if unknown:
        raise InputError(f"--map names columns not in {path.name}: {', '.join(unknown)}; "
                         f"the columns are: {', '.join(columns)}", field="map")
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    taken = {target for target in overrides.values() if target != IGNORE}
    for column, key in zip(columns, keys):
        target = overrides.get(key) or _ALIAS_FIELD.get(key)
        if key not in overrides and target in taken:
            target = None
        if target in (None, IGNORE) or target in mapping.values():
            ignored += [column] if column else []
        else:
            mapping[column] = target
    missing = [name for name in REQUIRED_FIELDS if name not in mapping.values()]
    if missing:
        raise InputError(f"{path.name}: no column for {', '.join(missing)}; the columns are: {', '.join(columns)}. "
                         f"Name the right column with --map 'Column name={missing[0]}'")
    return mapping, ignored


def _to_row(number: int, record: list[Any], columns: list[str], mapping: dict[str, str],
            first_row_of: dict[str, int]) -> Row:
    cells = {column: record[i] if i < len(record) else "" for i, column in enumerate(columns)}
    extra = [cell for cell in record[len(columns):] if str(cell).strip()]
    data = {}
    for column, target in mapping.items():
        value = cells[column].strip() if isinstance(cells[column], str) else cells[column]
        if value != "":
            data[target] = value
    row_id = str(data.pop("id", number))
    problem = None
    if extra:
        cells[EXTRA_CELLS] = " | ".join(map(str, extra))
        problem = (f"row has {len(columns) + len(extra)} cells but the header has {len(columns)} "
                   "(an unquoted delimiter inside a cell?)")
    elif row_id in first_row_of:
        problem = f"duplicate id {row_id!r} (first used in row {first_row_of[row_id]})"
    first_row_of.setdefault(row_id, number)
    return Row(number, row_id, data, cells, problem)
