"""Shared fixtures. Server and browser fixtures live in their own plugin modules."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
CORPUS_DIR = SHARED / "corpus"
GOLD_DIR = SHARED / "gold"

pytest_plugins = ["tests.plugins.neo4j_server", "tests.plugins.browser"]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The reference corpus of Hugging Face listing dumps (../shared/corpus)."""
    assert CORPUS_DIR.is_dir(), f"reference corpus missing at {CORPUS_DIR}"
    return CORPUS_DIR


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    assert GOLD_DIR.is_dir(), f"gold files missing at {GOLD_DIR}"
    return GOLD_DIR


@pytest.fixture(scope="session")
def corpus_build(corpus_dir: Path):  # type: ignore[no-untyped-def]
    """The graph built from the reference corpus, once per session."""
    from kgraph.build import build_graph_from_inputs

    return build_graph_from_inputs([corpus_dir])


@pytest.fixture(scope="session")
def corpus_graph(corpus_build):  # type: ignore[no-untyped-def]
    return corpus_build.graph


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The default extraction pipeline, built once per session."""
    from kgraph.extract import load_pipeline

    return load_pipeline()
