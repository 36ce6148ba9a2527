"""Back up an instance to one archive and restore it into an empty one.

``manage.py backup site.tar`` writes the database (SQLite through its online backup API, PostgreSQL
through ``pg_dump --format=custom``), every file of the default storage (evidence, survey waves) and
``manifest.json`` with each member's SHA-256 and size. ``manage.py restore site.tar`` checks every
sum before it touches anything, restores into an empty instance only, then verifies the audit chain.

Why not ``dumpdata``/``loaddata``: JSON keeps timestamps to the millisecond, so every audit entry's
hash (computed over the microsecond timestamp) stops matching, and stored files are not included.
"""
