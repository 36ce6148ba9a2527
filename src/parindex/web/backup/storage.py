"""The files of the default storage: evidence (``<cycle>/<unit>/<sha256>``) and survey waves
(``waves/…``) — every file the web app writes lives there; a snapshot's figures live in the
database. The storage is walked with ``listdir`` only, so a local folder and an S3-like bucket
are backed up alike.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage

from parindex.web.backup import messages
from parindex.web.backup.messages import BackupError


def stored_names(storage=None) -> Iterator[str]:
    """Every file's name, in a stable order (files of a folder, then its sub-folders)."""
    storage = storage or default_storage

    def walk(folder: str) -> Iterator[str]:
        folders, files = storage.listdir(folder)
        for name in sorted(files):
            yield f"{folder}/{name}" if folder else name
        for name in sorted(folders):
            yield from walk(f"{folder}/{name}" if folder else name)

    try:
        yield from walk("")
    except FileNotFoundError:  # a local storage whose folder was never created holds nothing
        return


def count_stored(storage=None) -> int:
    return sum(1 for _ in stored_names(storage))


def put(name: str, content: IO[bytes], storage=None) -> None:
    """Store ``content`` under exactly ``name``; the storage must not pick another name."""
    storage = storage or default_storage
    saved = storage.save(name, File(content, name=name))
    if saved != name:
        raise BackupError(messages.stored_name_taken(name, saved))
