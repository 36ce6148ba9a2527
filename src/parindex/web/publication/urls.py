from django.urls import path

from parindex.web.publication import views

app_name = "publication"
urlpatterns = [
    path("", views.latest, name="latest"),
    path("<slug:slug>.json", views.ranking, {"fmt": "json"}, name="ranking-json"),
    path("<slug:slug>.csv", views.ranking, {"fmt": "csv"}, name="ranking-csv"),
    path("<slug:slug>/", views.ranking, name="ranking"),
    path("<slug:slug>/bundle.zip", views.bundle, name="bundle"),
    path("<slug:slug>/report.xlsx", views.workbook, name="workbook"),
    path("<slug:slug>/sipas.json", views.sipas, {"fmt": "json"}, name="sipas-json"),
    path("<slug:slug>/sipas.csv", views.sipas, {"fmt": "csv"}, name="sipas-csv"),
    path("<slug:slug>/sipas/", views.sipas, name="sipas"),
    path("<slug:slug>/compare.json", views.compare, {"fmt": "json"}, name="compare-json"),
    path("<slug:slug>/compare.csv", views.compare, {"fmt": "csv"}, name="compare-csv"),
    path("<slug:slug>/compare/", views.compare, name="compare"),
    path("<slug:slug>/units/<str:code>.json", views.unit, {"fmt": "json"}, name="unit-json"),
    path("<slug:slug>/units/<str:code>.csv", views.unit, {"fmt": "csv"}, name="unit-csv"),
    path("<slug:slug>/units/<str:code>/", views.unit, name="unit"),
]
