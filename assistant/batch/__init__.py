"""Batch plans from a CSV/XLSX file: validated, concurrent, resumable, nothing lost.

`preview(path, options)` validates and estimates (the dry run); `run_batch(path, out, options)`
plans every valid row and writes results.jsonl, errors.jsonl/.csv, summary.csv and per-row
files into the output folder. See docs/batch.md.
"""

from .reader import FIELD_ALIASES, parse_map_options, read_table
from .runner import BatchOptions, BatchReport, Preview, preview, run_batch

__all__ = [
    "FIELD_ALIASES",
    "BatchOptions",
    "BatchReport",
    "Preview",
    "parse_map_options",
    "preview",
    "read_table",
    "run_batch",
]
