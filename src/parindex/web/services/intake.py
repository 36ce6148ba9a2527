"""Records taken in: a batch pushed by a one-stop system (``api``) or uploaded by an office
(``views.upload``), checked and stored by the engine (``core.services.ingest``), then the board
brought up to date so the dashboard shows it on the next request.

Both ways end in the same call with the units the sender may write for as the known units: a
record for any other unit is a problem of its row and field, like a date that is not one. A batch
is stored whole or not at all, and the same batch twice adds nothing (the engine keeps one record
per key and version). A pushed JSON batch is written to a JSON-lines file under the store's folder
first, one record a line, so the engine locates a problem by the record's position in the batch.
"""
from __future__ import annotations

import contextlib
import json
import logging
import re
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.services import board
from parindex.core.services.ingest import ingest
from parindex.core.services.place import workdir
from parindex.core.services.records import LEVELS, TABLES
from parindex.core.text import Text, of_lang
from parindex.core.units.catalogue import builtin_units, communes_2025
from parindex.web.cycles.models import Membership, Role, Unit
from parindex.web.services import pages

log = logging.getLogger("parindex.web")
MAX_RECORDS = 10_000  # per pushed batch; a backlog is sent as several
KINDS = ("dossiers", "feedback")
INCOMING = ".incoming"  # under the store's local folder (``place.workdir``): pushed batches while they are checked, removed after
UPLOAD_SUFFIXES = (".csv", ".parquet")
# PostgreSQL's advisory lock of the loads: any 64-bit number no other lock of ours uses.
LOAD_LOCK = int.from_bytes(b"parindex", "big") & 0x7FFF_FFFF_FFFF_FFFF


@dataclass(frozen=True)
class Taken:
    """What an accepted batch did."""

    table: str
    records: int
    added: int
    updated: int
    unchanged: int

    def sentence(self, lang: str) -> str:
        c = lambda n: pages.count(n, lang)  # noqa: E731
        return of_lang(lang, f"Đã nhận {c(self.records)} bản ghi: {c(self.added)} mới, {c(self.updated)} cập nhật, "
                             f"{c(self.unchanged)} không đổi.",
                       f"{c(self.records)} records accepted: {c(self.added)} new, {c(self.updated)} updated, {c(self.unchanged)} unchanged.")


def push(kind: str, records: list[dict[str, Any]], units: Iterable[str], lang: str, board_in_background: bool = False) -> Taken:
    """Store a pushed batch of ``kind`` (every record checked, all or nothing); raise
    ``ValidationFailed`` with every problem, each located by record and field.

    ``board_in_background``: answer once the records and the aggregates are stored, and build the
    board in a thread meanwhile (seconds for the whole country); a dashboard request that comes
    first waits for that build rather than making its own."""
    root = settings.PARINDEX_SERVICES_STORE  # a directory or an object store's URL
    (workdir(root) / INCOMING).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=workdir(root) / INCOMING) as folder:
        path = Path(folder) / f"{kind}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return _take(root, path, kind, units, lang, board_in_background)


def upload(path: Path, units: Iterable[str], lang: str) -> Taken:
    """Store an uploaded CSV or Parquet file (its table told by its key column)."""
    return _take(settings.PARINDEX_SERVICES_STORE, path, None, units, lang)


def _take(root: str | Path, path: Path, kind: str | None, units: Iterable[str], lang: str, board_in_background: bool = False) -> Taken:
    """Ingest with the sender's units as the known ones. A commune's record names its province too,
    which the engine checks against the same list: a sender of communes only is refused there for
    the province of its own commune — so those problems are set aside, and when nothing else is
    wrong (every record's unit is the sender's) the batch is taken with those provinces known."""
    own = sorted(units)
    provinces = {unit.parent for code, unit in _communes().items() if code in set(own) and unit.parent} - set(own)
    with one_load_at_a_time():
        try:
            report = ingest(root, [path], known_units=own, table=kind, lang=lang)
        except ValidationFailed as err:
            kept = [p for p in err.problems if not (p.code == "unknown_code" and p.where.column == "province" and p.got in provinces)]
            if kept or not provinces:
                raise ValidationFailed(err.where.file or path.name, kept) from None
            report = ingest(root, [path], known_units=sorted(set(own) | provinces), table=kind, lang=lang)
    change = report.changes[0] if report.changes else None
    if board_in_background:
        threading.Thread(target=_refresh_quietly, args=(root,), daemon=True, name="services-board").start()
    else:
        board.refresh(root, pages.methodology())
    if change is None:
        return Taken(kind or "", report.rows, 0, 0, 0)
    return Taken(change.table, report.rows, change.added, change.updated, change.unchanged)


@contextlib.contextmanager
def one_load_at_a_time():
    """Hold the loads' lock across every app server sharing the database. A load reads a month's
    delta and writes it back with its records; two at once on two servers would each drop the
    other's — the store's own lock is a file, which holds on one machine only (enough on SQLite,
    which is one machine's). On PostgreSQL, a session advisory lock, waited for as the file is."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOAD_LOCK])
        try:
            yield
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOAD_LOCK])


def _refresh_quietly(root: str | Path) -> None:
    try:
        board.refresh(root, pages.methodology())
    except Exception:  # the records are stored: the next dashboard request builds the board itself
        log.exception("the service index's board could not be refreshed after a push")


def refused_records(err: ValidationFailed, lang: str) -> list[dict[str, Any]]:
    """Every problem of a pushed batch: the record's position (1 is the first), the field, and the
    reason in words — the engine's sentence without the temporary file's name."""
    out = []
    for p in err.problems:
        position = p.where.line or p.where.row
        reason = reworded(p, lang, Where()).sentence(lang)
        place = of_lang(lang, f"Bản ghi {position}", f"Record {position}") if position else of_lang(lang, "Cả lô", "The batch")
        if p.where.column:
            place += of_lang(lang, f", trường «{p.where.column}»", f", field «{p.where.column}»")
        out.append({"record": position, "field": p.where.column, "reason": f"{place}: {reason[:1].lower()}{reason[1:]}"})
    return out


def reworded(p: ParindexError, lang: str, where: Where) -> ParindexError:
    """A problem at ``where`` (the sender's own file name, or none: the temporary file is ours),
    and a unit outside the sender's said so — the engine calls it unknown, it only knows the list."""
    if p.code == "unknown_code" and p.where.column in ("unit", "province"):
        return ParindexError("not_your_unit", of_lang(lang, f"đơn vị «{p.got}» không thuộc các đơn vị được phép gửi số liệu",
                                                      f"unit «{p.got}» is not among the units this sender may report for"), where)
    return ParindexError(p.code, p.title, where, p.expected, p.got, p.hint)


def upload_problems(err: ValidationFailed, name: str, lang: str) -> list[str]:
    """Every problem of an uploaded file as a sentence, located in the file by the name it was sent under."""
    return [reworded(p, lang, Where(**{**p.where.__dict__, "file": name})).sentence(lang) for p in err.problems]


def refused_title(err: ValidationFailed, lang: str) -> str:
    n = pages.count(len(err.problems), lang)
    return of_lang(lang, f"Lô bản ghi bị từ chối, không có gì được lưu: {n} lỗi. Hãy sửa và gửi lại cả lô.",
                   f"The batch was refused and nothing was stored: {n} problem{'' if len(err.problems) == 1 else 's'}. "
                   "Fix them and send the whole batch again.")


def upload_units(user) -> list[str]:
    """The units an official may upload records for: each unit they enter data for, and a province
    office's communes too."""
    if not user.is_authenticated:
        return []
    own = set(Membership.objects.filter(user=user, role=Role.EDITOR, unit__isnull=False).values_list("unit__uid", flat=True))
    if not own:
        return []
    communes = set(Unit.objects.filter(parent_uid__in=own).values_list("uid", flat=True))
    communes |= {code for code, unit in _communes().items() if unit.parent in own}
    return sorted(own | communes)


@lru_cache(maxsize=1)
def _communes() -> dict:
    return {u.id: u for u in communes_2025()}


def safe_name(name: str) -> str:
    """An uploaded file's name as it may be written to disk and shown back: its last part, plain characters."""
    stem = re.sub(r"[^\w.\-]+", "_", Path(name).name).strip("._") or "upload"
    return stem[-120:]


def sample_unit(units: list[str]) -> str:
    """The unit a sample record is for: the official's province or ministry as the catalogue knows
    it (its records count towards its own index), else a commune of it; a department of a
    programme's own registry counts under its province, which the sample would have to name too."""
    catalogued = {u.id for u in builtin_units().units}
    return next((code for code in units if code in catalogued), None) or next((code for code in units if code in _communes()), units[0])


def sample(kind: str, unit: str) -> list[list[str]]:
    """A file to fill in for ``kind``: the table's fields, then one record of ``unit`` as an office
    would write it (dates as 2026-10-05, true or false) — one the upload takes as it is."""
    spec = TABLES[kind]
    commune = _communes().get(unit)
    level = "commune" if commune is not None else next((u.kind for u in builtin_units().units if u.id == unit), "province")
    received = date.today() - timedelta(days=10)
    example = {"dossier_id": f"HS-{unit}-0001", "feedback_id": f"PA-{unit}-0001", "version": "1", "unit": unit,
               "province": commune.parent if commune is not None else unit, "level": level if level in LEVELS else "province",
               "agency": "Bộ phận Một cửa", "procedure": "1.000001", "service_level": "partly_online", "channel": "counter",
               "received_on": received.isoformat(), "due_on": (received + timedelta(days=7)).isoformat(),
               "completed_on": (received + timedelta(days=5)).isoformat(), "resolved_on": (received + timedelta(days=5)).isoformat(),
               "state": "completed", "official": "CB-0001", "digitised": "true", "synced": "true", "satisfied": "true"}
    return [[f.name for f in spec.fields], [example.get(f.name, "false" if f.kind == "bool" else "") for f in spec.fields]]


# -- the pages' words, in Vietnamese and English ---------------------------------------------------------

UPLOAD_MAX_BYTES = 50 * 1024 * 1024  # as a survey wave's file; a larger batch is sent through the API or split

WORDS = {
    "upload_title": Text("Gửi hồ sơ, phản ánh kiến nghị từ tệp", "Send dossier and feedback records from a file"),
    "upload_intro": Text("Dành cho cơ quan chưa kết nối hệ thống một cửa: tải lên tệp CSV hoặc Parquet theo mẫu trường trong "
                         "tài liệu. Mọi dòng được kiểm tra trước; nếu có một dòng sai thì không dòng nào được lưu. "
                         "Gửi lại cùng một tệp không làm thay đổi gì.",
                         "For offices without a connected one-stop system: upload a CSV or Parquet file with the documented "
                         "fields. Every row is checked first; if one row is wrong, no row is stored. Sending the same file "
                         "again changes nothing."),
    "your_units": Text("Bạn được gửi số liệu cho", "You may send records for"),
    "samples": Text("Tệp mẫu — dòng đầu là tên các trường, dòng hai là một bản ghi ví dụ (ngày viết 2026-10-05, đúng/sai viết "
                    "true/false; một hồ sơ còn đang giải quyết để trống completed_on):",
                    "Sample files — the first row names the fields, the second is an example record (dates as 2026-10-05, "
                    "true/false for yes/no; a dossier still in processing leaves completed_on empty):"),
    "sample_dossiers": Text("hồ sơ", "dossiers"),
    "sample_feedback": Text("phản ánh, kiến nghị", "feedback"),
    "file": Text("Tệp (CSV hoặc Parquet, tối đa 50 MB)", "File (CSV or Parquet, at most 50 MB)"),
    "send": Text("Gửi tệp", "Send the file"),
    "choose": Text("Hãy chọn một tệp CSV hoặc Parquet.", "Choose a CSV or Parquet file."),
    "refused": Text("Tệp bị từ chối, không có gì được lưu. Hãy sửa các lỗi sau rồi gửi lại cả tệp:",
                    "The file was refused and nothing was stored. Fix these problems and send the whole file again:"),
    "dashboard": Text("Xem trên bảng chỉ số", "See it on the dashboard"),
    "systems_title": Text("Hệ thống gửi số liệu", "Sending systems"),
    "systems_intro": Text("Mỗi hệ thống một cửa có một mã truy cập riêng và chỉ được gửi số liệu cho các đơn vị của nó. "
                          "Mã chỉ hiện một lần, khi tạo; mất mã thì tạo hệ thống mới và khóa hệ thống cũ.",
                          "Each one-stop system has its own access token and may send records only for its units. The token "
                          "is shown once, when it is created; if it is lost, create a new system and deactivate the old one."),
    "name": Text("Tên hệ thống", "System name"), "units": Text("Đơn vị", "Units"), "state": Text("Trạng thái", "State"),
    "created": Text("Ngày tạo", "Created"), "active": Text("đang hoạt động", "active"), "inactive": Text("đã khóa", "deactivated"),
    "deactivate": Text("Khóa", "Deactivate"), "activate": Text("Mở lại", "Reactivate"),
    "none": Text("Chưa có hệ thống nào.", "No system yet."),
    "new": Text("Thêm hệ thống gửi số liệu", "Add a sending system"),
    "units_help": Text("Mã đơn vị, cách nhau bởi dấu phẩy hoặc xuống dòng (ví dụ VN-01, VN-00004-2025)",
                       "Unit codes, separated by commas or new lines (e.g. VN-01, VN-00004-2025)"),
    "with_communes": Text("Kèm các xã, phường của tỉnh được liệt kê", "With the communes and wards of the provinces listed"),
    "create": Text("Tạo và cấp mã", "Create and issue the token"),
    "token_once": Text("Mã truy cập của hệ thống — sao chép ngay, mã sẽ không hiện lại:",
                       "The system's access token — copy it now, it will not be shown again:"),
    "token_use": Text("Hệ thống gửi mã này trong tiêu đề Authorization: Bearer <mã>.",
                      "The system sends it in the header Authorization: Bearer <token>."),
    "need_name": Text("Hãy nhập tên hệ thống.", "Enter the system's name."),
    "need_units": Text("Hãy nhập ít nhất một mã đơn vị.", "Enter at least one unit code."),
    "unknown_units": Text("Các mã đơn vị không có trong danh mục: ", "Unit codes not in the catalogue: "),
}


def words(lang: str) -> dict[str, str]:
    return {key: text.get(lang) for key, text in WORDS.items()}


def units_in_words(units: list[str], lang: str) -> str:
    """Units as a person reads them: the provinces and ministries by name first, then a programme's
    own units (a province's departments) by the name its registry gave them, and the communes
    counted when there are more than three — never a code where a name is known."""
    communes = [code for code in units if code in _communes()]
    others = [code for code in units if code not in _communes()]
    registered = {u.uid: Text(u.name_vi, u.name_en).get(lang)
                  for u in Unit.objects.filter(uid__in=[code for code in others if pages.unit_name(code, lang) == code])}
    named = [pages.unit_name(code, lang) for code in others if code not in registered] + sorted(registered.values())
    if len(communes) > 3:
        shown = named + ([of_lang(lang, f"{pages.count(len(communes), lang)} xã, phường", f"{pages.count(len(communes), lang)} communes")]
                         if communes else [])
    else:
        shown = named + [pages.unit_name(code, lang) for code in communes]
    return of_lang(lang, " và ", " and ").join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)


def units_from_text(text: str, with_communes: bool) -> tuple[list[str], list[str]]:
    """The unit codes an administrator typed (and, if asked, the provinces' communes); and the unknown ones."""
    typed = [code for code in re.split(r"[\s,;]+", text.strip()) if code]
    known = {u.id for u in builtin_units().units} | set(_communes())
    unknown = [code for code in typed if code not in known]
    found = set(typed) - set(unknown)
    if with_communes:
        found |= {code for code, unit in _communes().items() if unit.parent in found}
    return sorted(found), unknown
