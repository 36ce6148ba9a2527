"""With ``PARINDEX_STORAGE=s3`` (several app servers), evidence, survey waves and printed documents
live in an S3-compatible bucket through django-storages — here a moto bucket, no network."""
import hashlib

import pytest

from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Evidence
from tests.web.conftest import PDF, at_stage, client_for, entry_of

moto = pytest.importorskip("moto")


@pytest.fixture
def bucket(settings):
    import boto3

    with moto.mock_aws():
        boto3.client("s3", region_name="ap-southeast-1").create_bucket(
            Bucket="parindex-test", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": "parindex-test", "region_name": "ap-southeast-1", "access_key": "test", "secret_key": "test",
            "default_acl": "private", "file_overwrite": False}}}  # Django resets default_storage on this change
        yield boto3.client("s3", region_name="ap-southeast-1")


def test_evidence_is_stored_in_the_bucket_under_its_checksum_and_served_back(cycle, units, people, bucket):
    from parindex.web.cycles.evidence import attach

    at_stage(cycle, C.SELF_ASSESSMENT)
    evidence = attach(entry_of(cycle, units["A"], "1.1"), people["editor_a"], "quyet-dinh.pdf", PDF)
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket="parindex-test").get("Contents", [])]
    assert keys == [f"evidence/{evidence.sha256[:2]}/{evidence.sha256}"] and evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    download = client_for(people["editor_a"]).get(f"/evidence/{evidence.pk}/")
    assert b"".join(download.streaming_content) == PDF


def test_the_same_evidence_twice_is_one_object(cycle, units, people, bucket):
    from parindex.web.cycles.evidence import attach

    at_stage(cycle, C.SELF_ASSESSMENT)
    for leaf in ("1.1", "1.2"):
        attach(entry_of(cycle, units["A"], leaf), people["editor_a"], "quyet-dinh.pdf", PDF)
    assert Evidence.objects.count() == 2 and bucket.list_objects_v2(Bucket="parindex-test")["KeyCount"] == 1


def test_healthz_writes_and_removes_its_probe_in_the_bucket(db, bucket):
    from django.test import Client

    assert Client().get("/healthz").json() == {"status": "ok", "database": "ok", "storage": "ok", "records": "ok"}
    assert bucket.list_objects_v2(Bucket="parindex-test")["KeyCount"] == 0
