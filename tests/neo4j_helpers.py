"""Small hand-built graphs (following kgraph.schema) and database snapshots for Neo4j tests."""

from __future__ import annotations

from typing import Any

import networkx as nx
from neo4j import Driver

from kgraph.schema import PAPER, REPO

# Names that would break a query built by string formatting.
NASTY = [
    "Robert'); MATCH (n) DETACH DELETE n; //",
    'say "hi" \\" }',
    "`backtick` {brace} $param MERGE",
    "RETURN 1 UNION MATCH (n) RETURN n",
    "multi\nline\ttab, comma; semicolon",
    "ünïcödé – 漢字 🙂",
]


def paper(graph: nx.DiGraph, pid: str, title: str, **extra: Any) -> str:
    node = f"paper:{pid}"
    attrs: dict[str, Any] = {
        "kind": PAPER,
        "bipartite": 0,
        "key": pid,
        "title": title,
        "abstract": f"Abstract of {title}.",
        "url": f"https://arxiv.org/abs/{pid}",
        "arxiv_id": pid,
        "date": None,
        "authors": ["Ada Lovelace", "Alan Turing"],
        "categories": ["cs.CL"],
        "sources": [f"corpus.txt:{len(graph) + 1}"],
        "repos": [],
        "links": [],
        "mentions": [{"start": 0, "end": 4, "field": "title", "key": "METHOD:x", "type": "METHOD"}],
    }
    attrs.update(extra)
    graph.add_node(node, **attrs)
    return node


def entity(graph: nx.DiGraph, etype: str, name: str, *aliases: str, key: str = "") -> str:
    key = key or f"{etype}:{''.join(ch for ch in name.lower() if ch.isalnum())}"
    graph.add_node(
        key,
        kind=etype.capitalize(),
        bipartite=1,
        key=key,
        type=etype,
        name=name,
        aliases=list(aliases),
        papers=1,
        proposed_by=0,
    )
    return key


def repo(graph: nx.DiGraph, slug: str) -> str:
    key = f"REPO:{slug.lower()}"
    graph.add_node(
        key,
        kind=REPO,
        bipartite=1,
        key=key,
        name=slug,
        owner=slug.split("/")[0],
        url=f"https://github.com/{slug}",
        papers=1,
    )
    return key


def mention(graph: nx.DiGraph, source: str, target: str, rel: str, **extra: Any) -> None:
    attrs: dict[str, Any] = {
        "rel": rel,
        "surface": graph.nodes[target]["name"],
        "evidence": f"We use {graph.nodes[target]['name']}.",
        "field": "abstract",
        "start": 7,
        "end": 12,
        "count": 1,
        "found_by": ["kgraph_entities"],
    }
    if rel in ("PROPOSES", "USES"):
        attrs["role"] = "proposed" if rel == "PROPOSES" else "used"
    attrs.update(extra)
    graph.add_edge(source, target, **attrs)


def small_graph(first: int = 0, count: int = 3) -> nx.DiGraph:
    """Papers ``first`` .. ``first + count - 1`` with shared entities, a repo and links.

    Graphs with overlapping ranges share nodes, as graphs built from more papers do.
    """
    graph = nx.DiGraph(kgraph_schema=1)
    bert = entity(graph, "METHOD", "BERT", "bert-base")
    squad = entity(graph, "DATASET", "SQuAD", "SQuAD 1.1")
    glue = entity(graph, "BENCHMARK", "GLUE")
    f1 = entity(graph, "METRIC", "F1")
    qa = entity(graph, "TASK", "Question Answering", "QA")
    lora = entity(graph, "TECHNIQUE", "LoRA")
    code = repo(graph, "Google-Research/BERT")
    papers = []
    for i in range(first, first + count):
        p = paper(graph, f"2401.{i:05d}", f"Paper {i} on BERT")
        papers.append(p)
        mention(graph, p, bert, "PROPOSES" if i == 0 else "USES")
        mention(graph, p, squad, "EVALUATES_ON")
        mention(graph, p, glue, "EVALUATES_ON")
        mention(graph, p, f1, "REPORTS")
        mention(graph, p, qa, "ADDRESSES")
        if i % 2 == 0:
            mention(graph, p, lora, "APPLIES")
        if i == 0:
            graph.add_edge(p, code, rel="HAS_CODE", url=graph.nodes[code]["url"])
            graph.add_edge(code, bert, rel="IMPLEMENTS")
    for a, b in zip(papers, papers[1:], strict=False):
        source, target = sorted((a, b))
        graph.add_edge(
            source,
            target,
            rel="SIMILAR_TO",
            weight=3.25,
            shared=[bert, squad],
            shared_names=["BERT", "SQuAD"],
        )
    return graph


def nasty_graph() -> nx.DiGraph:
    """Titles, names, aliases, evidence and keys full of quotes, braces and Cypher keywords."""
    graph = nx.DiGraph(kgraph_schema=1)
    for i, text in enumerate(NASTY):
        p = paper(graph, f"x{i}'\"`{{}}", text, abstract=text, authors=[text, "B"])
        m = entity(graph, "METHOD", text, text, f"alias {i}", key=f"METHOD:{text}")
        mention(graph, p, m, "USES", surface=text, evidence=text)
    return graph


def snapshot(driver: Driver) -> tuple[list[Any], list[Any]]:
    """Every node (labels, properties) and relationship (ends, type, properties), sorted."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.key"
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.key AS a, type(r) AS type, b.key AS b, "
        "properties(r) AS props ORDER BY a, type, b"
    )
    return [tuple(r.values()) for r in nodes], [tuple(r.values()) for r in rels]


def counts(driver: Driver) -> tuple[int, int]:
    """(nodes, relationships) in the database."""
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels"
    )
    return records[0]["nodes"], records[0]["rels"]


def expected_counts(graph: nx.DiGraph) -> tuple[int, int]:
    return graph.number_of_nodes(), graph.number_of_edges()
