"""Extract: a spaCy pipeline of registered components finds entities and links in papers."""

from kgraph.extract.pipeline import extract, extraction_from_doc, load_pipeline

__all__ = ["extract", "extraction_from_doc", "load_pipeline"]
