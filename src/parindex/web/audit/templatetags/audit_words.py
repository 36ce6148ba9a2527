"""Show an audit entry in words: ``{{ e|who }}``, ``{{ e|what }}``, ``{{ e|place:names }}``, ``{{ e|old_words }}``, ``{{ e|new_words }}``."""
from django import template

from parindex.web.audit.words import action_words, actor_words, place_words, value_words

register = template.Library()


@register.filter
def who(entry) -> str:
    return actor_words(entry.actor_name)


@register.filter
def what(entry) -> str:
    return action_words(entry.action)


@register.filter
def old_words(entry) -> str:
    return value_words(entry.action, entry.old_value)


@register.filter
def new_words(entry) -> str:
    return value_words(entry.action, entry.new_value)


@register.filter
def place(entry, unit_names) -> str:
    return place_words(entry.field, unit_names or {})
