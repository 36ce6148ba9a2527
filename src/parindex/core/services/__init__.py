"""The service index of Decision 766/QĐ-TTg, computed from the records of administrative dossiers.

``records`` names every field a one-stop system sends (dossiers, feedback, the procedure catalogue)
and the Arrow schema they are stored in; ``counts`` turns an indicator's declarative count (which
records, which of them meet the target) into SQL that DuckDB and Spark both run; ``engine`` runs
it over the Parquet store, day by day, and scores each unit and period with the methodology's
rules; ``generator`` makes realistic seeded dossier streams for tests, the demo and benchmarks.
"""
