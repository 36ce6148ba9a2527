"""``python -m parindex`` is the ``parindex`` command."""
from parindex.cli.main import main

main()
