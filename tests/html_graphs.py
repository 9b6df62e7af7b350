"""Hand-made graphs in the shape of kgraph/schema.py for the HTML explorer tests."""

from __future__ import annotations

from typing import Any

import networkx as nx

XSS_TITLE = '<img src=x onerror="window.__pwned=1">'
XSS_NAME = "<script>window.__pwned=2</script>"
XSS_ABSTRACT = (
    'We use </script><script>window.__pwned=3</script> and <b onmouseover="window.__pwned=4">X</b>.'
)
XSS_LINK = "javascript:window.__pwned=5"


def add_paper(graph: nx.DiGraph, key: str, title: str, abstract: str = "", **attrs: Any) -> str:
    node = f"paper:{key}"
    graph.add_node(
        node,
        kind="Paper",
        bipartite=0,
        key=key,
        title=title,
        abstract=abstract or f"The abstract of {title}.",
        url=attrs.pop("url", f"https://example.org/{key}"),
        arxiv_id="",
        date="2024-01-01",
        authors=[],
        categories=[],
        sources=[],
        repos=attrs.pop("repos", []),
        links=attrs.pop("links", []),
        mentions=attrs.pop("mentions", []),
        **attrs,
    )
    return node


def add_entity(graph: nx.DiGraph, entity_type: str, key: str, name: str, aliases: list[str]) -> str:
    node = f"{entity_type}:{key}"
    graph.add_node(
        node,
        kind=entity_type.capitalize(),
        bipartite=1,
        key=node,
        type=entity_type,
        name=name,
        aliases=aliases,
        papers=1,
        proposed_by=0,
    )
    return node


def small_graph() -> nx.DiGraph:
    """Two papers sharing BERT, one dataset, one repo and a paper link."""
    g = nx.DiGraph()
    abstract = "We fine-tune BERT on SQuAD."
    a = add_paper(
        g,
        "a",
        "Paper A: fine-tuning",
        abstract,
        repos=["owner/repo-a"],
        mentions=[
            {"start": 13, "end": 17, "field": "abstract", "key": "METHOD:bert", "type": "METHOD"},
            {"start": 21, "end": 26, "field": "abstract", "key": "DATASET:squad", "type": "DATASET"},
        ],
    )
    b = add_paper(g, "b", "Paper B")
    bert = add_entity(g, "METHOD", "bert", "BERT", ["BERT", "Bidirectional Encoder Representations"])
    squad = add_entity(g, "DATASET", "squad", "SQuAD", ["SQuAD"])
    g.add_node(
        "REPO:owner/repo-a",
        kind="Repo",
        bipartite=1,
        key="REPO:owner/repo-a",
        name="owner/repo-a",
        owner="owner",
        url="https://github.com/owner/repo-a",
        papers=1,
    )
    g.add_edge(a, bert, rel="PROPOSES", role="proposed")
    g.add_edge(b, bert, rel="USES", role="used")
    g.add_edge(a, squad, rel="EVALUATES_ON")
    g.add_edge(a, "REPO:owner/repo-a", rel="HAS_CODE", url="https://github.com/owner/repo-a")
    g.add_edge("REPO:owner/repo-a", bert, rel="IMPLEMENTS")
    g.add_edge(a, b, rel="SIMILAR_TO", weight=2.5, shared=[bert], shared_names=["BERT"])
    return g


def xss_graph() -> nx.DiGraph:
    """A graph whose text tries to inject markup and script links everywhere."""
    g = small_graph()
    evil = add_paper(
        g,
        "evil",
        XSS_TITLE,
        XSS_ABSTRACT,
        url=XSS_LINK,
        links=[XSS_LINK, "data:text/html,<script>window.__pwned=6</script>", "https://example.org/ok"],
        repos=['x"><img src=y onerror=window.__pwned=7>/r'],
        mentions=[{"start": 7, "end": 16, "field": "abstract", "key": "METHOD:evil", "type": "METHOD"}],
    )
    bad = add_entity(g, "METHOD", "evil", XSS_NAME, [XSS_TITLE, "</script><script>window.__pwned=8</script>"])
    g.add_edge(evil, bad, rel="USES", role="used")
    g.add_edge("paper:a", evil, rel="SIMILAR_TO", weight=1.0, shared=[bad], shared_names=[XSS_NAME])
    return g
