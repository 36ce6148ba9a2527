"""``/healthz`` for a load balancer or monitor: can this server read the database and write the stores?

It writes and removes a small file in the default storage (evidence, waves, printed documents live
there) and in the service index's record store (a directory or an object store), because a
read-only or full volume, or a bucket gone, is the failure that loses uploads and pushes. No detail beyond
"ok"/"failed" is shown: the reason goes to the log.
"""
from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger("parindex.web")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage() -> None:
    name = default_storage.save("healthz/probe.txt", ContentFile(b"ok"))
    try:
        if not default_storage.exists(name):
            raise OSError("the probe file vanished")
    finally:
        default_storage.delete(name)


RECORDS_WAIT = 3.0  # seconds: a load balancer's probe gives up after about five


def _records() -> None:
    """The record store's probe, given ``RECORDS_WAIT`` seconds: an object store that accepts the
    connection and never answers would hold the worker until the server kills it."""
    from parindex.core.services import store  # deferred: the services' modules load pyarrow

    outcome: list[BaseException | None] = []

    def probe() -> None:
        try:
            store.probe(settings.PARINDEX_SERVICES_STORE)
            outcome.append(None)
        except BaseException as err:  # noqa: BLE001 — handed to the request's thread
            outcome.append(err)

    worker = threading.Thread(target=probe, daemon=True, name="healthz-records")
    worker.start()
    worker.join(RECORDS_WAIT)
    if not outcome:
        raise TimeoutError(f"the record store did not answer within {RECORDS_WAIT:.0f} s")
    if outcome[0] is not None:
        raise outcome[0]


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {}
    for name, check in (("database", _database), ("storage", _storage), ("records", _records)):
        try:
            check()
            checks[name] = "ok"
        except Exception:  # noqa: BLE001 — any failure means unhealthy; the log has the detail
            log.exception("health check failed: %s", name)
            checks[name] = "failed"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failed", **checks}, status=200 if healthy else 503)
