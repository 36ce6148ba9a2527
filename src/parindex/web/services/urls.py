from django.urls import path

from parindex.web.services import views

app_name = "services"


def page(route: str, view, name: str) -> list:
    """One page at ``route/``, and its figures at ``route.json`` and ``route.csv``, as the portal's
    pages are: the same view makes all three, told the format."""
    return [path(f"{route}.json", view, {"fmt": "json"}, name=f"{name}-json"),
            path(f"{route}.csv", view, {"fmt": "csv"}, name=f"{name}-csv"),
            path(f"{route}/", view, name=name)]


urlpatterns = [
    *page("services", views.ranking, "ranking"),
    path("services/upload/", views.upload, name="upload"),
    path("services/upload/<slug:kind>.csv", views.upload_sample, name="upload-sample"),
    path("services/systems/", views.systems, name="systems"),
    path("services/systems/<int:pk>/active/", views.system_active, name="system-active"),
    *page("services/<slug:level>/<str:code>/procedures", views.procedures, "procedures"),
    *page("services/<slug:level>/<str:code>/responsibility", views.responsibility, "responsibility"),
    *page("services/<slug:level>/<str:code>", views.unit, "unit"),
]
