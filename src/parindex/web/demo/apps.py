from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "parindex.web.demo"
    label = "demo"
