"""Where a store's records live, and where the files derived from them live.

The records — the base and delta Parquet files of ``store`` — are the system of record. They live
in a local directory (a plain path, as always) or, for several app servers or more records than a
disk holds, in an object store named by an fsspec URL: ``s3://bucket/services`` (``s3fs``, the
optional extra ``s3``), ``gs://…``, ``memory://…`` (tests), any protocol fsspec knows.

The derived files — the kept aggregates (``_aggregates``), the key index (``_keys``), the board
(``_board``) and the load lock — can all be rebuilt from the records, and they are read and
rewritten at every load and page in small pieces that an object store would make slow (every
read a request). They stay on local disk: beside the records for a local store (its layout is the
same as before), and for a URL in a working directory of this machine,
``$PARINDEX_SERVICES_WORKDIR/<hash of the URL>`` (default ``~/.cache/parindex/services/<hash>``).
A machine that finds its working directory empty or out of step rebuilds what it needs from the
records, as it does after any write it did not make (the aggregates and the index compare the
record files' sizes and versions).

Credentials come from where fsspec's protocol looks for them (for S3: ``AWS_*`` variables,
``~/.aws``, the instance's role); other options, such as ``{"endpoint_url": "http://minio:9000"}``
for an S3-compatible server, from the JSON object in ``$PARINDEX_SERVICES_STORE_OPTIONS``. They are
passed to fsspec and never shown: a message names the URL without any user or password in it.

>>> place = Place.of("memory://parindex-doctest/records")
>>> place.local, place.url, place.root
(False, 'memory://parindex-doctest/records', '/parindex-doctest/records')
>>> Place.of("/srv/services").local, workdir("/srv/services")
(True, PosixPath('/srv/services'))
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t

OPTIONS_VARIABLE = "PARINDEX_SERVICES_STORE_OPTIONS"  # a JSON object of fsspec options, e.g. {"endpoint_url": "…"}
WORKDIR_VARIABLE = "PARINDEX_SERVICES_WORKDIR"  # where the derived files of URL stores go, one folder per URL
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")  # a scheme of two letters or more: "C:\…" stays a path


def is_url(root: str | Path) -> bool:
    """Whether ``root`` names an fsspec location rather than a local directory.

    >>> is_url("s3://bucket/services"), is_url("/srv/services"), is_url(Path("data/services"))
    (True, False, False)
    """
    return isinstance(root, str) and URL.match(root) is not None


@dataclass(frozen=True)
class Place:
    """One store's records: a local directory (``fs`` None, ``root`` its path) or a location on an
    fsspec filesystem (``root`` the location in that filesystem's terms: ``bucket/services``)."""

    url: str  # as configured
    fs: Any  # fsspec.AbstractFileSystem, or None for a local directory
    root: str
    workdir: Path  # where the derived files are

    @classmethod
    def of(cls, root: str | Path) -> "Place":
        """The place ``root`` names; the same object for the same root and options, so that an
        object store's connection is opened once per process."""
        if not is_url(root):
            return cls(str(root), None, str(root), Path(root))
        return _opened(str(root).rstrip("/"), os.environ.get(OPTIONS_VARIABLE, ""), os.environ.get(WORKDIR_VARIABLE, ""))

    @property
    def local(self) -> bool:
        return self.fs is None

    @property
    def shown(self) -> str:
        """The URL as a message may show it: without a user or password."""
        return re.sub(r"://[^/@]*@", "://", self.url)

    def unreachable(self, err: Exception) -> ParindexError | None:
        """The store's failure to answer, in words — its address silent, no credentials, credentials
        refused, no such bucket — or None when ``err`` is not the store's (a fault of ours is raised
        as it is). Said without the error's own text, which may carry a signed request."""
        kinds = {kind.__name__ for kind in type(err).__mro__}
        if "NoCredentialsError" in kinds or "PartialCredentialsError" in kinds:
            why = t("no credentials for it were found (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ~/.aws, or the machine's role)")
        elif "ConnectionError" in kinds or "ConnectTimeoutError" in kinds or "EndpointConnectionError" in kinds:
            why = t("its address does not answer (endpoint_url in PARINDEX_SERVICES_STORE_OPTIONS, or the network)")
        elif isinstance(err, PermissionError) or "ClientError" in kinds:
            why = t("it refuses these credentials")
        elif isinstance(err, FileNotFoundError):
            why = t("its bucket or folder does not exist")
        else:
            return None
        return ParindexError("store_unavailable", t("the store at {url} cannot be reached", url=self.shown),
                             Where(path="PARINDEX_SERVICES_STORE"), hint=why)


def workdir(root: str | Path) -> Path:
    """The local folder of the derived files (aggregates, key index, board, lock) of the store at ``root``."""
    return Place.of(root).workdir


@lru_cache(maxsize=16)
def _opened(url: str, options_text: str, workdir_text: str) -> Place:
    shown = re.sub(r"://[^/@]*@", "://", url)
    options = _options(options_text)
    try:
        import fsspec.core  # deferred: only a store on a URL needs fsspec
        fs, root = fsspec.core.url_to_fs(url, **options)
    except ImportError as err:
        raise ParindexError("store_unavailable", t("the store at {url} needs a package that is not installed", url=shown),
                            Where(path="PARINDEX_SERVICES_STORE"), got=err.name or str(err).splitlines()[0],
                            hint=t("for S3 install the 's3' extra: {command}", command="pip install 'parindex[s3]'")) from None
    except (ValueError, TypeError) as err:
        raise ParindexError("store_unavailable", t("the store at {url} cannot be opened", url=shown), Where(path="PARINDEX_SERVICES_STORE"),
                            expected=t("an fsspec URL such as s3://bucket/folder, with options fsspec accepts"),
                            got=type(err).__name__) from None  # the error's text may hold an option's value
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    base = Path(workdir_text) if workdir_text else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "parindex" / "services"
    return Place(url, fs, root.rstrip("/"), base / digest)


def _options(text: str) -> dict[str, Any]:
    """The JSON object of fsspec options; a mistake in it is said without its content (it may hold a key)."""
    if not text.strip():
        return {}
    try:
        options = json.loads(text)
    except ValueError:
        options = None
    if not isinstance(options, dict):
        raise ParindexError("store_options", t("the store's options are not a JSON object"), Where(path=OPTIONS_VARIABLE),
                            expected='{"endpoint_url": "http://…"}', got=None)
    return options
