"""Write the graph as one self-contained, offline HTML explorer.

pyvis turns the graph into vis-network nodes, edges and options; kgraph owns the
page around it (``assets/page.html``, ``explorer.css``, ``explorer.js``). The
vis-network script and stylesheet are inlined from the installed pyvis package,
so the page makes no network request at all (pyvis's own ``in_line`` mode still
links Bootstrap from a CDN).

Safety: every string from the graph reaches the page as JSON inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped,
and the page renders it with ``textContent``; links are kept only when they are
http(s). A Content-Security-Policy allows only the page's own two scripts (by
hash), so injected markup could not run code or fetch anything even if it got in.

This is the only module that imports pyvis: replacing the renderer touches one file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

import networkx as nx
import pyvis
from pyvis.edge import Edge
from pyvis.network import Network

from kgraph.errors import ExportError
from kgraph.export.atomic import atomic_write
from kgraph.export.html_layout import layout_positions
from kgraph.export.html_payload import node_details, short_label
from kgraph.export.html_view import select_view
from kgraph.schema import PAPER, REPO, SIMILAR_TO

VIS_VERSION: Final = "9.1.2"


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """How one node kind looks: fill colour, vis-network shape and legend label."""

    kind: str
    color: str
    shape: str
    label: str


NODE_STYLES: Final[tuple[NodeStyle, ...]] = (
    NodeStyle("Paper", "#4263eb", "dot", "Papers"),
    NodeStyle("Method", "#f08c00", "diamond", "Methods"),
    NodeStyle("Dataset", "#2f9e44", "square", "Datasets"),
    NodeStyle("Benchmark", "#0c8599", "triangle", "Benchmarks"),
    NodeStyle("Metric", "#ae3ec9", "triangleDown", "Metrics"),
    NodeStyle("Task", "#e03131", "star", "Tasks"),
    NodeStyle("Technique", "#a9780f", "hexagon", "Techniques"),
    NodeStyle("Repo", "#343a40", "dot", "Code repositories"),
)
_FALLBACK_STYLE: Final = NodeStyle("Other", "#868e96", "dot", "Other")
EDGE_COLORS: Final[dict[str, str]] = {SIMILAR_TO: "#91a7ff", "HAS_CODE": "#495057", "IMPLEMENTS": "#adb5bd"}
_DEFAULT_EDGE_COLOR: Final = "#ced4da"
_SIZE_MIN: Final = 7
_SIZE_MAX: Final = 30


def write_html(
    graph: nx.DiGraph,
    path: str | Path,
    *,
    focus: str | None = None,
    hops: int = 1,
    top: int | None = None,
    title: str = "kgraph explorer",
    seed: int = 7,
) -> Path:
    """Write the interactive explorer of ``graph`` (or of a sub-view) to ``path``.

    Args:
        focus: show only this node (id, name, alias or title) and its neighbourhood.
        hops: how many links out from ``focus`` to show.
        top: show only the ``top`` best-connected nodes.
        title: the page's heading.
        seed: layout seed; the same graph and seed give the same bytes.

    Raises:
        InputError: when ``focus`` names no node.
        ExportError: when pyvis's vis-network files are missing.

    Example:
        write_html(graph, "exports/graph.html", top=2000)
    """
    view = select_view(graph, focus=focus, hops=hops, top=top)
    html = render_page(view, title=title, total=graph, seed=seed)
    with atomic_write(path) as stream:
        stream.write(html)
    return Path(path)


def render_page(
    view: nx.DiGraph, *, title: str = "kgraph explorer", total: nx.DiGraph | None = None, seed: int = 7
) -> str:
    """The explorer page for exactly the nodes and edges of ``view``, as one HTML string."""
    payload = build_payload(view, title=title, total=total if total is not None else view, seed=seed)
    vis_css, vis_js = _vis_assets()
    app_js = _asset("explorer.js")
    scripts = [vis_js, app_js]
    for script in scripts:
        if "</script" in script.lower():
            raise ExportError(
                "an inlined script contains '</script'; it would end the <script> element early"
            )
    parts = {
        "TITLE": _escape_text(title),
        "CSP": _content_security_policy(scripts),
        "VIS_CSS": vis_css,
        "APP_CSS": _asset("explorer.css"),
        "DATA": json_for_script(payload),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    # one pass over the template only, so text inside the inlined parts is never substituted
    return re.sub(r"{{ ([A-Z_]+) }}", lambda m: parts[m.group(1)], _asset("page.html"))


def build_payload(view: nx.DiGraph, *, title: str, total: nx.DiGraph, seed: int = 7) -> dict[str, Any]:
    """The JSON the page reads: legend styles, vis-network nodes/edges/options and node details."""
    net = Network(directed=True)
    degree = dict(view.degree())
    value, radius = _node_sizes(degree)
    positions = layout_positions(view, seed=seed, radius=radius)
    styles = {s.kind: s for s in NODE_STYLES}
    for node in sorted(view):
        data = view.nodes[node]
        style = styles.get(data.get("kind", ""), _FALLBACK_STYLE)
        x, y = positions[node]
        net.add_node(
            node,
            label=short_label(data) or node,
            shape=style.shape,
            group=style.kind,
            value=value[node],
            x=x,
            y=y,
            title=_tooltip(data, style),
        )
    for number, (source, target, data) in enumerate(sorted(view.edges(data=True), key=lambda e: e[:2])):
        # Network.add_edge checks both ends with a list scan (seconds at 10,000 edges); the nodes are
        # known to exist, so build pyvis's Edge directly
        net.edges.append(Edge(source, target, directed=False, **_edge_options(f"e{number}", data)).options)
    kinds = sorted({data.get("kind", "") for _, data in view.nodes(data=True)})
    legend = [s for s in NODE_STYLES if s.kind in kinds] + [
        NodeStyle(k, _FALLBACK_STYLE.color, _FALLBACK_STYLE.shape, k) for k in kinds if k not in styles
    ]
    net.options = _vis_options(legend)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return {
        "title": title,
        "shown": {"nodes": view.number_of_nodes(), "edges": view.number_of_edges()},
        "total": {"nodes": total.number_of_nodes(), "edges": total.number_of_edges()},
        "styles": [
            {
                "kind": s.kind,
                "color": s.color,
                "shape": s.shape,
                "label": s.label,
                "count": _count(view, s.kind),
            }
            for s in legend
        ],
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "details": {node: node_details(view.nodes[node]) for node in sorted(view)},
    }


def json_for_script(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and U+2028/9 escaped.

    >>> json_for_script({"t": "</script><b>"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _node_sizes(degree: dict[str, int]) -> tuple[dict[str, float], dict[str, float]]:
    """vis-network ``value`` (square root of degree, so hubs do not dwarf the rest) and the
    radius in pixels vis-network will draw from it (linear between the scaling min and max)."""
    value = {n: round(math.sqrt(d), 3) for n, d in degree.items()}
    low, high = min(value.values(), default=0.0), max(value.values(), default=0.0)
    share = {n: 0.5 if high == low else (v - low) / (high - low) for n, v in value.items()}
    return value, {n: _SIZE_MIN + s * (_SIZE_MAX - _SIZE_MIN) for n, s in share.items()}


def _tooltip(data: dict[str, Any], style: NodeStyle) -> str:
    """Plain-text hover text; vis-network 9 shows string titles as text, never as HTML."""
    if data.get("kind") == PAPER:
        return str(data.get("title", ""))
    return f"{style.kind}: {data.get('name', '')}"


def _edge_options(edge_id: str, data: dict[str, Any]) -> dict[str, Any]:
    rel = str(data.get("rel", ""))
    options: dict[str, Any] = {"id": edge_id, "rel": rel, "color": EDGE_COLORS.get(rel, _DEFAULT_EDGE_COLOR)}
    if rel == SIMILAR_TO:
        weight = float(data.get("weight", 0.0))
        options.update(
            weight=round(weight, 4),
            width=round(0.6 + 0.5 * math.log1p(weight), 2),
            shared=list(data.get("shared", [])),
            shared_names=list(data.get("shared_names", [])),
        )
    elif data.get("role"):
        options["role"] = data["role"]
    return options


def _vis_options(legend: list[NodeStyle]) -> dict[str, Any]:
    """vis-network options: positions are precomputed, so physics and layout work are off."""
    groups = {
        s.kind: {
            "shape": s.shape,
            "color": {
                "background": s.color,
                "border": "#ffffff" if s.kind != REPO else "#adb5bd",
                "highlight": {"background": s.color, "border": "#212529"},
                "hover": {"background": s.color, "border": "#212529"},
            },
            "font": {"color": "#343a40"},
        }
        for s in legend
    }
    return {
        "autoResize": True,
        "groups": groups,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": False},
        "nodes": {
            # borders, label halos and arrows triple the drawing time of a large graph, so none of them
            "borderWidth": 0,
            "borderWidthSelected": 3,
            "font": {"face": "Inter, system-ui, sans-serif", "size": 13, "strokeWidth": 0},
            "scaling": {
                "min": _SIZE_MIN,
                "max": _SIZE_MAX,
                # labels of one size (scaling them with the node costs a third of the start-up time),
                # drawn once zoomed in past about half size
                "label": {"enabled": False, "drawThreshold": 8, "maxVisible": 26},
            },
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 2.5,
            "hoverWidth": 1.5,
            "arrows": {"to": {"enabled": False}},
            "color": {"opacity": 0.4},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 250,
            "hideEdgesOnDrag": True,
            "hideEdgesOnZoom": True,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
    }


def _count(view: nx.DiGraph, kind: str) -> int:
    return sum(1 for _, k in view.nodes(data="kind") if k == kind)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _content_security_policy(scripts: list[str]) -> str:
    """Allow exactly the page's own scripts (by hash) and nothing from the network."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _asset(name: str) -> str:
    return (resources.files("kgraph") / "export" / "assets" / name).read_text(encoding="utf-8")


def _vis_assets() -> tuple[str, str]:
    """vis-network's stylesheet and script as shipped inside the installed pyvis package."""
    folder = Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_VERSION}"
    try:
        css = (folder / "vis-network.css").read_text(encoding="utf-8")
        js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    except OSError as error:
        raise ExportError(
            f"vis-network {VIS_VERSION} is missing from the pyvis package at {folder} ({error}). "
            "Reinstall it: pip install --force-reinstall 'pyvis>=0.3.2'"
        ) from None
    return css, js
