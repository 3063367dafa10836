"""Reading consultants' spreadsheets: CSV as Excel really exports it, and XLSX.

CSV: comma, semicolon, tab or pipe delimited (guessed from the header line); UTF-8 with
or without BOM, UTF-16 ("Unicode text") or UTF-32 with or without one, cp1250 (Polish Excel)
or ISO-8859-2, each decoded strictly (`assistant.files.encoding`); quoted newlines; empty
lines; zero bytes dropped. Headers in
Polish or English are mapped to profile fields by `FIELD_ALIASES` (docs/batch.md has the
table); `--map "Column=field"` overrides them.

Rows are a stream: `Table.iter_rows()` reads the file anew each time and holds one row at a
time, so memory does not grow with the file. `Table.count()` reads it once to enforce the
limits (rows, cells, cell length; `assistant.limits`) before anything is planned; a line longer
than a whole row may be is refused before it is held. An XLSX is refused before openpyxl
expands it when its uncompressed size or shared strings are too large, and when its XML
declares entities (defusedxml, which openpyxl uses, refuses them).

Rows are numbered as the consultant sees them in Excel: the header is row 1, and empty
lines keep their number, so "row 7" in an error is row 7 on screen.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import bounded_lines, detect_encoding
from ..limits import Limits, get_limits
from ..words.text import fold
from .index import RowIndex

# Profile fields a column can fill, with the header names (folded: lowercase, no diacritics,
# no punctuation or parenthesised hints) recognised for each.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "row id", "ref", "reference", "lp", "nr", "numer", "identyfikator"),
    "company": (
        "company",
        "company name",
        "name",
        "client",
        "customer",
        "organisation",
        "organization",
        "firma",
        "nazwa",
        "nazwa firmy",
        "klient",
        "nazwa klienta",
        "organizacja",
    ),
    "employees": (
        "employees",
        "employee count",
        "number of employees",
        "headcount",
        "head count",
        "company size",
        "size",
        "staff",
        "pracownicy",
        "liczba pracownikow",
        "zatrudnienie",
        "liczba zatrudnionych",
        "wielkosc firmy",
        "wielkosc",
    ),
    "industry": ("industry", "sector", "industry sector", "branza", "sektor"),
    "channels": (
        "channels",
        "channel",
        "sales channels",
        "kanaly",
        "kanal",
        "kanaly sprzedazy",
        "kanaly sprzedazy i obslugi",
    ),
    "challenge": (
        "challenge",
        "biggest challenge",
        "main challenge",
        "collaboration challenge",
        "problem",
        "pain point",
        "wyzwanie",
        "najwieksze wyzwanie",
        "glowne wyzwanie",
        "problem wspolpracy",
    ),
    "language": ("language", "lang", "jezyk", "jezyk planu"),
    "team_size": ("team size", "rozmiar zespolu", "wielkosc zespolu", "liczebnosc zespolu"),
    "team_level": ("team level", "level", "seniority", "poziom", "poziom zespolu"),
    "quarterly_goal": ("goal", "quarterly goal", "quarter goal", "cel", "cel kwartalny", "cel na kwartal"),
}
REQUIRED_FIELDS = ("employees", "industry", "channels", "challenge")
IGNORE = "-"
EXTRA_CELLS = "(extra cells)"  # where the cells beyond the header of a broken row are kept
_DELIMITERS = ",;\t|"
_MB = 1_000_000
_XML_HEAD = 4096  # bytes of an XLSX part read to find a document type before its first element
_ENTITIES = "its XML declares entities, which a workbook saved by Excel never does (an entity bomb?)"
# (Excel row number, cells, problem, misquoted): `problem` is why the row cannot be read; `misquoted`, why its
# cells may be shifted (a stray quote), said instead of the validation's reason when the row fails it
Records = Generator[tuple[int, list[Any], str | None, str | None], None, None]


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
    misquoted: str | None = None  # a stray quote: the reason to give if the row does not validate


def _no_records() -> Records:
    yield from ()


@dataclass
class Table:
    """A spreadsheet with its columns understood; its rows are read as a stream (`iter_rows`)."""

    path: Path
    columns: list[str]
    mapping: dict[str, str]
    ignored: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","
    records: Callable[[], Records] = field(default=lambda: _no_records(), repr=False)
    limits: Limits = field(default_factory=get_limits, repr=False)

    def iter_rows(self) -> Iterator[Row]:
        """The non-empty data rows, in order, one at a time; a repeated id is flagged."""
        with RowIndex() as seen:
            for number, record, problem, misquoted in _data_records(self.records()):
                yield _to_row(number, record, self.columns, self.mapping, seen, problem, misquoted)

    @property
    def rows(self) -> list[Row]:
        """Every data row in a list (for small files and tests; a batch uses `iter_rows`)."""
        return list(self.iter_rows())

    def count(self) -> int:
        """The number of data rows, read once; a one-line `InputError` when a limit is passed."""
        rows = 0
        for number, record, *_ in _data_records(self.records()):
            rows += 1
            self.limits.check("max_rows", rows, f"{self.path.name} has more data rows than allowed (row {number})")
            self.limits.check("max_columns", len(record), f"{self.path.name} row {number} has too many cells")
            longest = max((len(str(cell)) for cell in record), default=0)
            self.limits.check("max_cell_chars", longest, f"{self.path.name} row {number} has a cell too long")
        return rows


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """`["Nazwa klienta=company", "Uwagi=-"]` → {header key: field}; a clear error if malformed."""
    overrides = {}
    for option in options:
        column, sep, target = option.rpartition("=")
        target = target.strip()
        if not sep or not column.strip():
            raise InputError(f"--map {option!r}: write it as 'Column name=field'", field="map")
        if target != IGNORE and target not in FIELD_ALIASES:
            raise InputError(
                f"--map {option!r}: unknown field {target!r}; fields: {', '.join(FIELD_ALIASES)} "
                f"(or '{IGNORE}' to ignore the column)",
                field="map",
            )
        overrides[header_key(column)] = target
    return overrides


def read_table(
    path: Path, overrides: dict[str, str] | None = None, *, encoding: str | None = None, limits: Limits | None = None
) -> Table:
    """Open a .csv/.txt/.tsv or .xlsx file and understand its header, or raise a clear `InputError`.

    `encoding` (the `--encoding` option) skips detection and reads bad bytes as U+FFFD.
    """
    path, limits = Path(path), limits or get_limits()
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None
    limits.check("max_file_mb", size / _MB, f"{path.name} is too large (MB)")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        _refuse_xlsx_bomb(path, limits)
        records, encoding, delimiter = (lambda: _xlsx_records(path)), "xlsx", ""
    else:
        forced, errors = (" (--encoding)", "replace") if encoding else ("", "strict")
        codec = detect_encoding(path, encoding)
        delimiter = sniff_delimiter(_first_line(path, codec, limits))
        records = lambda: _csv_records(path, codec, errors, delimiter, limits)  # noqa: E731
        encoding = codec + forced
    with closing(records()) as stream:  # closes the file (or workbook) after the header
        header = next((record for _, record, *_ in stream if not _blank(record)), [])
    if not header:
        raise InputError(f"{path.name} is empty: expected a header row and one row per company")
    limits.check("max_columns", len(header), f"{path.name} has too many columns")
    columns = _unique([str(name).strip() for name in header])
    mapping, ignored = _map_columns(path, columns, overrides or {})
    return Table(path, columns, mapping, ignored, encoding, delimiter, records, limits)


def _first_line(path: Path, encoding: str, limits: Limits) -> str:
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        return next((line for line in _lines(handle, path, limits) if line.strip()), "")


def _lines(handle, path: Path, limits: Limits) -> Iterator[str]:
    """The CSV's lines, none longer than a whole row of the longest cells (quoted, with delimiters)."""
    why = (
        f", more than a row of {limits.max_columns} cells of {limits.max_cell_chars:,} characters "
        "(OMNITEAM_MAX_COLUMNS, OMNITEAM_MAX_CELL_CHARS): is it a CSV file?"
    )
    return bounded_lines(handle, limits.max_columns * (limits.max_cell_chars + 3), path.name, why)


def sniff_delimiter(header: str) -> str:
    """The delimiter used most often, outside quotes, in the header line."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _csv_records(path: Path, encoding: str, errors: str, delimiter: str, limits: Limits) -> Records:
    csv.field_size_limit(limits.max_cell_chars)
    number = 0
    try:
        with path.open(encoding=encoding, errors=errors, newline="") as handle:
            feed = _CsvFeed(_lines(handle, path, limits), delimiter)
            while True:
                try:
                    for record in csv.reader(feed, delimiter=delimiter):
                        number += 1
                        yield number, record, None, feed.misquoted(record)
                        feed.record_read(record)
                    return
                except _Unclosed:
                    number += 1
                    line, cells = feed.recover()
                    yield number, cells, _unclosed_problem(line, cells), None
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            limits.check(
                "max_cell_chars", limits.max_cell_chars + 1, f"{path.name} row {number + 1} has a cell too long"
            )
        raise InputError(f"{path.name}: row {number + 1} cannot be read as CSV: {error}", row=number + 1) from None


class _Unclosed(Exception):
    """The quote opened in a record's first line is never closed (see `_CsvFeed`)."""


class _CsvFeed:
    """The CSV's lines as `csv.reader` pulls them, numbered, with the lines of the record being read.

    A quote left open in one row makes the reader swallow every later line into one cell. So a
    record is cut short when a line it would swallow holds a whole row by itself (at least as
    many cells as the header), or when the file ends inside it: its first line is reported
    (`recover`) and the lines after it are read again as rows of their own.
    """

    def __init__(self, lines: Iterator[str], delimiter: str) -> None:
        self._lines = enumerate(lines, start=1)
        self._delimiter = delimiter
        self._back: list[tuple[int, str]] = []  # lines to read again, the next one last
        self._record: list[tuple[int, str]] = []  # the lines of the record being read
        self._width = 0  # the header's cells, once it is read

    def __iter__(self) -> _CsvFeed:
        return self

    def __next__(self) -> str:
        number, line = self._back.pop() if self._back else next(self._lines, (0, ""))
        if not number:
            if self._record:
                raise _Unclosed
            raise StopIteration
        if self._record and self._width and len(self._cells(line)) >= self._width:
            self._back.append((number, line))
            raise _Unclosed
        self._record.append((number, line))
        return line

    def record_read(self, record: list[str]) -> None:
        """Start the next record; the first record with cells is the header and sets the width."""
        self._record = []
        self._width = self._width or len(record) * any(cell.strip() for cell in record)

    def recover(self) -> tuple[int, list[str]]:
        """The number and cells of the broken record's first line; the lines after it are read again."""
        (number, line), *swallowed = self._record
        self._back.extend(reversed(swallowed))
        self._record = []
        return number, self._cells(line)

    def misquoted(self, record: list[str]) -> str | None:
        """Why the record just read may have shifted cells: a quote stands where CSV allows none
        ('e-commerce""', '"a"b'); None when its quotes are fine, or its cells match the header's (a
        name like 'Sklep "Ala"' is read as written)."""
        if not self._width or len(record) == self._width or not self._record:
            return None
        stray = _stray_quote("".join(line for _, line in self._record), self._delimiter)
        if stray is None:
            return None
        return (
            f'line {self._record[0][0]}: the quotes at "{stray}" are malformed, so this row cannot be read; '
            "put quotes only around a whole cell, double each quote inside it, and run again"
        )

    def _cells(self, line: str) -> list[str]:
        return next(csv.reader([line], delimiter=self._delimiter), [])


def _stray_quote(text: str, delimiter: str) -> str | None:
    """The cell (its first 30 characters) holding a quote that CSV does not allow there: inside a cell
    not enclosed in quotes, or after a closing quote; None when every quote is in its place."""
    at = 0
    while at <= len(text):
        end = text.find(delimiter, at)
        if text.startswith('"', at):
            close = at + 1
            while (close := text.find('"', close)) != -1 and text.startswith('""', close):
                close += 2
            if close == -1:
                return None  # never closed: `_unclosed_problem` says so
            end = close + 1
            if text[end : end + 1] not in (delimiter, "", "\n", "\r"):
                return _cell(text, at, text.find(delimiter, end))
        elif '"' in text[at : len(text) if end == -1 else end]:
            return _cell(text, at, end)
        if end == -1 or end >= len(text):
            return None
        at = end + 1
    return None


def _cell(text: str, start: int, end: int) -> str:
    """text[start:end] (to the end when `end` is -1), squeezed and cut to 30 characters."""
    return " ".join(text[start : None if end == -1 else end].split())[:30]


def _unclosed_problem(line: int, cells: list[str]) -> str:
    opened = " ".join(next((cell for cell in reversed(cells) if cell.strip()), "").split())
    return (
        f'line {line}: the quote at "{opened[:30]}" is never closed, so this row cannot be read '
        "(the rows after it are read as usual); close the quote and run again"
    )


def _refuse_xlsx_bomb(path: Path, limits: Limits) -> None:
    """Refuse a workbook whose parts would expand past the limits, or whose XML declares a document
    type (where entity bombs are declared), before anything is expanded."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            strings = sum(part.file_size for part in parts if part.filename.lower().endswith("sharedstrings.xml"))
            limits.check("max_shared_strings_mb", strings / _MB, f"{path.name} has too many MB of shared strings")
            limits.check(
                "max_xlsx_mb", sum(part.file_size for part in parts) / _MB, f"{path.name} expands to too many MB"
            )
            if any(_declares_a_doctype(archive, part) for part in parts):
                raise InputError(f"cannot read {path.name} as an Excel workbook: {_ENTITIES}")
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"cannot read {path.name} as an Excel workbook: {error}") from None


def _declares_a_doctype(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """True when an XML part opens with a document type; only its first bytes are inflated."""
    if not part.filename.lower().endswith((".xml", ".rels")):
        return False
    with archive.open(part) as stream:
        return b"<!DOCTYPE" in stream.read(_XML_HEAD).upper()


def _xlsx_records(path: Path) -> Records:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise _unreadable_xlsx(path, error) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, [_excel_value(value) for value in values], None, None
    except Exception as error:  # noqa: BLE001 - the sheet's XML is parsed as its rows are read
        raise _unreadable_xlsx(path, error) from None
    finally:
        workbook.close()


def _unreadable_xlsx(path: Path, error: Exception) -> InputError:
    """One line for a workbook openpyxl cannot read: an XML entity bomb said as such, else the first
    line of the error and of its cause (openpyxl's own text says only "see the exception")."""
    from defusedxml import DefusedXmlException

    causes = [error]
    while causes[-1].__cause__ is not None or causes[-1].__context__ is not None:
        causes.append(causes[-1].__cause__ or causes[-1].__context__)  # type: ignore[arg-type]
    if any(isinstance(cause, DefusedXmlException) for cause in causes):
        reason = _ENTITIES
    else:
        reason = ": ".join(dict.fromkeys(str(cause).splitlines()[0] for cause in causes if str(cause)))
    return InputError(f"cannot read {path.name} as an Excel workbook: {reason}")


def _excel_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def _blank(record: list[Any]) -> bool:
    return all(str(cell).strip() == "" for cell in record)


def _data_records(records: Records) -> Records:
    """The records after the header, without blank ones."""
    header_seen = False
    for number, record, problem, misquoted in records:
        if _blank(record):
            continue
        if header_seen:
            yield number, record, problem, misquoted
        header_seen = True


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
        raise InputError(
            f"--map names columns not in {path.name}: {', '.join(unknown)}; the columns are: {', '.join(columns)}",
            field="map",
        )
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    taken = {target for target in overrides.values() if target != IGNORE}
    for column, key in zip(columns, keys, strict=True):
        target = overrides.get(key) or _ALIAS_FIELD.get(key)
        if key not in overrides and target in taken:
            target = None
        if target is None or target == IGNORE or target in mapping.values():
            ignored += [column] if column else []
        else:
            mapping[column] = target
    missing = [name for name in REQUIRED_FIELDS if name not in mapping.values()]
    if missing:
        raise InputError(
            f"{path.name}: no column for {', '.join(missing)}; the columns are: {', '.join(columns)}. "
            f"Name the right column with --map 'Column name={missing[0]}'"
        )
    return mapping, ignored


def _to_row(
    number: int,
    record: list[Any],
    columns: list[str],
    mapping: dict[str, str],
    seen: RowIndex,
    problem: str | None,
    misquoted: str | None = None,
) -> Row:
    cells = {column: record[i] if i < len(record) else "" for i, column in enumerate(columns)}
    extra = [cell for cell in record[len(columns) :] if str(cell).strip()]
    data = {}
    for column, target in mapping.items():
        value = cells[column].strip() if isinstance(cells[column], str) else cells[column]
        if value != "":
            data[target] = value
    row_id = str(data.pop("id", number))
    if problem is None and extra:
        cells[EXTRA_CELLS] = " | ".join(map(str, extra))
        problem = misquoted or (
            f"row has {len(columns) + len(extra)} cells but the header has {len(columns)} "
            "(an unquoted delimiter inside a cell?)"
        )
    first = seen.first_row(row_id, number)
    if problem is None and first is not None:
        problem = f"duplicate id {row_id!r} (first used in row {first})"
    return Row(number, row_id, data, cells, problem, misquoted)
