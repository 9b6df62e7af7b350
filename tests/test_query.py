"""The analytics API on the corpus graph."""

from __future__ import annotations

import pytest

import kgraph
from kgraph.query import NotFound


def test_query_top_entities_are_sorted_by_papers(corpus_graph) -> None:  # type: ignore[no-untyped-def]
    top = kgraph.top_entities(corpus_graph, limit=5)
    assert len(top) == 5 and [t.count for t in top] == sorted((t.count for t in top), reverse=True)
    datasets = kgraph.top_entities(corpus_graph, entity_type="dataset", limit=3)
    assert all(t.type == "DATASET" for t in datasets)
    with pytest.raises(kgraph.KgraphError, match="Valid types"):
        kgraph.top_entities(corpus_graph, entity_type="gadget")


def test_query_find_entity_by_alias_case_insensitively(corpus_graph) -> None:  # type: ignore[no-untyped-def]
    key = kgraph.find_entity(corpus_graph, "vision transformer")
    assert kgraph.find_entity(corpus_graph, "ViT") == key
    with pytest.raises(NotFound):
        kgraph.find_entity(corpus_graph, "no such thing at all")


def test_query_papers_with_entity_and_cooccurrence(corpus_graph) -> None:  # type: ignore[no-untyped-def]
    hits = kgraph.papers_with_entity(corpus_graph, "ViT")
    assert len(hits) == corpus_graph.nodes[kgraph.find_entity(corpus_graph, "ViT")]["papers"]
    assert all(h.evidence for h in hits)
    together = kgraph.cooccurring_entities(corpus_graph, "ViT", limit=5)
    assert together and all(c.count <= len(hits) for c in together)


def test_query_similar_papers_explains_each_link(corpus_graph) -> None:  # type: ignore[no-untyped-def]
    source, target, data = next(
        (s, t, d) for s, t, d in corpus_graph.edges(data=True) if d["rel"] == "SIMILAR_TO"
    )
    similar = kgraph.similar_papers_to(corpus_graph, corpus_graph.nodes[source]["key"])
    match = next(s for s in similar if s.paper_id == corpus_graph.nodes[target]["key"])
    assert match.weight == data["weight"] and match.shared == tuple(data["shared_names"])
    by_title = kgraph.similar_papers_to(corpus_graph, corpus_graph.nodes[source]["title"])
    assert by_title == similar


def test_query_communities_are_deterministic(corpus_graph) -> None:  # type: ignore[no-untyped-def]
    first = kgraph.communities(corpus_graph)
    assert first == kgraph.communities(corpus_graph)
    assert first and all(len(c.papers) >= 3 and c.top_entities for c in first)
    papers = [p for c in first for p in c.papers]
    assert len(papers) == len(set(papers))
