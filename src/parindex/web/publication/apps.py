from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "parindex.web.publication"
    label = "publication"

    def ready(self):
        # Publishing and correcting are actions of the cycle's table (``cycles.actions``), attached
        # here; the check of snapshots joins ``verify_audit``.
        from parindex.web.publication import integrity, transitions  # noqa: F401  # deferred: models must be ready first
