from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "parindex.web.publication"
    label = "publication"
