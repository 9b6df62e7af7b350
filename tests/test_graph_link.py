"""Graph building and paper-paper linking."""

from __future__ import annotations

import math

import pytest

from kgraph.graph import build_graph
from kgraph.link import add_links, hub_threshold, link_papers, similar_papers
from kgraph.models import EntityType
from kgraph.resolve import resolve
from tests.helpers import extraction, mention

T = EntityType
ALL_TYPES = {t.value for t in EntityType}


def small_graph():  # type: ignore[no-untyped-def]
    extractions = [
        extraction(
            "a",
            mention("a", "QTSeg", role="proposed"),
            mention("a", "COCO", T.DATASET, start=9),
            mention("a", "rareset", T.DATASET, start=20),
            repos=("tpnam/QTSeg",),
        ),
        extraction("b", mention("b", "COCO", T.DATASET), mention("b", "rareset", T.DATASET, start=9)),
        extraction("c", mention("c", "COCO", T.DATASET), mention("c", "accuracy", T.METRIC, start=9)),
    ]
    return build_graph(extractions, resolve(extractions))


def test_graph_has_typed_nodes_and_relations() -> None:
    graph = small_graph()
    assert graph.nodes["paper:a"]["kind"] == "Paper"
    assert graph.nodes["METHOD:qtseg"]["kind"] == "Method"
    assert graph.nodes["DATASET:coco"]["papers"] == 3
    assert graph.edges["paper:a", "METHOD:qtseg"]["rel"] == "PROPOSES"
    assert graph.edges["paper:a", "DATASET:coco"]["rel"] == "EVALUATES_ON"
    assert graph.edges["paper:c", "METRIC:accuracy"]["rel"] == "REPORTS"
    assert graph.edges["paper:a", "REPO:tpnam/qtseg"]["rel"] == "HAS_CODE"
    assert graph.edges["REPO:tpnam/qtseg", "METHOD:qtseg"]["rel"] == "IMPLEMENTS"
    assert graph.edges["paper:a", "DATASET:coco"]["evidence"] == "A sentence with COCO."


def test_link_weights_rare_entities_over_common_ones() -> None:
    graph = small_graph()
    links = {
        (link.source, link.target): link for link in similar_papers(graph, types=ALL_TYPES, min_weight=0)
    }
    ab, ac = links[("paper:a", "paper:b")], links[("paper:a", "paper:c")]
    assert ab.shared == ("DATASET:rareset", "DATASET:coco")  # rarest first
    assert ab.weight == pytest.approx(round(math.log(3 / 2) + math.log(3 / 3), 4))
    assert ab.weight > ac.weight


def test_link_ignores_hubs_and_caps_links_per_paper() -> None:
    hub = [extraction(f"p{i:02d}", mention(f"p{i:02d}", "everywhere", T.TASK)) for i in range(30)]
    graph = build_graph(hub, resolve(hub))
    assert hub_threshold(30, max_share=0.05, max_papers=1000) == 20
    assert similar_papers(graph, types=ALL_TYPES, min_weight=0) == []
    pairs = [extraction(f"q{i}", mention(f"q{i}", "Shared", T.DATASET)) for i in range(8)]
    graph = build_graph(pairs, resolve(pairs))
    links = similar_papers(graph, types=ALL_TYPES, max_links=2, max_share=1.0, min_weight=0)
    for paper in (f"paper:q{i}" for i in range(8)):
        chosen = [link for link in links if paper in (link.source, link.target)]
        assert len(chosen) >= 1
    assert len(links) <= 8 * 2


def test_link_papers_returns_a_new_graph_with_explained_links() -> None:
    graph = small_graph()
    links = similar_papers(graph, types=ALL_TYPES, min_weight=0)
    linked = link_papers(graph, links)
    assert not any(d["rel"] == "SIMILAR_TO" for *_, d in graph.edges(data=True))
    edge = linked.edges["paper:a", "paper:b"]
    assert edge["rel"] == "SIMILAR_TO" and edge["shared_names"] == ["rareset", "COCO"]


def test_link_min_weight_and_types_filter() -> None:
    graph = small_graph()
    assert similar_papers(graph, types={"METRIC"}, min_weight=0) == []
    assert all(link.weight >= 0.4 for link in similar_papers(graph, types=ALL_TYPES, min_weight=0.4))


def test_link_on_corpus_is_explained_and_bounded(corpus_graph) -> None:  # type: ignore[no-untyped-def]
    links = [(s, t, d) for s, t, d in corpus_graph.edges(data=True) if d["rel"] == "SIMILAR_TO"]
    assert links
    for source, target, data in links:
        assert source < target and data["shared"] and data["weight"] > 0
        for key in data["shared"]:
            assert corpus_graph.has_edge(source, key) and corpus_graph.has_edge(target, key)


def test_add_links_is_deterministic() -> None:
    first, second = small_graph(), small_graph()
    for graph in (first, second):
        add_links(graph, similar_papers(graph, types=ALL_TYPES, min_weight=0))
    assert list(first.edges(data=True)) == list(second.edges(data=True))
