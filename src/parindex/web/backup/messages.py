"""What backup and restore tell people, in Vietnamese (the default) and English: whole sentences
that say what happened and what to do, never an error code or a traceback."""
from __future__ import annotations

from parindex.core.text import Text


class BackupError(Exception):
    """A backup or restore that cannot go on; ``text`` says why, in both languages."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


def say(vi: str, en: str, **values) -> Text:
    return Text(vi.format(**values), en.format(**values))


VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def vendor_name(vendor: str) -> str:
    return VENDOR_NAMES.get(vendor, vendor)


# Backing up

def files_en(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def backed_up(archive, vendor: str, files: int, size: int) -> Text:
    return say("Đã sao lưu vào {archive}: cơ sở dữ liệu {vendor}, {files} tệp, tổng {mb} MB.",
               "Backed up to {archive}: the {vendor} database, {files_en}, {mb} MB in all.", archive=archive,
               vendor=vendor_name(vendor), files=files, files_en=files_en(files), mb=f"{size / 1024 / 1024:.1f}")


def unsupported_vendor(vendor: str) -> Text:
    return say("Chỉ sao lưu và khôi phục được SQLite hoặc PostgreSQL; hệ thống này dùng {vendor}.",
               "Only SQLite and PostgreSQL can be backed up and restored; this instance uses {vendor}.", vendor=vendor)


def database_file_missing(path) -> Text:
    return say("Không tìm thấy tệp cơ sở dữ liệu {path}; hãy kiểm tra DATABASES trong cấu hình.",
               "The database file {path} does not exist; check DATABASES in the settings.", path=path)


def tool_missing(tool: str) -> Text:
    return say("Không tìm thấy chương trình {tool} của PostgreSQL: hãy cài gói postgresql-client hoặc đặt "
               "PARINDEX_PG_BIN là thư mục chứa nó.",
               "PostgreSQL's {tool} was not found: install the postgresql-client package or set PARINDEX_PG_BIN to "
               "the folder that holds it.", tool=tool)


def tool_failed(tool: str, detail: str) -> Text:
    return say("{tool} không chạy xong: {detail}", "{tool} did not finish: {detail}", tool=tool, detail=detail)


def stored_file_changed(name: str) -> Text:
    return say("Tệp {name} thay đổi trong lúc sao lưu; hãy chạy lại lệnh sao lưu.",
               "The file {name} changed while it was being backed up; run the backup again.", name=name)


# Checking an archive

def archive_missing(archive) -> Text:
    return say("Không có tệp {archive}; hãy kiểm tra đường dẫn của bản sao lưu.",
               "There is no file {archive}; check the backup's path.", archive=archive)


def not_an_archive(archive) -> Text:
    return say("{archive} không phải là một bản sao lưu parindex đọc được (tệp hỏng, bị cắt hoặc sai loại).",
               "{archive} is not a readable parindex backup (damaged, cut short or another kind of file).", archive=archive)


def manifest_unreadable(archive) -> Text:
    return say("{archive} không có manifest.json hợp lệ nên không thể kiểm tra; không khôi phục.",
               "{archive} has no valid manifest.json, so it cannot be checked; nothing was restored.", archive=archive)


def newer_format(version: int) -> Text:
    return say("Bản sao lưu dùng định dạng {version}, mới hơn phiên bản parindex này; hãy nâng cấp parindex trước.",
               "The backup uses format {version}, newer than this parindex knows; upgrade parindex first.", version=version)


def member_damaged(name: str) -> Text:
    return say("Tệp {name} trong bản sao lưu không khớp tổng kiểm SHA-256 của nó: bản sao lưu bị hỏng; "
               "không có gì bị thay đổi.",
               "{name} in the backup does not match its SHA-256 checksum: the backup is damaged; nothing was changed.",
               name=name)


def member_missing(name: str) -> Text:
    return say("Bản sao lưu thiếu {name}, dù manifest.json có ghi; bản sao lưu không đầy đủ, không có gì bị thay đổi.",
               "The backup lacks {name}, which manifest.json lists; the backup is incomplete and nothing was changed.",
               name=name)


def member_unlisted(name: str) -> Text:
    return say("Bản sao lưu có {name}, không ghi trong manifest.json; không khôi phục một bản sao lưu đã bị sửa.",
               "The backup holds {name}, which manifest.json does not list; a changed backup is not restored.", name=name)


def member_unsafe(name: str) -> Text:
    return say("Bản sao lưu có đường dẫn không an toàn {name}; không khôi phục.",
               "The backup holds an unsafe path {name}; nothing was restored.", name=name)


# Restoring

def vendor_mismatch(archived: str, current: str) -> Text:
    return say("Bản sao lưu là của cơ sở dữ liệu {archived}, nhưng hệ thống này dùng {current}: hãy khôi phục vào một "
               "hệ thống dùng {archived}.",
               "The backup is of a {archived} database, but this instance uses {current}: restore it into an instance "
               "that uses {archived}.", archived=vendor_name(archived), current=vendor_name(current))


def unknown_migration(app: str, name: str, version: str) -> Text:
    return say("Bản sao lưu có bước thay đổi cấu trúc {app}.{name} mà phiên bản parindex này không có; hãy cài "
               "parindex {version} trở lên rồi khôi phục lại.",
               "The backup has the schema step {app}.{name}, which this parindex does not have; install parindex "
               "{version} or newer, then restore again.", app=app, name=name, version=version)


def not_empty(users: int, cycles: int, entries: int, files: int) -> Text:
    found = [(users, "người dùng", "user", "users"), (cycles, "kỳ đánh giá", "cycle", "cycles"),
             (entries, "mục nhật ký kiểm toán", "audit entry", "audit entries"),
             (files, "tệp đã lưu", "stored file", "stored files")]
    vi = ", ".join(f"{n} {noun}" for n, noun, _, _ in found if n)
    en = ", ".join(f"{n} {one if n == 1 else many}" for n, _, one, many in found if n)
    return say("Chỉ khôi phục vào một hệ thống trống, nhưng hệ thống này đã có {found_vi}; không có gì bị thay đổi. "
               "Hãy dùng một cơ sở dữ liệu mới và kho tệp trống.",
               "A backup is restored only into an empty instance, but this one already has {found_en}; nothing was "
               "changed. Use a new database and an empty file storage.", found_vi=vi, found_en=en)


def stored_name_taken(name: str, saved: str) -> Text:
    return say("Kho tệp lưu {name} dưới tên khác ({saved}); hãy kiểm tra cấu hình STORAGES.",
               "The storage kept {name} under another name ({saved}); check the STORAGES setting.", name=name, saved=saved)


def restored(archive, vendor: str, files: int, created_at: str, version: str) -> Text:
    return say("Đã khôi phục {archive} (sao lưu lúc {created_at}, parindex {version}): cơ sở dữ liệu {vendor} và {files} tệp.",
               "Restored {archive} (backed up at {created_at}, parindex {version}): the {vendor} database and {files_en}.",
               archive=archive, created_at=created_at, version=version, vendor=vendor_name(vendor), files=files,
               files_en=files_en(files))


def migrate_needed() -> Text:
    return say("Bản sao lưu cũ hơn phiên bản parindex này: hãy chạy manage.py migrate rồi manage.py verify_audit "
               "trước khi mở lại hệ thống.",
               "The backup is older than this parindex: run manage.py migrate, then manage.py verify_audit, before "
               "opening the instance again.")


def chain_intact(entries: int) -> Text:
    return say("Chuỗi nhật ký kiểm toán nguyên vẹn: {entries} mục, mọi mã băm đều khớp.",
               "The audit chain is intact: {entries} entries, every hash matches.", entries=entries)


def chain_broken(problems: int) -> Text:
    return say("Đã khôi phục, nhưng manage.py verify_audit thấy {problems} chỗ không khớp (xem ở trên): đừng mở hệ "
               "thống; hãy khôi phục từ một bản sao lưu khác.",
               "Restored, but manage.py verify_audit found {problems_en} (listed above): do not open the "
               "instance; restore from another backup.", problems=problems,
               problems_en="1 mismatch" if problems == 1 else f"{problems} mismatches")


def io_failed(err: OSError) -> Text:
    where = f" ({err.filename})" if getattr(err, "filename", None) else ""
    reason = err.strerror or str(err)
    return say("Không đọc hoặc ghi được tệp{where}: {reason}.", "A file could not be read or written{where}: {reason}.",
               where=where, reason=reason)
