"""Headline trends: the command line, configuration loading, file ingest and the demo."""
__version__ = "0.10.0"
