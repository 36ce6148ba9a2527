"""Looking inside a user's workbook before calamine reads a cell of it.

An ``.xlsx`` is a zip of XML parts, and a few hundred bytes of it can ask for more than the machine
has: a part that inflates to gigabytes (a zip bomb), a sheet that declares itself ``A1:XFD1048576``
or holds one cell at ``XFD1048576`` (calamine lays out every cell in between). Such files are
refused here, from the zip's directory, the first bytes of each sheet and one bounded pass over its
compressed data, so a refusal is fast whatever the file asks for.

Formula cells are found too. A formula whose value was never computed (a workbook a script wrote and
no spreadsheet ever opened) reads as empty or 0, and an index moves without anyone having typed a
number; such a cell is refused with its sheet, row and column. A formula with a cached value is
read from that value and reported back as a note, so the person importing knows which cells were
computed rather than typed.
"""
from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.phrases import t

# An inputs sheet has one row per unit (Vietnam has about 10,000 communes) and a SIPAS wave one
# row per respondent (tens of thousands per province); 200,000 rows leave room for a national wave.
MAX_ROWS = 200_000
# A template has one column per input (the largest built-in methodology asks about 150); a wave one
# per questionnaire item and design variable. 500 columns is past both; Excel allows 16,384.
MAX_COLUMNS = 500
# What the parts of a workbook may inflate to, together. A full 200,000-row wave of 60 columns is
# about 250 MB of sheet XML; anything beyond is not a file a person filled in.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
# A workbook has a few dozen parts; a zip of millions of empty members is an attack on the directory.
MAX_MEMBERS = 10_000
# How much of a sheet's XML is read to find its <dimension>, which comes before the cells.
HEAD_BYTES = 64 * 1024
CHUNK = 1024 * 1024
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods")
SHEET_SUFFIXES = (".xlsx", ".xlsm")

_DIMENSION_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$")
# A formula element is <f>, <f t="shared" .../> or <x:f>: an "f" then a space, "/" or ">", preceded
# by "<" or ":". Searching for the "f" first keeps the scan at C speed (a sheet of numbers has none).
_FORMULA = re.compile(rb"f[\s/>]")
# A cell or row reference past the caps: a column after SF (the 500th) or a row from 200000. Real
# sheets almost never match, so the scan stays at C speed; a match is parsed exactly (_REF_AT)
# before anything is refused.
_FAR_REF = re.compile(rb'r="(?:[A-Z]{3}|S[G-Z]|[T-Z][A-Z]|[A-Z]{0,2}[2-9][0-9]{5}|[A-Z]{0,2}[0-9]{7})')
_REF_AT = re.compile(rb'r="([A-Z]*)([0-9]*)"')


@dataclass(frozen=True)
class FormulaCell:
    """A cell holding a formula; ``cached`` is the value the spreadsheet last computed (None: never)."""

    sheet: str
    row: int
    column: str
    formula: str
    cached: str | None


@dataclass(frozen=True)
class Workbook:
    """What was learnt from a workbook's zip: its sheets (in order) and where their XML lives."""

    path: Path
    source: str
    sheet_names: tuple[str, ...] = ()
    parts: dict[str, str] = field(default_factory=dict)  # sheet name → zip member of its XML
    with_formulas: frozenset[str] = frozenset()  # zip members in which a formula element occurs

    def formulas(self, sheet: str) -> tuple[FormulaCell, ...]:
        """Every formula cell of ``sheet``. Parses the sheet's XML only if a formula occurs in it."""
        member = self.parts.get(sheet)
        if member is None or member not in self.with_formulas:
            return ()
        with zipfile.ZipFile(self.path) as zf:
            try:
                return tuple(_formula_cells(_inflate(zf, zf.getinfo(member), self.source), sheet))
            except _Forbidden as exc:
                raise _unreadable(self.source, exc) from None

    def check_formulas(self, sheet: str) -> tuple[ParindexError, ...]:
        """Refuse formulas without a value; return one note per formula read from its cached value."""
        cells = self.formulas(sheet)
        uncached = [c for c in cells if c.cached is None]
        if uncached:
            raise ValidationFailed(self.source, [ParindexError(
                "formula_without_value", t('formula ={formula} has no computed value', formula=c.formula),
                Where(file=self.source, sheet=sheet, row=c.row, column=c.column),
                expected=t('a typed value, or a formula saved with its result'),
                hint=t("open the file in Excel or LibreOffice, let it calculate and save it, or paste the values over the formulas"))
            for c in uncached])
        return tuple(ParindexError("formula_cached", t('formula ={formula} read from its saved value', formula=c.formula),
                                   Where(file=self.source, sheet=sheet, row=c.row, column=c.column),
                                   got=c.cached) for c in cells)


def inspect_workbook(path: str | Path, source: str | None = None) -> Workbook:
    """Check a zip-based workbook against the caps, before anything else reads it.

    Raises ``ParindexError`` for a file that is not a zip, has too many parts, inflates past
    ``MAX_UNCOMPRESSED_BYTES`` (counted while inflating, not taken from the sizes the zip declares,
    which can lie) or has a sheet larger than ``MAX_ROWS`` × ``MAX_COLUMNS``.
    """
    path = Path(path)
    source = source or str(path)
    if path.suffix.lower() not in ZIP_SUFFIXES:
        return Workbook(path, source)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _unreadable(source, exc) from None
    try:
        with zf:
            return _inspect(zf, path, source)
    except _Forbidden as exc:
        raise _unreadable(source, exc) from None


def _inspect(zf: zipfile.ZipFile, path: Path, source: str) -> Workbook:
    """The caps, then one bounded pass over every part: each sheet's dimension, far cells and formulas."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _too_large(source, f"{len(infos):,} parts", f"at most {MAX_MEMBERS:,} parts in the zip")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise _too_large(source, f"{declared:,} bytes uncompressed", f"at most {MAX_UNCOMPRESSED_BYTES:,} bytes uncompressed")
    sheets = path.suffix.lower() in SHEET_SUFFIXES
    names, parts = _sheet_parts(zf, source) if sheets else ((), {})
    sheet_of = {member: name for name, member in parts.items()}
    budget = [MAX_UNCOMPRESSED_BYTES]
    with_formulas = set()
    for info in infos:
        if info.is_dir():
            continue
        worksheet = sheets and (info.filename in sheet_of or _is_worksheet(info.filename))
        chunks = _inflate(zf, info, source, budget)
        if not worksheet:
            for _ in chunks:
                pass
            continue
        sheet = sheet_of.get(info.filename, info.filename)
        if _scan_sheet(chunks, sheet, source):
            with_formulas.add(info.filename)
    return Workbook(path, source, names, parts, frozenset(with_formulas))


def _scan_sheet(chunks: Iterator[bytes], sheet: str, source: str) -> bool:
    """Check a sheet's declared dimension and its far references; tell whether it has a formula."""
    head, tail, has_formula = b"", b"", False
    dimension_read = False
    for chunk in chunks:
        if not dimension_read:
            head += chunk[:HEAD_BYTES - len(head)]
            if len(head) >= HEAD_BYTES or b"<sheetData" in head or b":sheetData" in head:
                _check_dimension(head, sheet, source)
                dimension_read = True
        text = tail + chunk
        has_formula = has_formula or _has_formula(text)
        for match in _FAR_REF.finditer(text):
            ref = _REF_AT.match(text, match.start())
            if ref and (ref.group(1) or ref.group(2)):
                letters, digits = ref.group(1).decode(), ref.group(2).decode()
                _check_extent(_column_number(letters) if letters else 1, int(digits) if digits else 1,
                              f"a cell at {letters}{digits}" if letters else f"a row at {digits}", sheet, source)
        tail = chunk[-64:]
    if not dimension_read:
        _check_dimension(head, sheet, source)
    return has_formula


def _has_formula(xml: bytes) -> bool:
    return any(m.start() > 0 and xml[m.start() - 1] in b"<:" for m in _FORMULA.finditer(xml))


def _check_dimension(head: bytes, sheet: str, source: str) -> None:
    ref = _first_attribute(head, "dimension", "ref")
    if not ref:
        return  # optional in the format; the scan of every reference covers a sheet without one
    match = _DIMENSION_REF.match(ref.strip().upper())
    if not match:
        raise ParindexError("unreadable_file", t("sheet declares an unreadable size '{value}'", value=ref[:40]),
                            Where(file=source, sheet=sheet), expected=t('a range such as A1:H40'))
    letters, digits = (match.group(3), match.group(4)) if match.group(3) else (match.group(1), match.group(2))
    _check_extent(_column_number(letters), int(digits), f"declared size {ref}", sheet, source)


def _check_extent(columns: int, rows: int, got: str, sheet: str, source: str) -> None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise ParindexError("sheet_too_large", t('the sheet is larger than an inputs file or a survey wave can be'),
                            Where(file=source, sheet=sheet),
                            expected=t('at most {MAX_ROWS} rows and {MAX_COLUMNS} columns', MAX_ROWS=MAX_ROWS, MAX_COLUMNS=MAX_COLUMNS),
                            got=f"{got} ({rows:,} rows × {columns:,} columns)",
                            hint=t('delete the empty rows and columns past your data, or copy the data to a new sheet'))


def _first_attribute(xml: bytes, element: str, attribute: str) -> str | None:
    """The attribute of the first ``element`` in a (possibly cut) piece of XML, parsed by expat."""
    found: list[str] = []

    def start(name, attrs):
        if name.rpartition(":")[2] == element:
            found.append(attrs.get(attribute, ""))
            raise _Found

    parser = _parser()
    parser.StartElementHandler = start
    try:
        parser.Parse(xml, False)
    except _Found:
        pass
    except expat.ExpatError:
        pass  # a cut-off or odd head: calamine will say what is wrong with it
    return found[0] if found else None


def _sheet_parts(zf: zipfile.ZipFile, source: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """Sheet names in order and the zip member of each, from xl/workbook.xml and its relationships."""
    try:
        workbook = zf.read("xl/workbook.xml") if _small(zf, "xl/workbook.xml") else b""
        rels = zf.read("xl/_rels/workbook.xml.rels") if _small(zf, "xl/_rels/workbook.xml.rels") else b""
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError) as exc:
        raise _unreadable(source, exc) from None
    sheets: list[tuple[str, str]] = []
    targets: dict[str, str] = {}

    def on_sheet(name, attrs):
        if name.rpartition(":")[2] == "sheet":
            rid = next((v for k, v in attrs.items() if k.rpartition(":")[2] == "id"), "")
            sheets.append((attrs.get("name", ""), rid))

    def on_rel(name, attrs):
        if name.rpartition(":")[2] == "Relationship":
            target = attrs.get("Target", "")
            targets[attrs.get("Id", "")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))

    for xml, handler in ((workbook, on_sheet), (rels, on_rel)):
        parser = _parser()
        parser.StartElementHandler = handler
        try:
            parser.Parse(xml, True)
        except expat.ExpatError as exc:
            raise _unreadable(source, exc) from None
    return tuple(n for n, _ in sheets), {n: targets[rid] for n, rid in sheets if rid in targets}


def _small(zf: zipfile.ZipFile, member: str) -> bool:
    """Whether ``member`` exists and declares at most 16 MB (its real size is checked by the full pass)."""
    try:
        return zf.getinfo(member).file_size <= 16 * 1024 * 1024
    except KeyError:
        return False


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, budget: list[int] | None = None) -> Iterator[bytes]:
    """The member's bytes, inflated by us from its compressed data, counting what really comes out.

    Python's zipfile stops at the size a member declares, and another reader (calamine) may not: a
    part can declare 1 kB and inflate to 10 GB. So the compressed data is read here and inflated
    with a limit; past ``budget`` (shared by all parts) the file is refused.
    """
    if info.flag_bits & 0x1:
        raise _unreadable(source, "an encrypted part")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _unreadable(source, f"a part compressed with method {info.compress_type}")
    fp = zf.fp
    if fp is None:
        raise _unreadable(source, "a closed archive")
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise _unreadable(source, "a damaged local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    offset = info.header_offset + 30 + name_length + extra_length
    left = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    room = budget if budget is not None else [MAX_UNCOMPRESSED_BYTES]
    while left > 0 or (inflater is not None and inflater.unconsumed_tail):
        if inflater is not None and inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        else:
            fp.seek(offset)
            data = fp.read(min(CHUNK, left))
            if not data:
                raise _unreadable(source, "a truncated part")
            offset += len(data)
            left -= len(data)
        if inflater is None:
            out = data
        else:
            try:
                out = inflater.decompress(data, min(room[0] + 1, CHUNK))  # bounded output per call: memory stays ~CHUNK
            except zlib.error as exc:
                raise _unreadable(source, exc) from None
        room[0] -= len(out)
        if room[0] < 0:
            raise _too_large(source, f"more than {MAX_UNCOMPRESSED_BYTES:,} bytes once uncompressed",
                             f"at most {MAX_UNCOMPRESSED_BYTES:,} bytes uncompressed")
        if out:
            yield out
        if inflater is not None and inflater.eof:
            break


def _formula_cells(chunks: Iterator[bytes], sheet: str) -> Iterator[FormulaCell]:
    """Stream a sheet's XML through expat and yield each cell with a formula, with its cached value."""
    found: list[FormulaCell] = []
    state = {"row": 0, "col": 0, "in": None, "formula": None, "value": None, "type": None, "cell": False}

    def start(name, attrs):
        local = name.rpartition(":")[2]
        if local == "row":
            state["row"] = int(attrs["r"]) if attrs.get("r", "").isdigit() else state["row"] + 1
            state["col"] = 0
        elif local == "c":
            ref = _CELL_REF.match(attrs.get("r", ""))
            if ref:
                state["col"], state["row"] = _column_number(ref.group(1)), int(ref.group(2))
            else:
                state["col"] += 1
            state.update(cell=True, formula=None, value=None, type=attrs.get("t"))
        elif state["cell"] and local == "f":
            state["formula"], state["in"] = [], "formula"
        elif state["cell"] and local in ("v", "t"):
            state["value"] = state["value"] or []
            state["in"] = "value"

    def end(name):
        local = name.rpartition(":")[2]
        if local in ("f", "v", "t"):
            state["in"] = None
        elif local == "c":
            if state["formula"] is not None:
                value = "".join(state["value"]) if state["value"] is not None else None
                if value == "" and state["type"] not in ("str", "inlineStr"):
                    value = None  # an empty number is no value; an empty text result is ""
                found.append(FormulaCell(sheet, state["row"], _column_letters(state["col"]),
                                         "".join(state["formula"])[:200], value))
            state["cell"] = False

    def text(data):
        if state["in"] == "formula" and sum(map(len, state["formula"])) < 200:
            state["formula"].append(data)
        elif state["in"] == "value":
            state["value"].append(data)

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            yield from found
            found.clear()
        parser.Parse(b"", True)
    except expat.ExpatError:
        pass  # calamine reports a malformed sheet itself
    yield from found


_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


class _Found(Exception):
    pass


class _Forbidden(Exception):
    """XML a workbook never contains and a parser must not act on (a DOCTYPE, an entity)."""


def _is_worksheet(member: str) -> bool:
    return member.startswith("xl/worksheets/") and member.endswith(".xml") and "/_rels/" not in member


def _parser():
    """An expat parser that refuses any DOCTYPE (so no entity can be declared, let alone expanded),
    as defusedxml does; a workbook's XML never has one."""
    parser = expat.ParserCreate()

    def refuse(*_):
        raise _Forbidden("a DOCTYPE or entity declaration, which a workbook never has")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _unreadable(source: str, why: object) -> ParindexError:
    return ParindexError("unreadable_file", t('cannot open the workbook: {why}', why=why), Where(file=source),
                         expected=t('a valid Excel workbook'))


def _too_large(source: str, got: str, expected: str) -> ParindexError:
    return ParindexError("file_too_large", t('the workbook is larger than an inputs file or a survey wave can be'),
                         Where(file=source), expected=expected, got=got,
                         hint=t('a workbook this size is damaged or not what it seems; save the data sheet alone'))
