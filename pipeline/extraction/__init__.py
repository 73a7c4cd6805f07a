"""Extraction: numbers, dates, organisations, subjects, claims, events and facts from a tagged Doc."""
