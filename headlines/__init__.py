"""Headline trends: the command line, configuration loading, file ingest and the demo."""
__version__ = "0.9.0"
