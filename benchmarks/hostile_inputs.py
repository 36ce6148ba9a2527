"""Are hostile files refused fast, in little memory, with the place to look, and with nothing written?

Each case builds one hostile file in a temporary folder: methodology YAML (an alias bomb, 100,000
``[``, a 5,000-digit integer, a file sixteen times the size cap), an inputs workbook (a sheet
declaring Excel's whole grid, one cell far past its dimension, a zip bomb part declaring its size
honestly and one lying about it, a formula never computed, the template sent back unfilled), a
survey wave (weights -1500, 0, NaN, inf; 100,000 rows each with a problem) and form values
(a 400-digit integer, "NaN"). It then runs the refusal in a fresh subprocess, the script calling
itself with ``--case NAME``, so that the peak memory is that case's own. It reports:

* what was refused and where, e.g. ``yaml_alias at laughs.yaml:2``;
* the wall time of the refusal itself (``time.perf_counter`` around the call in the subprocess);
* peak RSS (``ru_maxrss``) above the floor, a subprocess that only imports the same modules;
  "setup" is the part of it spent before the call (the methodology or questionnaire it needs).
  The files are built in a subprocess too, and this script's own process stays small: Linux
  carries the spawning process's high-water RSS into a child's ``ru_maxrss``, so a parent that
  had built a 100,000-row wave would raise every later case's peak (``/proc`` VmHWM cross-checks);
* how many lines the refusal prints (``err.render()``, which the CLI writes to stderr);
* whether the output was left alone. Every case starts with an output file holding known bytes
  (the results file of ``compute``, the Parquet of ``survey import``, the template of
  ``template``, the saved values of a form). The core functions that do not write anything
  themselves are followed in the subprocess by what the command does next with an accepted file
  (compute + write results, write the template, save the values), so an accepted hostile file
  does change the output. "Untouched" means the file is byte-identical (SHA-256) and nothing else
  appeared in its folder.

Targets (from the issue): each refusal within 1 s and 200 MB. A figure above them is reported, not
a failure. The exit code is 1 if any case was not refused with a located ParindexError (accepted,
a traceback, or the wrong code, which means this benchmark no longer builds what it says), if its
output changed, or if its printed refusal is not capped at MAX_SHOWN_PROBLEMS lines. Before the
cases, the untampered files the hostile ones are made from are checked to be accepted.

Run: ``.venv/bin/python benchmarks/hostile_inputs.py``. One subprocess per case, about a minute.
MB here are MiB (2**20 bytes).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

TIME_TARGET = 1.0  # seconds per refusal
MEMORY_TARGET = 200  # MB above the import-only floor
KEPT = b"last cycle's output, not to be touched\n"
METHODOLOGY = "vn-par-province-2022"
SHEET_XML = "xl/worksheets/sheet1.xml"
BOMB_BYTES = 1024 ** 3  # the zip bomb part: 1 GiB of zeros, about 1 MB compressed
CHILD_TIMEOUT = 120  # s; past it a case counts as not refused
CHILD_ADDRESS_SPACE = 3 * 1024 ** 3  # a guard, so an accepted bomb fails with MemoryError, not the machine


# ----------------------------------------------------------------------------------------- cases
# name: (what it is, kind, expected error code, file name, output name)
CASES = {
    "yaml_billion_laughs": ("YAML: billion laughs, 9 levels of aliases", "yaml", "yaml_alias", "laughs.yaml", "t.xlsx"),
    "yaml_deep_brackets": ("YAML: 100,000 nested [", "yaml", "yaml_too_deep", "brackets.yaml", "t.xlsx"),
    "yaml_5000_digits": ("YAML: a 5,000-digit integer (scale)", "yaml", "yaml_bad_value", "digits.yaml", "t.xlsx"),
    "yaml_over_cap": ("YAML: 16 MiB file (cap 1 MiB)", "yaml", "yaml_too_large", "huge.yaml", "t.xlsx"),
    "xlsx_whole_grid": ("XLSX: <dimension ref=A1:XFD1048576>", "inputs", "sheet_too_large", "grid.xlsx", "results.json"),
    "xlsx_far_cell": ("XLSX: one cell at ZZ900000", "inputs", "sheet_too_large", "far.xlsx", "results.json"),
    "xlsx_bomb_declared": ("XLSX: 1 GiB zip part, size declared", "inputs", "file_too_large", "bomb.xlsx", "results.json"),
    "xlsx_bomb_lying": ("XLSX: 1 GiB zip part declaring 10 B", "inputs", "file_too_large", "liar.xlsx", "results.json"),
    "xlsx_formula_no_value": ("XLSX: formula without cached value", "inputs", "formula_without_value", "formula.xlsx", "results.json"),
    "xlsx_unfilled_template": ("XLSX: template sent back unfilled", "inputs", "no_values", "template.xlsx", "results.json"),
    "wave_bad_weights": ("wave CSV: weights -1500, 0, NaN, inf", "wave", "bad_weight", "weights.csv", "wave.parquet"),
    "wave_100k_errors": ("wave CSV: 100,000 rows, all wrong", "wave", None, "errors.csv", "wave.parquet"),
    "form_400_digits": ("form: a 400-digit integer", "form", "bad_value", "digits.json", "saved.json"),
    "form_nan": ("form: \"NaN\"", "form", "bad_value", "nan.json", "saved.json"),
}
# wave_100k_errors mixes three problems (bad weight, duplicate respondent, answer off the scale):
WAVE_ERROR_CODES = {"bad_weight", "duplicate_respondent", "out_of_scale"}


def _import_core():
    """What every subprocess imports, the floor included: the same modules, so the floor is fair."""
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import python_calamine  # noqa: F401  (read_table imports it lazily; here it is in the floor)

    from parindex.core import errors
    from parindex.core.inputs import read_inputs, write_template
    from parindex.core.methodology import load_builtin, load_methodology_file
    from parindex.core.results import compute_cycle
    from parindex.core.scoring.inputs import coerce_fields
    from parindex.core.survey.responses import import_wave

    return {"errors": errors, "read_inputs": read_inputs, "write_template": write_template, "load_builtin": load_builtin,
            "load_methodology_file": load_methodology_file, "compute_cycle": compute_cycle,
            "coerce_fields": coerce_fields, "import_wave": import_wave}


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _hwm_kib() -> int:
    """The same peak as /proc sees it for this process's memory alone: a cross-check of ru_maxrss."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


# ------------------------------------------------------------------------------------ subprocess
def run_floor() -> None:
    _import_core()
    print(json.dumps({"peak_kib": _maxrss_kib()}))


def run_case(name: str, file: Path, out: Path) -> None:
    """One refusal, measured; then, if the file was accepted, what the command does next."""
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE))
    core = _import_core()
    kind = CASES[name][1]
    if kind in ("inputs", "form", "wave"):
        m = core["load_builtin"](METHODOLOGY)
    if kind == "yaml":
        call = lambda: core["load_methodology_file"](file)
    elif kind == "inputs":
        call = lambda: core["read_inputs"](file, m, m.year)
    elif kind == "wave":
        questionnaire = m.questionnaire("sipas")
        call = lambda: core["import_wave"](file, questionnaire, out, weights="w")
    else:
        payload = json.loads(file.read_text(encoding="utf-8"))
        leaf = next(leaf for leaf in m.leaves() if leaf.code == payload["leaf"])
        call = lambda: core["coerce_fields"](leaf.code, leaf.rule.inputs, payload["values"])
    setup_kib = _maxrss_kib()

    report = {"accepted": False, "crash": None}
    start = time.perf_counter()
    try:
        result = call()
    except core["errors"].ParindexError as err:
        seconds = time.perf_counter() - start
        report.update(_describe(err, core["errors"]))
    except BaseException as exc:  # noqa: BLE001  a traceback is a failure of the refusal, reported as such
        seconds = time.perf_counter() - start
        report["crash"] = f"{type(exc).__name__}: {str(exc)[:120]}"
    else:
        seconds = time.perf_counter() - start
        report["accepted"] = True
    report.update(seconds=seconds, peak_kib=_maxrss_kib(), setup_kib=setup_kib, hwm_kib=_hwm_kib())

    if report["accepted"]:  # carry on as the command would, so that acceptance shows in the output
        try:
            if kind == "yaml":
                core["write_template"](result, out)  # parindex template FILE --out
            elif kind == "inputs":
                core["compute_cycle"](m, result).write(out)  # parindex compute … --out
            elif kind == "form":
                out.write_text(json.dumps(result, default=str))  # the form saves what it accepted
        except BaseException as exc:  # noqa: BLE001
            report["after"] = f"{type(exc).__name__}: {str(exc)[:120]}"
    print(json.dumps(report))


def _describe(err, errors) -> dict:
    """The first problem's code and location (file names shortened to their base name)."""
    problems = err.problems if isinstance(err, errors.ValidationFailed) else [err]
    first = problems[0]
    where = first.where
    if where.file:
        where = errors.Where(**{**where.__dict__, "file": Path(where.file).name})
    printed = err.render()
    return {"code": first.code, "codes": sorted({p.code for p in problems}), "where": str(where),
            "problems": len(problems), "lines": len(printed.splitlines()), "chars": len(printed),
            "max_lines": 1 + errors.MAX_SHOWN_PROBLEMS + 1 if isinstance(err, errors.ValidationFailed) else 1}


# -------------------------------------------------------------------------------------- builders
def build(name: str, folder: Path, m, units) -> Path:
    path = folder / CASES[name][3]
    BUILDERS[name](path, m, units)
    return path


def methodology_text() -> str:
    from parindex.core.methodology import builtin_path

    return builtin_path(METHODOLOGY).read_text(encoding="utf-8")


def yaml_billion_laughs(path: Path, m, units) -> None:
    lines = ['id: x', 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def yaml_deep_brackets(path: Path, m, units) -> None:
    path.write_text("id: " + "[" * 100_000, encoding="utf-8")


def yaml_5000_digits(path: Path, m, units) -> None:
    text = methodology_text()
    assert "\nscale: 100\n" in text
    path.write_text(text.replace("\nscale: 100\n", "\nscale: " + "9" * 5000 + "\n", 1), encoding="utf-8")


def yaml_over_cap(path: Path, m, units) -> None:
    with path.open("w", encoding="utf-8") as f:
        for _ in range(16):
            f.write("# " + "x" * (1024 * 1024 - 3) + "\n")
        f.write(methodology_text())


def input_workbook(path: Path, m, units, formula: bool = False) -> Path:
    """A valid inputs workbook for every province; ``formula`` makes one input a formula cell."""
    import xlsxwriter

    from parindex.core.inputs.columns import input_columns
    from parindex.demo.synthetic import synthetic_inputs

    columns = input_columns(m)
    inputs = synthetic_inputs(m, units, m.year)
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("Nhập liệu")
        sheet.write_row(0, 0, ["[unit]"] + [f"[{c.key}]" for c in columns])
        for r, u in enumerate(inputs.units, start=1):
            row = [u.unit.code] + [u.values[c.leaf.code][c.field.name] for c in columns]
            sheet.write_row(r, 0, ["có" if v is True else "không" if v is False else v for v in row])
        if formula:
            col = next(i for i, c in enumerate(columns, start=1) if c.field.name == "numerator")
            sheet.write_formula(1, col, f"={_letters(col + 1)}2*0.8")  # the denominator beside it
    if formula:
        edit_member(path, SHEET_XML, lambda xml: re.sub(rb"(<f>[^<]*\*0\.8</f>)<v>0</v>", rb"\1", xml, count=1))
    return path


def _letters(index: int) -> str:
    from parindex.core.inputs.reader import column_letter

    return column_letter(index)


def edit_member(path: Path, member: str, edit) -> Path:
    with zipfile.ZipFile(path) as zin:
        parts = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts:
            zout.writestr(name, edit(data) if name == member else data)
    return path


def xlsx_whole_grid(path: Path, m, units) -> None:
    edit_member(input_workbook(path, m, units), SHEET_XML,
                lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml, count=1))


def xlsx_far_cell(path: Path, m, units) -> None:
    edit_member(input_workbook(path, m, units), SHEET_XML, lambda xml: xml.replace(
        b"</sheetData>", b'<row r="900000"><c r="ZZ900000"><v>1</v></c></row></sheetData>'))


def xlsx_bomb_declared(path: Path, m, units) -> None:
    input_workbook(path, m, units)
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as z, z.open("xl/media/image1.bin", "w") as part:
        for _ in range(BOMB_BYTES // len(zeros)):
            part.write(zeros)


def xlsx_bomb_lying(path: Path, m, units) -> None:
    xlsx_bomb_declared(path, m, units)
    declare_size(path, "xl/media/image1.bin", 10)


def declare_size(path: Path, member: str, size: int) -> None:
    """Make ``member`` claim ``size`` bytes (local header and central directory), with the CRC of its
    first ``size`` bytes, so that Python's zipfile, which stops at the declared size, reads it happily."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    assert not info.flag_bits & 0x8, "sizes in a data descriptor: this patch would not reach them"
    crc, length = zlib.crc32(bytes(size)).to_bytes(4, "little"), size.to_bytes(4, "little")
    local = info.header_offset
    data[local + 14:local + 18], data[local + 22:local + 26] = crc, length
    name = member.encode()
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    data[central + 16:central + 20], data[central + 24:central + 28] = crc, length
    path.write_bytes(bytes(data))


def xlsx_formula_no_value(path: Path, m, units) -> None:
    input_workbook(path, m, units, formula=True)
    with zipfile.ZipFile(path) as z:
        xml = z.read(SHEET_XML)
    assert b"*0.8</f><v>" not in xml and b"*0.8</f>" in xml, "the formula's cached value is still there"


def xlsx_unfilled_template(path: Path, m, units) -> None:
    from parindex.core.inputs import write_template

    write_template(m, path, units)


def wave_rows(questionnaire, n: int, bad=lambda i: {}) -> list[list]:
    """Rows of a SIPAS wave: ``bad(i)`` overrides some of respondent ``i``'s cells."""
    rows = [["respondent_id", "province", "commune", "w", *questionnaire.item_codes]]
    for i in range(1, n + 1):
        cells = {"respondent_id": i, "province": "01", "commune": f"c{i % 7}", "w": 100 + i % 50,
                 **{item: 1 + (i + k) % 5 for k, item in enumerate(questionnaire.item_codes)}}
        cells.update(bad(i))
        rows.append([cells[c] for c in rows[0]])
    return rows


def write_csv(path: Path, rows: list[list]) -> None:
    path.write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")


def wave_bad_weights(path: Path, m, units) -> None:
    bad = {2: "-1500", 3: "0", 4: "NaN", 5: "inf"}  # rows 3–6 of the file, among 1,000 good ones
    write_csv(path, wave_rows(m.questionnaire("sipas"), 1000, lambda i: {"w": bad[i]} if i in bad else {}))


def wave_100k_errors(path: Path, m, units) -> None:
    first_item = m.questionnaire("sipas").item_codes[0]

    def bad(i):
        return [{"w": -1}, {first_item: 99}, {"respondent_id": i - 1}][i % 3]  # i = 1 is never a duplicate

    write_csv(path, wave_rows(m.questionnaire("sipas"), 100_000, bad))


def form_payload(path: Path, m, kind: str, value) -> None:
    leaf, field = next((leaf, f) for leaf in m.leaves() for f in leaf.rule.inputs if f.kind == kind)
    values = {f.name: 0 for f in leaf.rule.inputs} | {field.name: value}
    path.write_text(json.dumps({"leaf": leaf.code, "values": values}), encoding="utf-8")


def form_400_digits(path: Path, m, units) -> None:
    form_payload(path, m, "integer", int("1" * 400))  # a JSON number: the API hands it over as an int


def form_nan(path: Path, m, units) -> None:
    form_payload(path, m, "number", "NaN")


BUILDERS = {name: globals()[name] for name in CASES}


# ------------------------------------------------------------------------------------- controls
def controls(folder: Path, m, units) -> list[str]:
    """The untampered files the hostile ones are built from must be accepted; else the benchmark
    would measure a refusal for another reason."""
    from parindex.core.errors import ParindexError
    from parindex.core.inputs import read_inputs
    from parindex.core.methodology import load_methodology_file
    from parindex.core.scoring.inputs import coerce_fields
    from parindex.core.survey.responses import import_wave

    folder.mkdir()
    checks = {
        "methodology file": lambda: load_methodology_file(_written(folder / "m.yaml", methodology_text())),
        "inputs workbook": lambda: read_inputs(input_workbook(folder / "in.xlsx", m, units), m, m.year),
        "inputs workbook with a computed formula": lambda: _with_cached_formula(folder / "f.xlsx", m, units),
        "wave": lambda: import_wave(_wave(folder / "w.csv", m), m.questionnaire("sipas"), folder / "w.parquet", weights="w"),
        "form values": lambda: [coerce_fields(leaf.code, leaf.rule.inputs, {f.name: 0 for f in leaf.rule.inputs})
                                for leaf in m.leaves()],
    }
    failed = []
    for what, check in checks.items():
        try:
            check()
        except ParindexError as err:
            failed.append(f"{what}: {err.render().splitlines()[0][:160]}")
    return failed


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _wave(path: Path, m) -> Path:
    write_csv(path, wave_rows(m.questionnaire("sipas"), 1000))
    return path


def _with_cached_formula(path: Path, m, units):
    """The formula workbook as a spreadsheet would save it (value kept) is read, with a note."""
    from parindex.core.inputs import read_inputs

    input_workbook(path, m, units, formula=True)
    edit_member(path, SHEET_XML, lambda xml: re.sub(rb"(<f>[^<]*\*0\.8</f>)", rb"\1<v>8</v>", xml, count=1))
    inputs = read_inputs(path, m, m.year)
    assert [n.code for n in inputs.notes] == ["formula_cached"], inputs.notes
    return inputs


# ----------------------------------------------------------------------------------------- main
def child(args: list[str], timeout: float = CHILD_TIMEOUT) -> dict:
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True,
                          timeout=timeout, check=False)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"crash": f"subprocess exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:] or ''}"}
    return json.loads(lines[-1])


def sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def build_all(folder: Path) -> None:
    """In a subprocess of its own: every hostile file, and the controls. Prints what was built."""
    from datetime import date

    from parindex.core.errors import MAX_SHOWN_PROBLEMS
    from parindex.core.methodology import load_builtin
    from parindex.core.units import builtin_units

    m = load_builtin(METHODOLOGY)
    units = builtin_units().on(date(m.year, 12, 31), m.unit_kind)
    broken = controls(folder / "controls", m, units)
    start = time.perf_counter()
    files = {}
    for name in CASES:
        (folder / name).mkdir()
        files[name] = str(build(name, folder / name, m, units))
    print(json.dumps({"files": files, "controls": broken, "seconds": time.perf_counter() - start,
                      "max_shown": MAX_SHOWN_PROBLEMS}))


def main() -> int:
    # This process imports nothing of parindex, pandas or numpy, and builds nothing: Linux carries
    # the high-water RSS of the process that spawns a child into the child's ru_maxrss, so a parent
    # that grew would set every case's peak. Files are built in a subprocess of their own.
    failures: list[str] = []
    rows = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        tmp = Path(tmp)
        built = child(["--build", str(tmp)], timeout=600)
        if built.get("crash"):
            print(f"building the files failed: {built['crash']}")
            return 1
        failures += [f"control not accepted — {b}" for b in built["controls"]]
        floor_runs = [child(["--floor"]) for _ in range(3)]
        floor = min(r["peak_kib"] for r in floor_runs)
        spread = max(r["peak_kib"] for r in floor_runs) - floor
        for name, (what, _kind, expected, _, out_name) in CASES.items():
            file, out_dir = Path(built["files"][name]), tmp / name / "out"
            out_dir.mkdir()
            out = out_dir / out_name
            out.write_bytes(KEPT)
            before = sha256(out)
            try:
                r = child(["--case", name, str(file), str(out)])
            except subprocess.TimeoutExpired:
                r = {"crash": f"no answer within {CHILD_TIMEOUT} s"}
            untouched = sha256(out) == before and sorted(p.name for p in out_dir.iterdir()) == [out_name]
            file.unlink()  # the zip bombs and the 16 MiB YAML: do not keep them around
            rows.append((name, what, expected, r, untouched))

            if r.get("crash"):
                failures.append(f"{name}: not refused with a located error — {r['crash']}")
            elif r.get("accepted"):
                failures.append(f"{name}: ACCEPTED the hostile file" + (f" (then {r['after']})" if r.get("after") else ""))
            elif expected and r["code"] != expected:
                failures.append(f"{name}: refused as {r['code']}, not {expected}: the case no longer builds what it says")
            elif not expected and not set(r["codes"]) <= WAVE_ERROR_CODES:
                failures.append(f"{name}: refused with {r['codes']}, expected only {sorted(WAVE_ERROR_CODES)}")
            if not r.get("crash") and not r.get("accepted") and r["lines"] > r["max_lines"]:
                failures.append(f"{name}: printed {r['lines']:,} lines, more than the cap of {r['max_lines']}")
            if not untouched:
                failures.append(f"{name}: the output {out_name} was changed or a file appeared beside it")

    print(f"hostile files against {METHODOLOGY}: one fresh subprocess per refusal, python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (building the files took {built['seconds']:.1f} s)")
    print(f"floor: a subprocess importing the same modules peaks at {floor / 1024:.1f} MB (least of 3; they spread "
          f"{spread / 1024:.1f} MB); figures below are above it")
    print(f"targets: refused within {TIME_TARGET:g} s and {MEMORY_TARGET} MB each; printed refusals capped at "
          f"{built['max_shown']} problems\n")
    head = (f"{'hostile file':41} {'refused with, at':78} {'refusal':>16} {'peak above floor':>17} {'setup':>7} "
            f"{'printed':>19} {'output untouched':>16}")
    print(head)
    print("-" * len(head))
    for _name, what, _expected, r, untouched in rows:
        timing = memory = setup = printed = ""
        if "seconds" in r:
            timing, memory = _seconds(r["seconds"]), _mb(r["peak_kib"] - floor)
            setup = f"{(r['setup_kib'] - floor) / 1024:.1f} MB"
        if r.get("crash") or r.get("accepted"):
            found = "NOT REFUSED: " + (r.get("crash") or "accepted")
        else:
            more = f" (+{r['problems'] - 1:,} more)" if r["problems"] > 1 else ""
            found = f"{r['code']} at {r['where']}{more}"
            printed = f"{r['lines']:,} line{'s' if r['lines'] > 1 else ''}, {r['chars']:,} ch"
        print(f"{what:41} {found:78} {timing:>16} {memory:>17} {setup:>7} {printed:>19} {'yes' if untouched else 'NO':>16}")
        if "hwm_kib" in r and abs(r["hwm_kib"] - r["peak_kib"]) > 4096:
            print(f"{'':41}   (ru_maxrss {r['peak_kib'] / 1024:.1f} MB but /proc VmHWM {r['hwm_kib'] / 1024:.1f} MB)")
    print("\n'setup' is the part of the peak reached before the call (loading the methodology or questionnaire);"
          "\n'+N more' counts the other problems the refusal holds (ValidationFailed.problems). Memory resolution"
          "\nis about a MB: what fits in memory the imports freed does not raise the peak.")
    if failures:
        print("\nFAILED:")
        for f in failures:
            print("  " + f)
        return 1
    print("\nevery hostile file was refused with a located error and no output was touched")
    return 0


def _seconds(seconds: float) -> str:
    text = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    return f"{text} {'PASS' if seconds <= TIME_TARGET else 'ABOVE'}"


def _mb(kib: int) -> str:
    mb = kib / 1024
    return f"{mb:.1f} MB {'PASS' if mb <= MEMORY_TARGET else 'ABOVE'}"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--floor"]:
        run_floor()
    elif sys.argv[1:2] == ["--build"]:
        build_all(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--case"]:
        run_case(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        sys.exit(main())
