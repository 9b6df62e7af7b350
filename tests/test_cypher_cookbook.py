"""Every query in docs/cypher.md runs on the corpus graph in a real Neo4j, and its result is
checked against the same answer computed from the networkx graph."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from neo4j import Driver

from kgraph.export.neo4j_writer import write_neo4j
from kgraph.schema import (
    EVALUATES_ON,
    HAS_CODE,
    IMPLEMENTS,
    PAPER,
    PROPOSES,
    REPO,
    SIMILAR_TO,
    USES,
)
from tests.plugins.neo4j_server import wipe

pytestmark = pytest.mark.neo4j

COOKBOOK = Path(__file__).resolve().parent.parent / "docs" / "cypher.md"
MENTION_RELS = ("PROPOSES", "USES", "EVALUATES_ON", "REPORTS", "ADDRESSES", "APPLIES")
ENTITY_KINDS = ("Method", "Dataset", "Benchmark", "Metric", "Task", "Technique")


@dataclass(frozen=True)
class Recipe:
    name: str
    text: str
    params: dict[str, Any]


def read_cookbook() -> list[Recipe]:
    recipes = []
    for block in re.findall(r"```cypher\n(.*?)```", COOKBOOK.read_text(encoding="utf-8"), re.S):
        name = re.search(r"^// query: (\S+)$", block, re.M)
        assert name, f"cypher block without a '// query: NAME' line:\n{block}"
        params = re.search(r"^// params: (.*)$", block, re.M)
        recipes.append(Recipe(name.group(1), block, json.loads(params.group(1)) if params else {}))
    return recipes


RECIPES = {recipe.name: recipe for recipe in read_cookbook()}
Run = Callable[..., list[dict[str, Any]]]


# ----------------------------------------------------------------------------- graph helpers


def kind(graph: nx.DiGraph, node: str) -> str:
    return str(graph.nodes[node]["kind"])


def key(graph: nx.DiGraph, node: str) -> str:
    return str(graph.nodes[node]["key"])


def mentions(
    graph: nx.DiGraph, rels: tuple[str, ...] = MENTION_RELS
) -> list[tuple[str, str, dict[str, Any]]]:
    return [(u, v, d) for u, v, d in graph.edges(data=True) if d["rel"] in rels]


def papers_of(graph: nx.DiGraph, entity: str, rels: tuple[str, ...] = MENTION_RELS) -> set[str]:
    return {u for u, _, d in graph.in_edges(entity, data=True) if d["rel"] in rels}


def entities_of(graph: nx.DiGraph, paper: str) -> set[str]:
    return {v for _, v, d in graph.out_edges(paper, data=True) if d["rel"] in MENTION_RELS}


def top_method(graph: nx.DiGraph) -> str:
    counts = Counter(v for _, v, _ in mentions(graph, (PROPOSES, USES)))
    return min(counts, key=lambda m: (-counts[m], m))


def node_by_key(graph: nx.DiGraph, label: str, value: str) -> str:
    return next(n for n, d in graph.nodes(data=True) if d["kind"] == label and d["key"] == value)


def ranked(rows: list[dict[str, Any]], count: str, limit: int | None = None) -> list[dict[str, Any]]:
    rows = sorted(rows, key=lambda r: (-r[count], r["key"]))
    return rows[:limit] if limit else rows


# ----------------------------------------------------------------------------- checks


def check_propose_vs_use(graph: nx.DiGraph, run: Run) -> None:
    rels: dict[str, Counter[str]] = defaultdict(Counter)
    for _, m, d in mentions(graph, (PROPOSES, USES)):
        rels[m][d["rel"]] += 1
    method = min((m for m in rels if len(rels[m]) == 2), key=lambda m: (-rels[m].total(), m))
    expected = sorted(
        (
            {"relation": d["rel"], "paper": key(graph, u), "title": graph.nodes[u]["title"]}
            for u, _, d in graph.in_edges(method, data=True)
            if d["rel"] in (PROPOSES, USES)
        ),
        key=lambda r: (r["relation"], r["paper"]),
    )
    assert {r["relation"] for r in expected} == {PROPOSES, USES}, "pick a method both proposed and used"
    assert run(method=key(graph, method)) == expected


def check_top_methods(graph: nx.DiGraph, run: Run) -> None:
    rels = defaultdict(list)
    for _, v, d in mentions(graph, (PROPOSES, USES)):
        rels[v].append(d["rel"])
    expected = ranked(
        [
            {
                "key": key(graph, m),
                "method": graph.nodes[m]["name"],
                "papers": len(r),
                "proposing": r.count(PROPOSES),
            }
            for m, r in rels.items()
        ],
        "papers",
        10,
    )
    assert len(expected) == 10
    assert run(limit=10) == expected


def check_top_datasets_benchmarks(graph: nx.DiGraph, run: Run) -> None:
    counts = Counter(v for _, v, _ in mentions(graph, (EVALUATES_ON,)))
    expected = ranked(
        [
            {"kind": kind(graph, d), "key": key(graph, d), "name": graph.nodes[d]["name"], "papers": n}
            for d, n in counts.items()
        ],
        "papers",
        10,
    )
    assert run(limit=10) == expected


def check_methods_on_benchmark(graph: nx.DiGraph, run: Run) -> None:
    counts = Counter(v for _, v, _ in mentions(graph, (EVALUATES_ON,)))
    if not counts:  # the corpus graph has no datasets or benchmarks yet: nothing may match
        assert run(benchmark="BENCHMARK:none") == []
        return
    target = min(counts, key=lambda d: (-counts[d], d))
    per_method: dict[str, set[str]] = defaultdict(set)
    for paper in papers_of(graph, target, (EVALUATES_ON,)):
        for _, m, d in graph.out_edges(paper, data=True):
            if d["rel"] in (PROPOSES, USES):
                per_method[m].add(paper)
    expected = ranked(
        [
            {"key": key(graph, m), "method": graph.nodes[m]["name"], "papers": len(p)}
            for m, p in per_method.items()
        ],
        "papers",
    )
    assert run(benchmark=key(graph, target)) == expected


def _code_rows(graph: nx.DiGraph, method: str) -> list[dict[str, Any]]:
    rows = []
    for paper, _, d in graph.in_edges(method, data=True):
        if d["rel"] not in (PROPOSES, USES):
            continue
        for _, repo, e in graph.out_edges(paper, data=True):
            if e["rel"] == HAS_CODE:
                rows.append(
                    {
                        "paper": key(graph, paper),
                        "title": graph.nodes[paper]["title"],
                        "relation": d["rel"],
                        "repo": graph.nodes[repo]["name"],
                        "url": graph.nodes[repo]["url"],
                    }
                )
    return sorted(rows, key=lambda r: (r["paper"], r["repo"]))


def check_papers_with_code(graph: nx.DiGraph, run: Run) -> None:
    methods = sorted({v for _, v, _ in mentions(graph, (PROPOSES, USES))})
    method = max(methods, key=lambda m: (len(_code_rows(graph, m)), m))
    expected = _code_rows(graph, method)
    assert expected
    assert run(method=key(graph, method)) == expected


def check_repos_implementing(graph: nx.DiGraph, run: Run) -> None:
    implemented = Counter(v for _, v, d in graph.edges(data=True) if d["rel"] == IMPLEMENTS)
    method = min(implemented, key=lambda m: (-implemented[m], m))
    expected = []
    for repo, _, d in graph.in_edges(method, data=True):
        if d["rel"] == IMPLEMENTS:
            papers = sorted(
                key(graph, p) for p, _, e in graph.in_edges(repo, data=True) if e["rel"] == HAS_CODE
            )
            expected.append(
                {"repo": graph.nodes[repo]["name"], "url": graph.nodes[repo]["url"], "papers": papers}
            )
    got = [{**row, "papers": sorted(row["papers"])} for row in run(method=key(graph, method))]
    assert got == sorted(expected, key=lambda r: r["repo"])


def _cooccurring(graph: nx.DiGraph, entity: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for paper in papers_of(graph, entity):
        counts.update(entities_of(graph, paper) - {entity})
    return counts


def check_cooccurring(graph: nx.DiGraph, run: Run) -> None:
    entity = top_method(graph)
    counts = _cooccurring(graph, entity)
    expected = ranked(
        [
            {"kind": kind(graph, o), "key": key(graph, o), "name": graph.nodes[o]["name"], "papers": n}
            for o, n in counts.items()
        ],
        "papers",
        10,
    )
    assert len(expected) == 10
    assert run(entity=key(graph, entity), limit=10) == expected


def _similar(graph: nx.DiGraph, paper: str) -> list[tuple[str, dict[str, Any]]]:
    out = [(v, d) for _, v, d in graph.out_edges(paper, data=True) if d["rel"] == SIMILAR_TO]
    return out + [(u, d) for u, _, d in graph.in_edges(paper, data=True) if d["rel"] == SIMILAR_TO]


def check_similar_papers(graph: nx.DiGraph, run: Run) -> None:
    papers = sorted(n for n, k in graph.nodes(data="kind") if k == PAPER)
    paper = max(papers, key=lambda p: (len(_similar(graph, p)), p))
    expected = sorted(
        (
            {
                "paper": key(graph, o),
                "title": graph.nodes[o]["title"],
                "weight": d["weight"],
                "shared": d["shared_names"],
            }
            for o, d in _similar(graph, paper)
        ),
        key=lambda r: (-r["weight"], r["paper"]),
    )
    assert len(expected) >= 2
    assert run(paper=key(graph, paper)) == expected


def check_shortest_path(graph: nx.DiGraph, run: Run) -> None:
    bipartite = nx.Graph()
    bipartite.add_edges_from((u, v) for u, v, _ in mentions(graph))
    source = max(
        (n for n, k in graph.nodes(data="kind") if k == PAPER and n in bipartite),
        key=lambda p: (bipartite.degree(p), p),
    )
    distances = nx.single_source_shortest_path_length(bipartite, source, cutoff=10)
    target = max((n for n in distances if kind(graph, n) == PAPER), key=lambda n: (distances[n], n))
    assert distances[target] >= 4, "pick papers linked through at least two entities"
    [row] = run(**{"from": key(graph, source), "to": key(graph, target)})
    assert row["hops"] == distances[target]
    nodes = {key(graph, n): n for n in graph if n in bipartite}
    path = [nodes[k] for k in row["keys"]]
    assert path[0] == source and path[-1] == target
    assert all(bipartite.has_edge(a, b) for a, b in zip(path, path[1:], strict=False))
    assert row["steps"] == [graph.nodes[n].get("title", graph.nodes[n].get("name")) for n in path]


def _tokens(graph: nx.DiGraph, node: str) -> set[str]:
    data = graph.nodes[node]
    texts = [data.get("title") or "", data.get("name") or "", *data.get("aliases", [])]
    return set(re.findall(r"[^\W_]+", " ".join(texts).lower()))


def check_fulltext(graph: nx.DiGraph, run: Run) -> None:
    tokens = {n: _tokens(graph, n) for n in graph}
    frequency = Counter(t for ts in tokens.values() for t in ts)
    rare = next(
        (t, n)
        for n in sorted(n for n in graph if kind(graph, n) in ENTITY_KINDS)
        for t in sorted(tokens[n])
        if t.isalpha() and len(t) >= 6 and frequency[t] == 1
    )
    assert [r["key"] for r in run(text=rare[0], limit=10)] == [key(graph, rare[1])]
    common = "token"
    hits = run(text=common, limit=10)
    assert len(hits) == min(10, frequency[common])
    assert all(common in tokens[node_by_key(graph, r["kind"], r["key"])] for r in hits)
    assert [r["score"] for r in hits] == sorted((r["score"] for r in hits), reverse=True)


def check_entity_by_alias(graph: nx.DiGraph, run: Run) -> None:
    entity = max(
        (n for n in graph if kind(graph, n) in ENTITY_KINDS),
        key=lambda n: (len(graph.nodes[n]["aliases"]), n),
    )
    alias = next(a for a in sorted(graph.nodes[entity]["aliases"]) if a != graph.nodes[entity]["name"])
    expected = sorted(
        (
            {"kind": kind(graph, n), "key": key(graph, n), "name": d["name"], "aliases": d["aliases"] or None}
            for n, d in graph.nodes(data=True)
            if d["kind"] in ENTITY_KINDS and (d["name"] == alias or alias in d["aliases"])
        ),
        key=lambda r: r["key"],
    )
    assert key(graph, entity) in [r["key"] for r in expected]
    assert run(name=alias) == expected


def check_repos_per_owner(graph: nx.DiGraph, run: Run) -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for _, d in graph.nodes(data=True):
        if d["kind"] == REPO:
            owners[d["owner"].lower()].append(d["name"])
    expected = sorted(
        ({"owner": o, "repos": len(n), "names": sorted(n)} for o, n in owners.items()),
        key=lambda r: (-r["repos"], r["owner"]),
    )
    assert expected
    assert [{**r, "names": sorted(r["names"])} for r in run()] == expected


def check_paper_evidence(graph: nx.DiGraph, run: Run) -> None:
    papers = sorted(n for n, k in graph.nodes(data="kind") if k == PAPER)
    paper = max(papers, key=lambda p: (len(entities_of(graph, p)), p))
    edges = [(v, d) for _, v, d in graph.out_edges(paper, data=True) if d["rel"] in MENTION_RELS]
    edges.sort(key=lambda e: (e[1]["field"] != "title", e[1]["start"], key(graph, e[0])))
    expected = [
        {"relation": d["rel"], "key": key(graph, v), "surface": d["surface"], "evidence": d["evidence"]}
        for v, d in edges
    ]
    assert len(expected) >= 3
    assert run(paper=key(graph, paper)) == expected


def check_papers_with_both(graph: nx.DiGraph, run: Run) -> None:
    first = top_method(graph)
    counts = _cooccurring(graph, first)
    second = min(counts, key=lambda o: (-counts[o], o))
    both = papers_of(graph, first) & papers_of(graph, second)
    expected = sorted(
        ({"paper": key(graph, p), "title": graph.nodes[p]["title"]} for p in both), key=lambda r: r["paper"]
    )
    assert len(expected) == counts[second] >= 2
    assert run(first=key(graph, first), second=key(graph, second)) == expected


def check_overview(graph: nx.DiGraph, run: Run) -> None:
    nodes = Counter(k for _, k in graph.nodes(data="kind"))
    rels = Counter(r for *_, r in graph.edges(data="rel"))
    got = {(r["what"], r["name"]): r["count"] for r in run()}
    expected = {("node", k): n for k, n in nodes.items()} | {("relationship", k): n for k, n in rels.items()}
    assert got == expected


CHECKS: dict[str, Callable[[nx.DiGraph, Run], None]] = {
    "propose-vs-use": check_propose_vs_use,
    "top-methods": check_top_methods,
    "top-datasets-benchmarks": check_top_datasets_benchmarks,
    "methods-on-benchmark": check_methods_on_benchmark,
    "papers-with-code": check_papers_with_code,
    "repos-implementing": check_repos_implementing,
    "cooccurring": check_cooccurring,
    "similar-papers": check_similar_papers,
    "shortest-path": check_shortest_path,
    "fulltext": check_fulltext,
    "entity-by-alias": check_entity_by_alias,
    "repos-per-owner": check_repos_per_owner,
    "paper-evidence": check_paper_evidence,
    "papers-with-both": check_papers_with_both,
    "overview": check_overview,
}


# ----------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def corpus_db(neo4j_driver: Driver, neo4j_corpus_graph: nx.DiGraph) -> Driver:
    """The session server holding exactly the corpus graph (loaded once for this module)."""
    wipe(neo4j_driver)
    write_neo4j(neo4j_corpus_graph, neo4j_driver)
    return neo4j_driver


def runner(driver: Driver, recipe: Recipe) -> Run:
    def run(**params: Any) -> list[dict[str, Any]]:
        records, _, _ = driver.execute_query(recipe.text, params)
        return [record.data() for record in records]

    return run


def test_cookbook_has_a_check_per_query() -> None:
    assert len(RECIPES) >= 12
    assert len(RECIPES) == len(read_cookbook()), "query names must be unique"
    assert set(RECIPES) == set(CHECKS)


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_cookbook_documents_its_parameters(name: str) -> None:
    recipe = RECIPES[name]
    used = set(re.findall(r"\$(\w+)", recipe.text))
    assert used == set(recipe.params), f"{name}: '// params:' must give every $parameter"


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_cookbook_query_runs_with_documented_parameters(corpus_db: Driver, name: str) -> None:
    runner(corpus_db, RECIPES[name])(**RECIPES[name].params)


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_cookbook_query_result(corpus_db: Driver, neo4j_corpus_graph: nx.DiGraph, name: str) -> None:
    CHECKS[name](neo4j_corpus_graph, runner(corpus_db, RECIPES[name]))
