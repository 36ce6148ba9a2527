from django.urls import path

from parindex.web.publication import views

app_name = "publication"


def page(route: str, view, name: str) -> list:
    """One portal page at ``route/``, and its figures at ``route.json`` and ``route.csv`` (datasette's
    way): the same view makes all three, told the format. Named ``name``, ``name-json``, ``name-csv``."""
    return [path(f"{route}.json", view, {"fmt": "json"}, name=f"{name}-json"),
            path(f"{route}.csv", view, {"fmt": "csv"}, name=f"{name}-csv"),
            path(f"{route}/", view, name=name)]


urlpatterns = [
    path("", views.latest, name="latest"),
    *page("<slug:slug>", views.ranking, "ranking"),
    path("<slug:slug>/bundle.zip", views.bundle, name="bundle"),
    path("<slug:slug>/report.xlsx", views.workbook, name="workbook"),
    path("<slug:slug>/report.pdf", views.national_pdf, name="report-pdf"),
    *page("<slug:slug>/sipas", views.sipas, "sipas"),
    *page("<slug:slug>/map", views.province_map, "map"),
    *page("<slug:slug>/compare", views.compare, "compare"),
    *page("<slug:slug>/units/<str:code>", views.unit, "unit"),
    path("<slug:slug>/units/<str:code>.pdf", views.unit_pdf, name="unit-pdf"),
]
