from django.urls import path

from parindex.web.surveys import views

app_name = "surveys"
urlpatterns = [
    path("cycles/<int:pk>/waves/", views.waves, name="waves"),
    path("cycles/<int:pk>/waves/upload/", views.upload, name="upload"),
    path("waves/<int:pk>/", views.wave_detail, name="wave"),
    path("waves/<int:pk>/apply/", views.apply, name="apply"),
]
