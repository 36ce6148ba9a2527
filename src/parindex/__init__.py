"""parindex: run a government performance index end to end."""
__version__ = "0.1.0"
