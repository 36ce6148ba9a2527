from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "parindex.web.backup"
    label = "backup"
