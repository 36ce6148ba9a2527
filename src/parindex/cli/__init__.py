"""The ``parindex`` command line: the same core functions as the web app, for analysts and scripts."""
