"""The HTML explorer without a browser: page assembly, escaping, sub-views, layout and the CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kgraph.cli import cli
from kgraph.errors import InputError
from kgraph.export.files import write_json
from kgraph.export.html import build_payload, json_for_script, render_page, write_html
from kgraph.export.html_layout import layout_positions
from kgraph.export.html_payload import node_details, safe_url
from kgraph.export.html_view import find_node, select_view
from tests.html_graphs import XSS_ABSTRACT, XSS_NAME, XSS_TITLE, small_graph, xss_graph


def _data_block(html: str) -> str:
    match = re.search(r'<script type="application/json" id="kgraph-data">(.*?)</script>', html, re.S)
    assert match
    return match.group(1)


def test_html_page_is_one_file_with_nothing_to_fetch() -> None:
    html = render_page(small_graph())
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b[^>]*\b(src|href)\s*=", html, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", html, re.I)  # CSS fetches nothing either
    assert len(re.findall(r"^<script", html, re.M)) == 3  # data block, vis-network, explorer
    assert "vis.Network" in html and "DataSet" in html  # vis-network is inlined


def test_html_csp_allows_exactly_the_inlined_scripts() -> None:
    html = render_page(small_graph())
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy
    allowed = set(re.findall(r"'sha256-([^']+)'", policy.group(1)))
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    digests = {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert len(scripts) == 2 and allowed == digests
    assert "default-src 'none'" in policy.group(1) and "connect-src 'none'" in policy.group(1)


def test_html_data_block_escapes_markup_and_round_trips() -> None:
    graph = xss_graph()
    html = render_page(graph)
    block = _data_block(html)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["details"]["paper:evil"]["title"] == XSS_TITLE
    assert data["details"]["paper:evil"]["abstract"] == XSS_ABSTRACT
    assert data["details"]["METHOD:evil"]["name"] == XSS_NAME
    # the only markup outside the data block is the page's own
    rest = html.replace(block, "")
    assert XSS_TITLE not in rest and "__pwned" not in rest


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "</script><script>alert(1)</script>",
            '"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"',
        ),
        ("a & b", '"a \\u0026 b"'),
        ("line\u2028sep", '"line\\u2028sep"'),
    ],
)
def test_html_json_for_script_escapes(value: str, expected: str) -> None:
    assert json_for_script(value) == expected
    assert json.loads(json_for_script(value)) == value


def test_html_details_keep_only_http_links() -> None:
    details = node_details(xss_graph().nodes["paper:evil"])
    assert details["url"] is None
    assert details["links"] == ["https://example.org/ok"]
    assert details["repos"] == []  # not an owner/repo name, so no github link is made up
    assert safe_url("javascript:alert(1)") is None and safe_url("https://a.b/c") == "https://a.b/c"


def test_html_payload_matches_graph_and_schema() -> None:
    graph = small_graph()
    payload = build_payload(graph, title="t", total=graph)
    assert sorted(n["id"] for n in payload["nodes"]) == sorted(graph)
    assert len(payload["edges"]) == graph.number_of_edges()
    assert {n["group"] for n in payload["nodes"]} == {"Paper", "Method", "Dataset", "Repo"}
    assert [s["kind"] for s in payload["styles"]] == ["Paper", "Method", "Dataset", "Repo"]
    assert payload["options"]["physics"]["enabled"] is False
    link = next(e for e in payload["edges"] if e["rel"] == "SIMILAR_TO")
    assert link["shared_names"] == ["BERT"] and link["weight"] == 2.5
    degree = dict(graph.degree())
    assert all(n["value"] == round(math.sqrt(degree[n["id"]]), 3) for n in payload["nodes"])  # size by degree
    paper = payload["details"]["paper:a"]
    assert paper["repos"] == [{"name": "owner/repo-a", "url": "https://github.com/owner/repo-a"}]
    assert paper["mentions"] == [[13, 17, "METHOD:bert"], [21, 26, "DATASET:squad"]]
    assert payload["details"]["METHOD:bert"]["aliases"] == ["Bidirectional Encoder Representations"]


def test_html_output_is_deterministic(tmp_path: Path) -> None:
    graph = small_graph()
    first = write_html(graph, tmp_path / "a.html").read_bytes()
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(data=True))))
    assert write_html(shuffled, tmp_path / "b.html").read_bytes() == first


def test_html_view_focus_hops_and_top() -> None:
    graph = small_graph()
    assert set(select_view(graph, focus="SQuAD", hops=1)) == {"DATASET:squad", "paper:a"}
    assert "paper:b" in select_view(graph, focus="squad", hops=2)
    top = select_view(graph, top=2)
    assert set(top) == {"paper:a", "METHOD:bert"}  # the two best-connected nodes
    assert set(select_view(graph, focus="Paper B", top=1)) == {"paper:b"}  # the focus always stays
    assert graph.number_of_nodes() == 5  # the input is not changed


def test_html_find_node_by_alias_and_error() -> None:
    graph = small_graph()
    assert find_node(graph, "bidirectional encoder representations") == "METHOD:bert"
    with pytest.raises(InputError, match="no node named 'BER'.*Close matches: BERT"):
        find_node(graph, "BER")


def test_html_layout_positions_every_node_deterministically() -> None:
    graph = nx.barabasi_albert_graph(600, 2, seed=3)
    graph.add_nodes_from(range(600, 620))  # isolated nodes
    graph.add_edges_from([(700, 701), (702, 703), (703, 704)])  # small components
    first = layout_positions(graph)
    assert first == layout_positions(graph)
    assert set(first) == set(graph)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    assert len(set(first.values())) == len(first)  # no two nodes on the same spot


def test_html_cli_view_writes_sub_views(tmp_path: Path) -> None:
    write_json(small_graph(), tmp_path / "graph.json")
    runner = CliRunner()
    result = runner.invoke(cli, ["view", str(tmp_path / "graph.json"), "--out", str(tmp_path / "v.html")])
    assert result.exit_code == 0, result.output
    assert len(json.loads(_data_block((tmp_path / "v.html").read_text()))["nodes"]) == 5
    args = ["view", str(tmp_path / "graph.json"), "--out", str(tmp_path / "f.html"), "--focus", "BERT"]
    assert runner.invoke(cli, [*args, "--hops", "1"]).exit_code == 0
    data = json.loads(_data_block((tmp_path / "f.html").read_text()))
    assert sorted(n["id"] for n in data["nodes"]) == [
        "METHOD:bert",
        "REPO:owner/repo-a",
        "paper:a",
        "paper:b",
    ]
    assert data["total"]["nodes"] == 5
    missing = runner.invoke(cli, [*args[:-1], "nothing-like-this"])
    assert missing.exit_code == 1 and "no node named 'nothing-like-this'" in missing.output


def test_html_build_writes_the_explorer_unless_told_not_to(gold_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    papers = str(gold_dir / "dev_input.jsonl")
    result = runner.invoke(cli, ["build", papers, "--out", str(tmp_path / "with")])
    assert result.exit_code == 0, result.output
    data = json.loads(_data_block((tmp_path / "with" / "graph.html").read_text()))
    graph = json.loads((tmp_path / "with" / "graph.json").read_text())
    assert len(data["nodes"]) == len(graph["nodes"]) and len(data["edges"]) == len(graph["edges"])
    result = runner.invoke(cli, ["build", papers, "--out", str(tmp_path / "without"), "--no-html"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "without" / "graph.html").exists()
