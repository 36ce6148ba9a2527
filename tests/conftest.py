"""Shared test helpers. Each test still builds the data it needs; these only shorten the writing."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).parent / "data"
REFERENCE = DATA / "reference"


def small_methodology_dict(**overrides) -> dict:
    """A valid two-area methodology exercising a few rule types; tests change what they need."""
    data = {
        "id": "test-small",
        "title": {"vi": "Thử", "en": "Test"},
        "programme": {"vi": "Chương trình thử", "en": "Test programme"},
        "year": 2024,
        "unit_kind": "province",
        "legal_source": {"document": "Test decision"},
        "scale": 10,
        "groups": [
            {"code": "A", "name": {"vi": "A", "en": "A"}, "from": 90},
            {"code": "B", "name": {"vi": "B", "en": "B"}, "from": 50, "below": 90},
            {"code": "C", "name": {"vi": "C", "en": "C"}, "from": 0, "below": 50},
        ],
        "tree": [
            {"code": "1", "name": {"vi": "Một", "en": "One"}, "max": 6, "children": [
                {"code": "1.1", "name": {"vi": "Tỷ lệ", "en": "Ratio"}, "max": 4, "source": "appraisal",
                 "rule": {"type": "ratio_bands", "bands": [{"from": 0, "below": 50, "points": 0},
                                                            {"from": 50, "below": 100, "points": 2},
                                                            {"from": 100, "points": 4}]}},
                {"code": "1.2", "name": {"vi": "Có/không", "en": "Yes/no"}, "max": 2, "source": "appraisal",
                 "rule": {"type": "yes_no"}},
                {"code": "1.3", "name": {"vi": "Trừ điểm", "en": "Penalty"}, "max": 1, "source": "penalty",
                 "rule": {"type": "penalty", "per_item": 0.5}},
            ]},
            {"code": "2", "name": {"vi": "Hai", "en": "Two"}, "max": 4, "source": "survey", "rule": {"type": "survey_share"}},
        ],
    }
    data.update(overrides)
    return data


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def small_methodology():
    from parindex.core.methodology import load_methodology_text

    return load_methodology_text(dump(small_methodology_dict()), "small.yaml")
