"""Bad iData / iMeta files are refused with every problem named by file, row and column."""
import shutil
from pathlib import Path

import pytest

from parindex.composite import load_coin
from parindex.core.errors import ValidationFailed

ASEM = Path(__file__).resolve().parents[2] / "examples/asem"


@pytest.fixture
def files(tmp_path):
    for name in ("ASEM_iData.csv", "ASEM_iMeta.csv"):
        shutil.copy(ASEM / name, tmp_path / name)
    return tmp_path / "ASEM_iData.csv", tmp_path / "ASEM_iMeta.csv"


def problems(data, meta) -> list[str]:
    with pytest.raises(ValidationFailed) as failure:
        load_coin(data, meta)
    return [str(p) for p in failure.value.problems]


def edit(path, old, new, count=1):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, count), encoding="utf-8")


def test_the_good_files_load_sorted_by_unit_code(files):
    coin = load_coin(*files)
    assert list(coin.datasets["Raw"].index[:3]) == ["AUS", "AUT", "BEL"] and len(coin.indicators) == 49


def test_a_bad_direction_and_an_unknown_parent_are_both_reported_with_their_rows(files):
    data, meta = files
    edit(meta, '1,"LPI","Logistics Performance Index",1,', '1,"LPI","Logistics Performance Index",2,')
    edit(meta, '"Flights","International flights passenger capacity",1,1,"Thousand seats",200.3326555,"Population","Physical"',
         '"Flights","International flights passenger capacity",1,1,"Thousand seats",200.3326555,"Population","Phys"')
    found = problems(data, meta)
    assert len(found) == 2
    assert "ASEM_iMeta.csv" in found[0] and "row 2" in found[0] and "Direction" in found[0]
    assert "row 3" in found[1] and "Phys" in found[1]


def test_a_text_in_an_indicator_column_names_its_row_and_column(files):
    data, meta = files
    edit(data, '"Austria","AUT","L","XL","M","Europe",2018,83871,27,390.799991147468,8735.453,4.097985',
         '"Austria","AUT","L","XL","M","Europe",2018,83871,27,390.799991147468,8735.453,n/a')
    found = problems(data, meta)
    assert len(found) == 1 and "ASEM_iData.csv" in found[0] and "LPI" in found[0] and "row 2" in found[0] and "n/a" in found[0]


def test_a_duplicated_unit_and_a_missing_indicator_column_are_reported(files):
    data, meta = files
    lines = data.read_text(encoding="utf-8").splitlines()
    header = lines[0].replace('"LPI",', '"LPIx",')
    data.write_text("\n".join([header, *lines[1:], lines[1]]) + "\n", encoding="utf-8")
    found = " | ".join(problems(data, meta))
    assert "LPI" in found and "AUT appears more than once" in found
