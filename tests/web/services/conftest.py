"""Fixtures of the tests that push and upload records: a store of their own, and Hà Nội's sending system."""
import shutil

import pytest

from parindex.web.services.models import SendingSystem


@pytest.fixture
def own_store(services_records, settings, tmp_path):
    """A copy of the shared year of records that a test may write to."""
    root = tmp_path / "services"
    shutil.copytree(services_records, root)
    settings.PARINDEX_SERVICES_STORE = root
    settings.PARINDEX_PUSH_BOARD = "request"  # the board built before the answer: a test reads it at once
    return root


@pytest.fixture
def hanoi_system(db):
    """Ha Noi's one-stop system: the province and its communes, and its token."""
    from parindex.web.services.intake import units_from_text

    units, _ = units_from_text("VN-01", with_communes=True)
    return SendingSystem.issue("Hệ thống một cửa Hà Nội", units)
