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
    path("", views.home, name="home"),
    path("methodology/", views.methodologies, name="methodologies"),
    *page("methodology/<slug:slug>", views.methodology, "methodology"),
    path("methodology/<slug:slug>/criteria.xlsx", views.criteria_table, name="criteria-table"),
    path("results/", views.latest, name="latest"),
    *page("results/<slug:slug>", views.ranking, "ranking"),
    path("results/<slug:slug>/bundle.zip", views.bundle, name="bundle"),
    path("results/<slug:slug>/report.xlsx", views.workbook, name="workbook"),
    path("results/<slug:slug>/report.pdf", views.national_pdf, name="report-pdf"),
    *page("results/<slug:slug>/sipas", views.sipas, "sipas"),
    *page("results/<slug:slug>/versions", views.versions, "versions"),
    *page("results/<slug:slug>/map", views.province_map, "map"),
    *page("results/<slug:slug>/compare", views.compare, "compare"),
    *page("results/<slug:slug>/units/<str:code>", views.unit, "unit"),
    path("results/<slug:slug>/units/<str:code>.pdf", views.unit_pdf, name="unit-pdf"),
]
