"""The web app: a Django project that runs the evaluation cycle. Every number comes from the core."""
