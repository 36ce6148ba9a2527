from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "parindex.web.surveys"
    label = "surveys"
