"""Scoring extractions against annotated gold files."""
