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
    path("<slug:slug>/report.pdf", views.national_pdf, name="report-pdf"),
    path("<slug:slug>/sipas.json", views.sipas, {"fmt": "json"}, name="sipas-json"),
    path("<slug:slug>/sipas.csv", views.sipas, {"fmt": "csv"}, name="sipas-csv"),
    path("<slug:slug>/sipas/", views.sipas, name="sipas"),
    path("<slug:slug>/map.json", views.province_map, {"fmt": "json"}, name="map-json"),
    path("<slug:slug>/map.csv", views.province_map, {"fmt": "csv"}, name="map-csv"),
    path("<slug:slug>/map/", views.province_map, name="map"),
    path("<slug:slug>/compare.json", views.compare, {"fmt": "json"}, name="compare-json"),
    path("<slug:slug>/compare.csv", views.compare, {"fmt": "csv"}, name="compare-csv"),
    path("<slug:slug>/compare/", views.compare, name="compare"),
    path("<slug:slug>/units/<str:code>.json", views.unit, {"fmt": "json"}, name="unit-json"),
    path("<slug:slug>/units/<str:code>.csv", views.unit, {"fmt": "csv"}, name="unit-csv"),
    path("<slug:slug>/units/<str:code>/", views.unit, name="unit"),
    path("<slug:slug>/units/<str:code>.pdf", views.unit_pdf, name="unit-pdf"),
]
