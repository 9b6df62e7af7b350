"""Write and read the graph as files: node-link JSON, GraphML and CSV tables.

GraphML has no list type, so list and dict attributes are written as JSON text
and their names recorded in the graph attribute ``json_attributes``;
:func:`read_graph` decodes them, so lists survive the round trip.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import orjson

from kgraph.errors import ExportError, InputError
from kgraph.export.atomic import atomic_write
from kgraph.schema import PAPER, REPO

_SORTED = orjson.OPT_SORT_KEYS


def _json(value: Any) -> str:
    """Compact JSON text with sorted keys (orjson: about 4x faster than ``json`` here)."""
    return orjson.dumps(value, option=_SORTED).decode("utf-8")


def write_json(graph: nx.DiGraph, path: str | Path) -> Path:
    """Write node-link JSON (``edges`` key), one node or edge per line, keys sorted.

    Streamed item by item, so no second copy of the graph is built in memory
    (``nx.node_link_data`` would copy every attribute); ``nx.node_link_graph``
    and :func:`read_graph` read it back.

    Raises:
        ExportError: an attribute value JSON cannot hold (only plain data is stored).
    """
    dump = orjson.dumps
    try:
        with atomic_write(path, mode="wb") as stream:
            stream.write(b'{"directed":true,"multigraph":false,"graph":' + dump(graph.graph, option=_SORTED))
            stream.write(b',\n"nodes":[')
            separator = b"\n"
            for node, data in graph.nodes(data=True):
                stream.write(separator + dump({**data, "id": node}, option=_SORTED))
                separator = b",\n"
            stream.write(b'\n],\n"edges":[')
            separator = b"\n"
            for source, target, data in graph.edges(data=True):
                stream.write(separator + dump({**data, "source": source, "target": target}, option=_SORTED))
                separator = b",\n"
            stream.write(b"\n]}\n")
    except orjson.JSONEncodeError as error:
        raise ExportError(f"{path}: cannot write the graph as JSON ({error})") from None
    return Path(path)


def write_graphml(graph: nx.DiGraph, path: str | Path) -> Path:
    """Write GraphML with list/dict attributes encoded as JSON text, streamed.

    The document is written element by element (as ``nx.write_graphml`` would
    lay it out, with attribute names as key ids), so memory does not grow with
    the graph: networkx's writer builds the whole XML tree and its text first,
    several times the graph's own size.
    """
    json_attributes: set[str] = set()
    keys: dict[tuple[str, str, str], None] = {}  # (scope, name, GraphML type), first seen first
    graph_data = {k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float))}
    for scope, items in (("node", graph.nodes(data=True)), ("edge", graph.edges(data=True))):
        seen: set[tuple[str, type]] = set()
        for *_, data in items:
            for name, value in data.items():
                if value is not None and (name, type(value)) not in seen:
                    seen.add((name, type(value)))
                    keys[(scope, name, _graphml_type(value, json_attributes, name))] = None
    graph_data["json_attributes"] = json.dumps(sorted(json_attributes))
    for name, value in graph_data.items():
        keys[("graph", name, _graphml_type(value, json_attributes, name))] = None
    with atomic_write(path) as stream:
        stream.write(_GRAPHML_HEADER)
        for scope, name, kind in keys:
            stream.write(f'  <key id={quoteattr(name)} for="{scope}" attr.name={quoteattr(name)} ')
            stream.write(f'attr.type="{kind}" />\n')
        stream.write('  <graph edgedefault="directed">\n')
        stream.write(_graphml_data(graph_data, "    "))
        ids: dict[Any, str] = {}  # each node id is quoted once, though edges repeat it
        for node, data in graph.nodes(data=True):
            ids[node] = quoted = _quote(str(node))
            stream.write(f"    <node id={quoted}>\n{_graphml_data(data, '      ')}    </node>\n")
        for source, target, data in graph.edges(data=True):
            stream.write(
                f"    <edge source={ids[source]} target={ids[target]}>\n"
                f"{_graphml_data(data, '      ')}    </edge>\n"
            )
        stream.write("  </graph>\n</graphml>\n")
    return Path(path)


_GRAPHML_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _graphml_type(value: Any, json_attributes: set[str], name: str) -> str:
    if isinstance(value, (list, dict, tuple)):
        json_attributes.add(name)
        return "string"
    try:
        return _GRAPHML_TYPES[type(value)]
    except KeyError:
        raise TypeError(f"GraphML does not support type {type(value)} as data values.") from None


def _graphml_data(data: dict[str, Any], indent: str) -> str:
    parts = []
    for name, value in data.items():
        if value is None:
            continue
        if type(value) is not str:
            value = _json(value) if isinstance(value, (list, dict, tuple)) else str(value)
        if "&" in value or "<" in value or ">" in value:  # most values need no escaping
            value = escape(value)
        parts.append(f"{indent}{_data_open(name)}{value}</data>\n")
    return "".join(parts)


_ATTRIBUTE_SPECIALS = re.compile(r'[&<>"\n\r\t]')


def _quote(value: str) -> str:
    """``quoteattr(value)``, with a fast path for the usual value that needs no escaping."""
    return quoteattr(value) if _ATTRIBUTE_SPECIALS.search(value) else f'"{value}"'


@functools.cache
def _data_open(name: str) -> str:
    return f"<data key={quoteattr(name)}>"


def read_graph(path: str | Path) -> nx.DiGraph:
    """Load a graph written by :func:`write_json` or :func:`write_graphml`.

    Raises:
        InputError: when the file is missing or is not a kgraph graph.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "graph.json"
    if not path.is_file():
        raise InputError(str(path), "no graph file here", "Run `kgraph build INPUT --out DIR` first.")
    try:
        if path.suffix.lower() == ".graphml":
            return _read_graphml(path)
        with path.open(encoding="utf-8") as stream:
            data = json.load(stream)
        graph = nx.node_link_graph(data, directed=True, multigraph=False, edges="edges")
    except (json.JSONDecodeError, nx.NetworkXError, KeyError, UnicodeDecodeError) as error:
        raise InputError(
            str(path), f"is not a kgraph graph file ({error})", "Rebuild it with `kgraph build`."
        ) from None
    assert isinstance(graph, nx.DiGraph)
    return graph


def _read_graphml(path: Path) -> nx.DiGraph:
    raw = nx.read_graphml(path)
    names = set(json.loads(raw.graph.pop("json_attributes", "[]")))
    graph = nx.DiGraph(**raw.graph)
    for node, data in raw.nodes(data=True):
        graph.add_node(node, **{k: json.loads(v) if k in names else v for k, v in data.items()})
    for source, target, data in raw.edges(data=True):
        graph.add_edge(source, target, **{k: json.loads(v) if k in names else v for k, v in data.items()})
    return graph


TABLE_COLUMNS: dict[str, list[str]] = {
    "papers": ["node", "id", "title", "url", "arxiv_id", "repos", "sources", "abstract"],
    "entities": ["key", "type", "name", "aliases", "papers", "proposed_by"],
    "repos": ["key", "name", "owner", "url", "papers"],
    "relations": ["source", "rel", "target", "role", "surface", "evidence"],
    "paper_links": ["source", "target", "weight", "shared", "shared_names"],
    "aliases": ["alias", "key"],
}


def write_tables(graph: nx.DiGraph, folder: str | Path, aliases: list[tuple[str, str]]) -> list[Path]:
    """Write CSV tables: papers, entities, repos, relations (paper/repo -> entity/repo),
    paper_links (SIMILAR_TO) and aliases (alias -> entity key). Lists are ``|``-joined.

    Rows are streamed from the graph, one table at a time: nothing is copied first. They are
    tuples in :data:`TABLE_COLUMNS` order (a ``DictWriter`` would rebuild each as a list).
    """
    folder = Path(folder)
    tables: dict[str, Iterable[tuple[Any, ...]]] = {
        "papers": _paper_rows(graph),
        "entities": _entity_rows(graph),
        "repos": _repo_rows(graph),
        "relations": _relation_rows(graph),
        "paper_links": _link_rows(graph),
        "aliases": aliases,
    }
    written = []
    for name, rows in tables.items():
        path = folder / f"{name}.csv"
        with atomic_write(path) as stream:
            writer = csv.writer(stream)
            writer.writerow(TABLE_COLUMNS[name])
            writer.writerows(rows)
        written.append(path)
    return written


def _paper_rows(graph: nx.DiGraph) -> Iterator[tuple[Any, ...]]:
    for node, data in graph.nodes(data=True):
        if data["kind"] == PAPER:
            yield (
                node,
                data["key"],
                data["title"],
                data.get("url", ""),
                data.get("arxiv_id", ""),
                "|".join(data.get("repos", [])),
                "|".join(data.get("sources", [])),
                data["abstract"],
            )


def _repo_rows(graph: nx.DiGraph) -> Iterator[tuple[Any, ...]]:
    for node, data in graph.nodes(data=True):
        if data["kind"] == REPO:
            yield node, data["name"], data["owner"], data["url"], data["papers"]


def _entity_rows(graph: nx.DiGraph) -> Iterator[tuple[Any, ...]]:
    for node, data in graph.nodes(data=True):
        if data["kind"] not in (PAPER, REPO):
            yield (
                node,
                data["type"],
                data["name"],
                "|".join(data["aliases"]),
                data["papers"],
                data["proposed_by"],
            )


def _relation_rows(graph: nx.DiGraph) -> Iterator[tuple[Any, ...]]:
    for source, target, data in graph.edges(data=True):
        if data["rel"] != "SIMILAR_TO":
            yield (
                source,
                data["rel"],
                target,
                data.get("role", ""),
                data.get("surface", ""),
                data.get("evidence", ""),
            )


def _link_rows(graph: nx.DiGraph) -> Iterator[tuple[Any, ...]]:
    for source, target, data in graph.edges(data=True):
        if data["rel"] == "SIMILAR_TO":
            yield (
                source,
                target,
                data["weight"],
                "|".join(data["shared"]),
                "|".join(data["shared_names"]),
            )
