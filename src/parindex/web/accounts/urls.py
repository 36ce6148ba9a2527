from django.urls import path

from parindex.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/new/", views.new_person, name="new"),
    path("people/roster/", views.roster, name="roster"),
    path("people/roster/template.xlsx", views.roster_template, name="roster-template"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/active/", views.active, name="active"),
    path("people/<int:pk>/password-link/", views.password_link, name="password-link"),
    path("roles/<int:pk>/revoke/", views.revoke, name="revoke"),
]
