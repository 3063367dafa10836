"""Benchmarks: each script prints its figures (`python bench/<name>.py`); tests never time anything."""
