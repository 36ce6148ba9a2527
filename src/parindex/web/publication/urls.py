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
    path("results/<slug:slug>.json", views.ranking, {"fmt": "json"}, name="ranking-json"),
    path("results/<slug:slug>.csv", views.ranking, {"fmt": "csv"}, name="ranking-csv"),
    path("results/<slug:slug>/", views.section, name="ranking"),  # a cycle's ranking, or a programme's section
    path("results/<slug:slug>/", views.section, name="section"),
    path("results/<slug:slug>/bundle.zip", views.bundle, name="bundle"),
    path("results/<slug:slug>/report.xlsx", views.workbook, name="workbook"),
    path("results/<slug:slug>/report.pdf", views.national_pdf, name="report-pdf"),
    *page("results/<slug:slug>/sipas", views.sipas, "sipas"),
    *page("results/<slug:slug>/versions", views.versions, "versions"),
    *page("results/<slug:slug>/map", views.province_map, "map"),
    *page("results/<slug:slug>/compare", views.compare, "compare"),
    *page("results/<slug:slug>/units/<str:code>", views.unit, "unit"),
    path("results/<slug:slug>/units/<str:code>.pdf", views.unit_pdf, name="unit-pdf"),
    path("results/<slug:programme>/<slug:slug>/", views.in_programme, name="in-programme"),  # last: literal pages win
]
