from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "parindex.web.cycles"
    label = "cycles"
