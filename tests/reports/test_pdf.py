"""PDF reports render (checked page by page with pdftoppm) and carry the published figures."""
import shutil
import subprocess

import pytest

from parindex.core.methodology import load_builtin
from parindex.core.results.published import read_published
from parindex.core.text import format_fixed
from parindex.demo.cycle import DEMO_METHODOLOGY, demo_results
from parindex.reports import pdf
from parindex.reports.figures import UnknownUnit

POPPLER = "pdftoppm and pdftotext are needed: apt-get install poppler-utils (.ci/run does)"


@pytest.fixture(scope="module")
def published():
    methodology = load_builtin(DEMO_METHODOLOGY)
    results = demo_results()
    payload = {"version": 1, "checksum": "ab" * 32, "sipas": None, "entries": {}, "results": results.to_json(),
               "cycle": {"slug": "demo-2025", "year": 2025, "programme": "demo", "methodology_id": methodology.id,
                         "methodology_hash": methodology.content_hash}}
    return read_published(payload), methodology


def pages_of(document: bytes, tmp_path) -> list:
    assert shutil.which("pdftoppm"), POPPLER
    path = tmp_path / "report.pdf"
    path.write_bytes(document)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page-*.png"))


def text_of(document: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), POPPLER
    path = tmp_path / "text.pdf"
    path.write_bytes(document)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_the_national_report_renders_with_the_map_and_every_units_figure(published, tmp_path):
    payload, methodology = published
    document = pdf.national_report(payload, methodology, "vi")
    assert document.startswith(b"%PDF") and len(pages_of(document, tmp_path)) >= 2
    text = text_of(document, tmp_path)
    assert "Quần đảo Hoàng Sa (Đà Nẵng)" in text and "Quần đảo Trường Sa (Khánh Hòa)" in text
    assert format_fixed(payload.national_index, "vi") in text
    for unit in payload.units:
        assert unit.unit.name.vi in text and format_fixed(unit.index, "vi") in text


def test_a_unit_report_carries_its_rank_index_and_area_points_with_diacritics(published, tmp_path):
    payload, methodology = published
    unit = next(u for u in payload.units if u.unit.name.vi == "Hồ Chí Minh")
    document = pdf.unit_report(payload, methodology, unit.unit.code, "vi")
    assert len(pages_of(document, tmp_path)) >= 2
    text = text_of(document, tmp_path)
    assert f"Hồ Chí Minh — {methodology.title.vi}" in " ".join(text.split())
    assert f"{unit.rank}/34" in text and format_fixed(unit.index, "vi") in text
    for area in methodology.areas:
        assert format_fixed(unit.nodes[area.code].points, "vi") in text


def test_an_english_unit_report_uses_english_numbers(published, tmp_path):
    payload, methodology = published
    unit = payload.units[0]
    text = text_of(pdf.unit_report(payload, methodology, unit.unit.code, "en"), tmp_path)
    assert "Every criterion" in text and format_fixed(unit.index, "en") in text


def test_an_unknown_unit_is_refused(published):
    payload, methodology = published
    with pytest.raises(UnknownUnit):
        pdf.unit_report(payload, methodology, "nowhere", "vi")
