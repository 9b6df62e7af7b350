"""Ingest: read paper files of many formats into deduplicated, stably identified Papers."""

from kgraph.ingest.ids import normalize_title, title_id
from kgraph.ingest.reader import (
    FORMATS,
    IngestReport,
    Skipped,
    detect_format,
    expand_inputs,
    read_papers,
)

__all__ = [
    "FORMATS",
    "IngestReport",
    "Skipped",
    "detect_format",
    "expand_inputs",
    "normalize_title",
    "read_papers",
    "title_id",
]
