"""The demo: published 2023 and 2024 cycles of the 63 provinces and a 2025 cycle of the 34, with units in
every state, adjustments and explanations that read like real ones, and one account per role.

Its own app because it uses all the others: it fills cycles (``cycles``), imports and applies a
SIPAS wave (``surveys``) and publishes (``publication``); none of them knows the demo exists.
``manage.py seed_demo`` loads it once (``seed``) and prints new passwords for its accounts
(``accounts``).
"""
