"""Reading consultants' files: encodings, delimiters, headers, Excel row numbers, --map, XLSX."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.batch import BatchOptions
from assistant.batch.reader import header_key, parse_map_options, read_table, sniff_delimiter
from assistant.batch.runner import validate
from assistant.errors import InputError
from assistant.files.encoding import legacy_encoding

DATA = Path(__file__).parent / "data" / "batch"
NEEDS_MAP = ["Klient=company", "Ludzie=employees", "Obszar=industry", "Gdzie sprzedają=channels", "Ból=challenge"]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("pl_excel_bom_semicolon.csv", "utf-8-sig", ";"),
        ("pl_cp1250.csv", "cp1250", ";"),
        ("en_comma_quoted.csv", "utf-8", ","),
        ("excel_unicode_text.txt", "utf-16", "\t"),
        ("trailing_delimiters.csv", "utf-8", ";"),
    ],
)
def test_encoding_and_delimiter_are_detected(name, encoding, delimiter):
    table = read_table(DATA / name)
    assert (table.encoding, table.delimiter) == (encoding, delimiter)


def test_polish_letters_survive_every_encoding():
    companies = {
        name: [row.data["company"] for row in read_table(DATA / name).rows]
        for name in ("pl_excel_bom_semicolon.csv", "pl_cp1250.csv", "excel_unicode_text.txt")
    }
    assert "Księgarnia Pod Lipą" in companies["pl_excel_bom_semicolon.csv"]
    assert companies["pl_cp1250.csv"][0] == "Żabka Łódź" and "Ścianki i Płytki" in companies["pl_cp1250.csv"]
    assert companies["excel_unicode_text.txt"] == ["Łódzkie Tkaniny", "Gdańskie Przyprawy"]


def test_bom_does_not_leak_into_the_first_header():
    table = read_table(DATA / "pl_excel_bom_semicolon.csv")
    assert table.columns[0] == "Nazwa firmy" and table.mapping["Nazwa firmy"] == "company"


def test_polish_headers_with_hints_map_to_fields_and_the_rest_is_ignored():
    table = read_table(DATA / "headers_with_hints.csv")
    assert table.mapping == {
        "Lp.": "id",
        "Nazwa klienta": "company",
        "Liczba pracowników (ok.)": "employees",
        "Branża [słownik]": "industry",
        "Kanały sprzedaży (oddziel przecinkami)": "channels",
        "Największe wyzwanie": "challenge",
    }
    assert table.ignored == ["Opiekun", "Uwagi"]
    assert [row.id for row in table.rows] == ["1", "2", "3"]


def test_rows_are_numbered_as_in_excel_with_quoted_newlines_and_empty_lines():
    quoted = read_table(DATA / "quoted_newlines.csv")
    assert [row.number for row in quoted.rows] == [2, 3, 4]
    assert quoted.rows[0].data["challenge"] == "Silos between stores and online.\nNo shared KPIs."
    empty = read_table(DATA / "empty_lines.csv")
    assert [(row.number, row.data["company"]) for row in empty.rows] == [(4, "Delta Sport"), (7, "Epsilon Pharma")]
    assert empty.rows[1].data["employees"] == "900"  # cells are trimmed


def test_a_row_with_an_unquoted_delimiter_is_flagged_not_shifted_silently():
    rows = {row.number: row for row in read_table(DATA / "broken_rows.csv").rows}
    assert "7 cells but the header has 6" in str(rows[3].problem)
    assert rows[2].problem is None and rows[10].data == {"company": "Short Row", "employees": "120"}


def test_a_repeated_header_keeps_both_columns_and_maps_the_first(tmp_path):
    (tmp_path / "twice.csv").write_text(
        "firma;pracownicy;branża;kanały;kanały;wyzwanie\nAlfa;200;moda;sklepy;Allegro;silosy\n", encoding="utf-8"
    )
    table = read_table(tmp_path / "twice.csv")
    assert table.columns[4] == "kanały (2)" and table.ignored == ["kanały (2)"]
    assert table.rows[0].data["channels"] == "sklepy" and table.rows[0].cells["kanały (2)"] == "Allegro"


def test_duplicate_ids_are_flagged_with_the_first_row():
    rows = read_table(DATA / "ids_with_duplicate.csv").rows
    assert [row.problem for row in rows] == [None, None, "duplicate id 'C-002' (first used in row 3)", None]


def test_missing_columns_name_the_fields_and_suggest_map():
    with pytest.raises(InputError) as caught:
        read_table(DATA / "needs_map.csv")
    message = str(caught.value)
    assert "no column for employees, industry, channels, challenge" in message
    assert "Klient, Ludzie, Obszar, Gdzie sprzedają, Ból, Notatka" in message and "--map" in message


def test_map_overrides_name_columns_by_header_regardless_of_case_and_accents():
    table = read_table(
        DATA / "needs_map.csv",
        parse_map_options([*NEEDS_MAP[:3], "gdzie sprzedaja=channels", "BÓL=challenge", "Notatka=-"]),
    )
    assert table.rows[2].data == {
        "company": "Tau",
        "employees": "5000",
        "industry": "banking",
        "channels": "branches, app, call centre",
        "challenge": "Separate P&L per channel",
    }
    assert table.ignored == ["Notatka"]


def test_map_can_move_a_field_to_another_column():
    table = read_table(
        DATA / "en_comma_quoted.csv", parse_map_options(["language=-", "industry=challenge", "challenge=industry"])
    )
    assert table.rows[1].data["challenge"] == "wholesale distribution"
    assert "language" not in table.rows[0].data


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("company", "write it as 'Column name=field'"),
        ("=company", "write it as 'Column name=field'"),
        ("Firma=firm", "unknown field 'firm'"),
    ],
)
def test_bad_map_options_are_explained(option, message):
    with pytest.raises(InputError, match=message):
        parse_map_options([option])


def test_map_of_a_column_not_in_the_file_lists_the_columns():
    with pytest.raises(
        InputError, match="--map names columns not in en_comma_quoted.csv: nazwa.*the columns are: company"
    ):
        read_table(DATA / "en_comma_quoted.csv", parse_map_options(["Nazwa=company"]))


def test_empty_and_unreadable_files_are_clear_errors(tmp_path):
    (tmp_path / "empty.csv").write_text("\n\n  \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty.csv is empty"):
        read_table(tmp_path / "empty.csv")
    with pytest.raises(InputError, match="cannot read"):
        read_table(tmp_path / "missing.csv")
    (tmp_path / "bad.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read bad.xlsx as an Excel workbook"):
        read_table(tmp_path / "bad.xlsx")


def test_xlsx_rows_keep_their_excel_numbers_and_numbers_stay_numbers(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Nazwa firmy", "Liczba pracowników", "Branża", "Kanały sprzedaży", "Największe wyzwanie"])
    sheet.append(["Alfa", 300.0, "moda", "sklepy, e-commerce", "silosy"])
    sheet.append([None, None, None, None, None])
    sheet.append(["Beta", "1 000+", "RTV AGD", "sklepy | aplikacja", "brak wspólnych KPI"])
    book.save(tmp_path / "clients.xlsx")
    table = read_table(tmp_path / "clients.xlsx")
    assert [(row.number, row.data["company"]) for row in table.rows] == [(2, "Alfa"), (4, "Beta")]
    assert table.rows[0].data["employees"] == 300 and table.encoding == "xlsx"


def test_legacy_encoding_and_sniff_helpers():
    assert legacy_encoding("zażółć gęślą jaźń".encode("cp1250")) == "cp1250"
    assert legacy_encoding("Świat, źdźbło, Śląsk".encode("iso8859_2")) == "iso8859_2"
    assert sniff_delimiter('"a;b",c,d') == ","
    assert sniff_delimiter("single column") == ","
    assert header_key(" Kanały sprzedaży (oddziel przecinkami) ") == "kanaly sprzedazy"


def test_the_documented_mapping_table_lists_every_recognised_header():
    docs = (Path(__file__).parents[1] / "docs" / "batch.md").read_text(encoding="utf-8")
    from assistant.batch.reader import FIELD_ALIASES

    for field, aliases in FIELD_ALIASES.items():
        row = next(line for line in docs.splitlines() if line.startswith((f"| `{field}`", f"| **`{field}`**")))
        assert row.rstrip(" |").endswith(", ".join(aliases)), field


def test_a_quote_never_closed_costs_only_its_own_row():  # row 10, on line 11
    rows = read_table(DATA / "unclosed_quote.csv").rows
    assert [row.id for row in rows if row.problem is None] == [str(n) for n in range(1, 21) if n != 10]


def test_a_quote_never_closed_is_reported_in_one_line_with_its_line_number():
    broken = [row.problem for row in read_table(DATA / "unclosed_quote.csv").rows if row.problem]
    assert broken == [
        'line 11: the quote at "email, phone,Sales and service" is never closed, so this row cannot be read '
        "(the rows after it are read as usual); close the quote and run again"
    ]


def test_a_row_lost_to_a_stray_quote_is_reported_as_malformed_quotes_with_its_line(tmp_path):
    path = tmp_path / "stray.csv"
    path.write_text('company,employees,industry,channels,challenge\nA,100,retail,email,silos\nB,e-commerce"",silos\n')
    assert [job.error for job in validate(read_table(path), BatchOptions())][1] == (
        'line 3: the quotes at "e-commerce""" are malformed, so this row cannot be read; '
        "put quotes only around a whole cell, double each quote inside it, and run again"
    )


def test_text_after_a_closing_quote_is_a_stray_quote(tmp_path):
    path = tmp_path / "stray.csv"
    path.write_text('company,employees,industry,channels,challenge\nB,90,retail,"email"x,silos,more\n')
    assert read_table(path).rows[0].problem.startswith('line 2: the quotes at ""email"x" are malformed')


def test_a_name_in_quotes_in_a_row_whose_cells_match_is_read_as_written(tmp_path):
    path = tmp_path / "name.csv"
    path.write_text('company,employees,industry,channels,challenge\nP.H.U. "Kwiatek",90,retail,email,silos\n')
    assert read_table(path).rows[0].cells["company"] == 'P.H.U. "Kwiatek"'


def test_a_name_in_quotes_in_a_row_without_its_last_cells_is_planned(tmp_path):
    path = tmp_path / "name.csv"
    path.write_text('company,employees,industry,channels,challenge,goal\nP.H.U. "Kwiatek",90,retail,stores,silos\n')
    assert [job.error for job in validate(read_table(path), BatchOptions())] == [None]


def test_a_quote_never_closed_in_the_last_row_is_reported_too(tmp_path):
    path = tmp_path / "last.csv"
    path.write_text(
        'company,employees,industry,channels,challenge\nA,100,retail,email,silos\nB,90,retail,"email,silos\n'
    )
    assert [row.problem is None for row in read_table(path).rows] == [True, False]
