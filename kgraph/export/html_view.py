"""Choose the part of a graph the HTML view shows: the whole graph, one node's
neighbourhood (``focus`` + ``hops``) or the ``top`` best-connected nodes."""

from __future__ import annotations

import networkx as nx

from kgraph.errors import InputError
from kgraph.schema import PAPER


def find_node(graph: nx.DiGraph, name: str) -> str:
    """The node whose id, name, alias or paper title is ``name`` (case-insensitive).

    Raises:
        InputError: when nothing matches; the message suggests close names.

    Example:
        >>> g = nx.DiGraph()
        >>> g.add_node("METHOD:bert", kind="Method", name="BERT", aliases=["BERT-base"])
        >>> find_node(g, "bert-base")
        'METHOD:bert'
    """
    wanted = name.strip().casefold()
    if name in graph:
        return name
    for node, data in sorted(graph.nodes(data=True)):
        names = [node, data.get("name", ""), data.get("title", ""), *data.get("aliases", [])]
        if data.get("kind") == PAPER:
            names.append(data.get("key", ""))
        if any(str(n).casefold() == wanted for n in names):
            return str(node)
    close = sorted(
        str(data.get("name") or data.get("title") or node)
        for node, data in graph.nodes(data=True)
        if wanted in str(data.get("name") or data.get("title") or node).casefold()
    )[:5]
    hint = f"Close matches: {', '.join(close)}." if close else "Use a node id, name, alias or paper title."
    raise InputError("--focus", f"no node named {name!r} in the graph", hint)


def select_view(
    graph: nx.DiGraph, *, focus: str | None = None, hops: int = 1, top: int | None = None
) -> nx.DiGraph:
    """A new graph with the nodes to show and the edges among them; ``graph`` is not changed.

    ``focus`` keeps the nodes within ``hops`` links of that node (either direction);
    ``top`` then keeps the ``top`` nodes of highest degree (ties by id), always
    including the focus node.

    Example:
        >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
        >>> sorted(select_view(g, focus="b", hops=1))
        ['a', 'b', 'c']
        >>> sorted(select_view(g, top=2))
        ['b', 'c']
    """
    if hops < 0:
        raise ValueError(f"hops must be 0 or more, not {hops}")
    nodes = set(graph)
    centre = None
    if focus is not None:
        centre = find_node(graph, focus)
        nodes = set(nx.ego_graph(graph, centre, radius=hops, undirected=True))
    if top is not None and top < len(nodes):
        degree = dict(graph.degree(nodes))  # a DegreeView looks each node up slowly
        ranked = sorted(nodes, key=lambda n: (n != centre, -degree[n], str(n)))
        nodes = set(ranked[: max(top, 0)])
    return nx.DiGraph(graph.subgraph(nodes))
