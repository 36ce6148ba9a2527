"""Questionnaires described in a methodology file: elements, items, answer scales, what counts as
satisfied, and the codes for "don't know".

SIPAS (citizens' satisfaction with public administrative services) has five elements — access to
services, administrative procedures, civil servants, service results, receiving and handling
feedback — each asked through several items on a 5-point scale.
"""
from __future__ import annotations

from dataclasses import dataclass

from parindex.core.text import Text


@dataclass(frozen=True)
class Item:
    code: str  # the column holding the answers
    text: Text


@dataclass(frozen=True)
class Element:
    code: str
    name: Text
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    name: Text
    respondents: str  # citizens, officials
    scale: tuple[int, int]  # lowest and highest valid answer
    satisfied: tuple[int, ...]  # answers counted as satisfied (4 and 5 by default)
    dont_know: tuple[int, ...]  # codes that mean "don't know": not a valid answer
    elements: tuple[Element, ...]
    expectations: tuple[Item, ...] = ()  # reported separately, never in the index
    unit_column: str = "unit"  # which column names the respondent's unit (province, ministry…)
    respondent_id: str = "respondent_id"

    def element(self, code: str) -> Element:
        return next(e for e in self.elements if e.code == code)

    @property
    def item_codes(self) -> list[str]:
        return [i.code for e in self.elements for i in e.items] + [i.code for i in self.expectations]
