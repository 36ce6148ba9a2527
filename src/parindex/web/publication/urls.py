from django.urls import path

from parindex.web.publication import views

app_name = "publication"
urlpatterns = [
    path("", views.latest, name="latest"),
    path("<slug:slug>/", views.ranking, name="ranking"),
    path("<slug:slug>/sipas/", views.sipas, name="sipas"),
    path("<slug:slug>/units/<str:code>/", views.unit, name="unit"),
]
