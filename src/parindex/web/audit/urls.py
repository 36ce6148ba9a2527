from django.urls import path

from parindex.web.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/export.csv", views.export, name="export"),
]
