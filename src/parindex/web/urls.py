from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from parindex.web import branding
from parindex.web.api import api
from parindex.web.health import healthz

urlpatterns = [
    path("", include("parindex.web.surveys.urls")),  # before cycles: /cycles/<pk>/<action>/ would take /cycles/<pk>/waves/
    path("", include("parindex.web.cycles.urls")),
    path("", include("parindex.web.audit.urls")),
    path("", include("parindex.web.accounts.urls")),
    path("", include("parindex.web.publication.urls")),  # the public portal: / and /results/…, /methodology/…
    path("", include("parindex.web.services.urls")),  # the service index's public dashboard: /services/…
    path("favicon.ico", branding.favicon),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
]
