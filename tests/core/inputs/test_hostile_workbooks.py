"""Workbooks that ask for more than a machine has, or hold numbers nobody typed, are refused before
calamine reads them, each with its file, sheet, row and column."""
import zipfile
import zlib

import pytest
import xlsxwriter

from parindex.core.errors import ParindexError, ValidationFailed
from parindex.core.inputs import read_inputs, workbook
from parindex.core.inputs.workbook import MAX_COLUMNS, MAX_ROWS, inspect_workbook

HEADER = ["[unit]", "[unit_name]", "[1.1:numerator]", "[1.1:denominator]", "[1.2:value]", "[1.3:count]", "[2:estimate]"]
ROW = ["01", "Hà Nội", 8, 10, "có", 0, 0.9]
SHEET_XML = "xl/worksheets/sheet1.xml"


def write_xlsx(path, rows=(HEADER, ROW), formula=None):
    """An inputs workbook; ``formula`` = (row, col, text, cached value or None) adds a formula cell."""
    with xlsxwriter.Workbook(str(path)) as book:
        ws = book.add_worksheet("Nhập liệu")
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
        if formula:
            r, c, text, value = formula
            ws.write_formula(r, c, text, value=value) if value is not None else ws.write_formula(r, c, text)
    return path


def edit_member(path, member, edit):
    """Rewrite one part of the zip with ``edit(bytes) -> bytes``, keeping the others."""
    with zipfile.ZipFile(path) as zin:
        parts = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts:
            zout.writestr(name, edit(data) if name == member else data)
    return path


def refusal(path, methodology):
    with pytest.raises(ParindexError) as caught:
        read_inputs(path, methodology, 2024)
    err = caught.value
    return err.problems[0] if isinstance(err, ValidationFailed) else err


def test_a_sheet_declaring_excel_s_whole_grid_is_refused_from_its_dimension(small_methodology, tmp_path):
    path = edit_member(write_xlsx(tmp_path / "in.xlsx"), SHEET_XML,
                       lambda xml: xml.replace(b'<dimension ref="A1:G2"/>', b'<dimension ref="A1:XFD1048576"/>'))
    err = refusal(path, small_methodology)
    assert (err.code, err.where.file, err.where.sheet) == ("sheet_too_large", str(path), "Nhập liệu")
    assert err.expected == f"at most {MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns" and "A1:XFD1048576" in err.got


def test_one_cell_far_past_a_small_declared_dimension_is_refused(small_methodology, tmp_path):
    # calamine lays out every cell up to the farthest one, whatever <dimension> says
    path = edit_member(write_xlsx(tmp_path / "in.xlsx"), SHEET_XML, lambda xml: xml.replace(
        b"</sheetData>", b'<row r="900000"><c r="ZZ900000"><v>1</v></c></row></sheetData>'))
    err = refusal(path, small_methodology)
    assert (err.code, err.where.sheet) == ("sheet_too_large", "Nhập liệu") and "900,000 rows" in err.got


def test_a_zip_declaring_more_than_the_cap_uncompressed_is_refused_from_its_directory(small_methodology, tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    path = write_xlsx(tmp_path / "in.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", bytes(2 * 1024 * 1024))
    err = refusal(path, small_methodology)
    assert (err.code, err.where.file) == ("file_too_large", str(path)) and "uncompressed" in err.expected


def test_a_zip_part_lying_about_its_size_is_refused_while_inflating(small_methodology, tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    path = write_xlsx(tmp_path / "in.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/bomb.bin", bytes(4 * 1024 * 1024))
    declare_size(path, "xl/media/bomb.bin", 10)
    err = refusal(path, small_methodology)
    assert err.code == "file_too_large" and err.got.startswith("more than")


def declare_size(path, member, size):
    """Make ``member`` claim ``size`` bytes, with the CRC of its first ``size`` bytes so that Python's
    own zipfile (which stops at the declared size) would read it without complaint."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    crc = zlib.crc32(bytes(size)).to_bytes(4, "little")
    local = info.header_offset
    data[local + 14:local + 18], data[local + 22:local + 26] = crc, size.to_bytes(4, "little")
    name = member.encode()
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    data[central + 16:central + 20], data[central + 24:central + 28] = crc, size.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def test_a_doctype_inside_a_sheet_is_refused(small_methodology, tmp_path):
    path = edit_member(write_xlsx(tmp_path / "in.xlsx"), SHEET_XML, lambda xml: xml.replace(
        b"<worksheet", b'<!DOCTYPE w [<!ENTITY lol "lol">]><worksheet', 1))
    err = refusal(path, small_methodology)
    assert err.code == "unreadable_file" and "DOCTYPE" in err.title


def test_a_formula_without_a_computed_value_is_refused_with_its_cell(small_methodology, tmp_path):
    path = write_xlsx(tmp_path / "in.xlsx", [HEADER, ["01", "Hà Nội", None, 10, "có", 0, 0.9]], formula=(1, 2, "=D2*0.8", None))
    edit_member(path, SHEET_XML, lambda xml: xml.replace(b"<f>D2*0.8</f><v>0</v>", b"<f>D2*0.8</f>"))
    err = refusal(path, small_methodology)
    assert (err.code, err.where.sheet, err.where.row, err.where.column) == ("formula_without_value", "Nhập liệu", 2, "C")
    assert "=D2*0.8" in err.title


def test_a_formula_with_a_saved_value_is_read_from_it_and_noted(small_methodology, tmp_path):
    path = write_xlsx(tmp_path / "in.xlsx", [HEADER, ["01", "Hà Nội", None, 10, "có", 0, 0.9]], formula=(1, 2, "=D2*0.8", 8))
    inputs = read_inputs(path, small_methodology, 2024)
    assert inputs.units[0].values["1.1"]["numerator"] == 8.0
    assert [(n.code, n.where.sheet, n.where.row, n.where.column, n.got) for n in inputs.notes] == [
        ("formula_cached", "Nhập liệu", 2, "C", "8")]


def test_a_workbook_without_formulas_has_no_notes(small_methodology, tmp_path):
    assert read_inputs(write_xlsx(tmp_path / "in.xlsx"), small_methodology, 2024).notes == ()


def test_an_unfilled_template_is_refused_rather_than_scoring_every_unit_0(small_methodology, tmp_path):
    from datetime import date

    from parindex.core.inputs import write_template
    from parindex.core.units import builtin_units

    path = write_template(small_methodology, tmp_path / "t.xlsx", builtin_units().on(date(2024, 12, 31), "province"))
    err = refusal(path, small_methodology)
    assert (err.code, err.where.file, err.where.sheet) == ("no_values", str(path), "Nhập liệu")
    assert err.title == "no values were entered"


def test_a_header_only_csv_is_refused_as_no_values(small_methodology, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    assert refusal(path, small_methodology).code == "no_values"


def test_an_ordinary_workbook_passes_the_inspection_with_its_sheet_found(tmp_path):
    book = inspect_workbook(write_xlsx(tmp_path / "in.xlsx"))
    assert book.sheet_names == ("Nhập liệu",) and book.parts == {"Nhập liệu": SHEET_XML} and book.with_formulas == frozenset()
