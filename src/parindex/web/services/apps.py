from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "parindex.web.services"
    label = "services"
