from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "parindex.web.cycles"
    label = "cycles"

    def ready(self):
        # The work of each action of ``actions`` is attached when its module loads (``@ACTION.does``):
        # load them with the app, so the table is whole before any page or API call reads it;
        # and register the check of entries with ``verify_audit``.
        from parindex.web.cycles import evidence, integrity, transitions  # noqa: F401  # deferred: models must be ready first
