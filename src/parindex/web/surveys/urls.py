from django.urls import path

from parindex.web.surveys import views

app_name = "surveys"
urlpatterns = [
    path("cycles/<int:pk>/waves/", views.waves, name="waves"),
    path("cycles/<int:pk>/waves/upload/", views.upload, name="upload"),
    path("cycles/<int:pk>/waves/design/", views.map_design, name="map"),
    path("cycles/<int:pk>/waves/template/<slug:questionnaire>.<str:fmt>", views.wave_template, name="wave-template"),
    path("cycles/<int:pk>/survey-results/", views.table, name="table"),
    path("cycles/<int:pk>/survey-results/upload/", views.upload_table, name="table-upload"),
    path("cycles/<int:pk>/survey-results/template.<str:fmt>", views.table_template, name="table-template"),
    path("waves/<int:pk>/", views.wave_detail, name="wave"),
    path("waves/<int:pk>/apply/", views.apply, name="apply"),
    path("waves/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
