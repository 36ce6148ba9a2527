"""Exports written by the core and the CLI cannot carry a live formula."""
import zipfile

import pandas as pd

from parindex.core.cells import frame_to_csv, neutralise, open_workbook


def test_each_owasp_trigger_is_neutralised_and_numbers_are_left_alone():
    for text in ("=1+1", "+1", "-1+A1", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralise(text) == "'" + text
    assert neutralise(-3.5) == -3.5 and neutralise("Hà Nội") == "Hà Nội" and neutralise(None) is None


def test_a_frame_written_as_csv_keeps_numbers_and_neutralises_text(tmp_path):
    frame = pd.DataFrame({"unit": ["=cmd|' /C calc'!A0", "Huế"], "index": [-1.25, 80.0]})
    frame_to_csv(frame, tmp_path / "t.csv", index=False)
    assert (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines() == ["unit,index", "'=cmd|' /C calc'!A0,-1.25", "Huế,80.0"]
    assert frame["unit"][0].startswith("=")  # the caller's frame is not changed


def test_a_workbook_writes_formula_and_url_looking_strings_as_strings(tmp_path):
    with open_workbook(tmp_path / "t.xlsx") as book:
        book.add_worksheet().write_row(0, 0, ["=HYPERLINK(\"http://x.example\",\"a\")", "http://x.example/leak"])
    archive = zipfile.ZipFile(tmp_path / "t.xlsx")
    sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "hyperlink" not in sheet.lower()
    assert "=HYPERLINK" in archive.read("xl/sharedStrings.xml").decode()
