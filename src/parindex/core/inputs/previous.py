"""Last cycle's results, read back from a file ``parindex compute`` wrote (CSV, JSON or XLSX), or any
table with a unit column and an index column."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.inputs.model import PreviousResults
from parindex.core.inputs.reader import read_table
from parindex.core.phrases import t
from parindex.core.scoring.inputs import InputField, InputValueError
from parindex.core.text import Text
from parindex.core.units.catalogue import UnitCatalogue, builtin_units

INDEX = InputField("index", "number", Text(vi="chỉ số", en="index"), 0.0, 100.0)
# The sheet of a results workbook read back here: ``parindex.core.results.export`` writes its
# machine-readable unit table under this name, so the reader owns it and the writer imports it.
DATA_SHEET = "Dữ liệu"


def read_previous(path: str | Path, kind: str, *, year: int | None = None,
                  catalogue: UnitCatalogue | None = None) -> PreviousResults:
    """Units are resolved on 31 December of the file's ``year`` column (or ``year`` if given)."""
    catalogue = catalogue or builtin_units()
    path = Path(path)
    if path.suffix.lower() == ".json":
        rows = _json_rows(path)
        sheet = None
    else:
        table = read_table(path, sheets=(DATA_SHEET,))
        sheet = table.sheet
        header = [str(h).strip() for h in table.rows[0]] if table.rows else []
        rows = [dict(zip(header, r)) for r in table.rows[1:]]
    problems = []
    values: dict[str, float] = {}
    years = {int(float(r["year"])) for r in rows if r.get("year") not in (None, "")}
    if year is None:
        if len(years) != 1:
            raise ParindexError("missing_year", t('cannot tell which year the previous results are for'),
                                Where(file=str(path)), expected=t("a 'year' column with one year, or --previous-year"),
                                got=sorted(years) or None)
        year = years.pop()
    day = date(year, 12, 31)
    for i, r in enumerate(rows, start=2):
        key = r.get("unit_id") or r.get("unit") or r.get("unit_code")
        where = Where(file=str(path), sheet=sheet, row=i)
        try:
            unit = catalogue.find(str(key)) or catalogue.resolve(str(key), day, kind)
            values[unit.id] = INDEX.coerce(r.get("index"))
        except ParindexError as err:
            problems.append(err.located(file=str(path), sheet=sheet, row=i, column="unit"))
        except InputValueError as err:
            problems.append(ParindexError("bad_value", t('index does not fit'), Where(**{**where.__dict__, "column": "index"}),
                                          err.expected, err.got))
    if problems:
        raise ValidationFailed(str(path), problems)
    return PreviousResults({k: v for k, v in values.items() if v is not None}, day, str(path))


def _json_rows(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParindexError("bad_json", t('not valid JSON: {exc}', exc=exc), Where(file=str(path)),
                            expected=t('a results file from parindex compute')) from None
    year = data.get("provenance", {}).get("year")
    return [{"unit_id": u["unit"]["id"], "index": u["index"], "year": year} for u in data.get("units", [])]
