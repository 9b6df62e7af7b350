"""kgraph: turn research papers into a knowledge graph of papers, methods,
datasets, benchmarks, metrics, tasks and code repositories.

Example::

    import kgraph
    result = kgraph.build_graph_from_inputs(["../shared/corpus"])
    kgraph.top_entities(result.graph, entity_type="METHOD", limit=3)
"""

from kgraph._version import __version__
from kgraph.build import BuildResult, build_graph_from_inputs, extract_papers, write_outputs
from kgraph.config import load_config
from kgraph.errors import ConfigError, ExportError, InputError, KgraphError, PipelineError
from kgraph.export.files import read_graph as load_graph
from kgraph.extract import extract, load_pipeline
from kgraph.ingest import read_papers
from kgraph.models import Entity, EntityType, Mention, Paper, PaperExtraction, Repo
from kgraph.query import (
    communities,
    cooccurring_entities,
    find_entity,
    papers_with_entity,
    similar_papers_to,
    top_entities,
)
from kgraph.resolve import resolve

__all__ = [
    "__version__",
    "BuildResult",
    "ConfigError",
    "Entity",
    "EntityType",
    "ExportError",
    "InputError",
    "KgraphError",
    "Mention",
    "Paper",
    "PaperExtraction",
    "PipelineError",
    "Repo",
    "build_graph_from_inputs",
    "communities",
    "cooccurring_entities",
    "extract",
    "extract_papers",
    "find_entity",
    "load_config",
    "load_graph",
    "load_pipeline",
    "papers_with_entity",
    "read_papers",
    "resolve",
    "similar_papers_to",
    "top_entities",
    "write_outputs",
]
