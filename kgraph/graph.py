"""Build the bipartite knowledge graph: papers, entities and repos (see kgraph.schema)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from kgraph.models import EntityType, PaperExtraction, Repo
from kgraph.resolve import Resolution
from kgraph.schema import HAS_CODE, IMPLEMENTS, PAPER, REPO, paper_node, relation_for


def build_graph(
    extractions: Iterable[PaperExtraction], resolution: Resolution, *, consume: bool = False
) -> nx.DiGraph:
    """A new DiGraph with a node per paper, entity and repo, and a typed edge per relation.

    Nodes and edges are added in sorted order so that exports are deterministic. With
    ``consume``, each paper's groups are removed from ``resolution.paper_entities`` as soon as
    its edges are in the graph, so the two never both exist in full (the build's peak memory).
    """
    extractions = sorted(extractions, key=lambda e: e.paper.id)
    graph = nx.DiGraph(kgraph_schema=1)
    paper_counts: Counter[str] = Counter()
    proposed_counts: Counter[str] = Counter()
    repo_counts: Counter[str] = Counter()
    repos: dict[str, Repo] = {}
    for extraction in extractions:
        for key, group in resolution.paper_entities.get(extraction.paper.id, []):
            paper_counts[key] += 1
            proposed_counts[key] += group.role == "proposed"
        for repo in extraction.repos:
            repos[repo.key] = repos.get(repo.key, repo)
            repo_counts[repo.key] += 1
    for extraction in extractions:
        _add_paper(graph, extraction, resolution)
    for key, entity in resolution.entities.items():
        if paper_counts[key]:
            graph.add_node(
                key,
                kind=entity.type.label,
                bipartite=1,
                key=key,
                type=entity.type.value,
                name=entity.name,
                aliases=list(entity.aliases),
                papers=paper_counts[key],
                proposed_by=proposed_counts[key],
            )
    for key in sorted(repos):
        repo = repos[key]
        graph.add_node(
            key,
            kind=REPO,
            bipartite=1,
            key=key,
            name=repo.slug,
            owner=repo.owner,
            url=repo.url,
            papers=repo_counts[key],
        )
    for extraction in extractions:
        _add_paper_edges(graph, extraction, resolution)
        if consume:
            resolution.paper_entities.pop(extraction.paper.id, None)
    return graph


def _add_paper(graph: nx.DiGraph, extraction: PaperExtraction, resolution: Resolution) -> None:
    paper = extraction.paper
    title_offset = len(paper.title) + 1
    mentions = []
    for key, group in resolution.paper_entities.get(paper.id, []):
        for mention in group.mentions:
            start = mention.start if mention.field == "title" else mention.start - title_offset
            mentions.append(
                {
                    "start": start,
                    "end": start + (mention.end - mention.start),
                    "field": mention.field,
                    "key": key,
                    "type": mention.type.value,
                }
            )
    mentions.sort(key=lambda m: (m["field"] != "title", m["start"], m["end"], m["key"]))
    attributes = {
        "kind": PAPER,
        "bipartite": 0,
        "key": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "url": paper.url,
        "arxiv_id": paper.arxiv_id,
        "date": paper.date,
        "authors": list(paper.authors),
        "categories": list(paper.categories),
        "sources": list(paper.sources),
        "repos": [repo.slug for repo in extraction.repos],
        "links": [link.url for link in extraction.links if link.repo is None],
        "mentions": mentions,
    }
    graph.add_node(paper_node(paper.id), **{k: v for k, v in attributes.items() if v is not None})


def _add_paper_edges(graph: nx.DiGraph, extraction: PaperExtraction, resolution: Resolution) -> None:
    source = paper_node(extraction.paper.id)
    proposed = []
    for key, group in resolution.paper_entities.get(extraction.paper.id, []):
        first = group.mentions[0]
        attributes = {
            "rel": relation_for(group.type, group.role),
            "surface": first.text,
            "evidence": first.sentence,
            "field": first.field,
            "start": first.start,
            "end": first.end,
            "count": len(group.mentions),
            "found_by": sorted({m.found_by for m in group.mentions}),
        }
        if group.type is EntityType.METHOD:
            attributes["role"] = group.role
            if group.role == "proposed":
                proposed.append(key)
        graph.add_edge(source, key, **attributes)
    for repo in extraction.repos:
        link = next(link for link in extraction.links if link.repo == repo)
        graph.add_edge(source, repo.key, rel=HAS_CODE, url=link.url)
        for key in proposed:
            graph.add_edge(repo.key, key, rel=IMPLEMENTS)
