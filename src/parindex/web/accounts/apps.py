from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parindex.web.accounts"
    label = "accounts"
