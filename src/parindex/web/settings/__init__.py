"""Settings: ``base`` (shared), ``dev`` (SQLite, the demo), ``prod`` (from the environment)."""
