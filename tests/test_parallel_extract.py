"""Extraction over several processes gives exactly the single-process output."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from spacy.language import Language

from kgraph.extract import extract
from kgraph.ingest import read_papers
from kgraph.models import Paper, PaperExtraction


@pytest.fixture(scope="module")
def papers(corpus_dir: Path) -> list[Paper]:
    """A few dozen corpus papers, including some with GitHub links and acronym definitions."""
    every = read_papers([corpus_dir])
    with_links = [p for p in every if "github.com" in p.abstract.lower()][:8]
    return with_links + [p for p in every if p not in with_links][:40]


@pytest.fixture(scope="module")
def single(papers: list[Paper], nlp: Language) -> list[PaperExtraction]:
    return list(extract(papers, nlp))


def test_parallel_extract_output_is_identical_to_one_process(
    papers: list[Paper], nlp: Language, single: list[PaperExtraction]
) -> None:
    parallel = list(extract(papers, nlp, n_process=2, batch_size=7))  # several chunks per worker
    assert sum(len(e.mentions) for e in single) > 100 and any(e.links for e in single)
    assert any(m.role == "proposed" for e in single for m in e.mentions)
    assert any(m.long_form for e in single for m in e.mentions)
    assert parallel == single


def test_parallel_extract_without_fork_uses_spacy_processes_with_the_same_output(
    papers: list[Paper], nlp: Language, single: list[PaperExtraction], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Span and Doc extension values must survive spaCy's Doc serialization between processes.
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert list(extract(papers[:16], nlp, n_process=2, batch_size=4)) == single[:16]


def test_parallel_extract_streams_in_input_order(papers: list[Paper], nlp: Language) -> None:
    stream = extract(iter(papers[:10]), nlp, n_process=2, batch_size=3)
    assert [e.paper.id for e in stream] == [p.id for p in papers[:10]]
