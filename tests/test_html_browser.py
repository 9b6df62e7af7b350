"""The HTML explorer in a real headless Chromium, on the page built from ../shared/corpus."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from kgraph.export.html import write_html
from tests.html_graphs import XSS_ABSTRACT, XSS_NAME, XSS_TITLE, xss_graph
from tests.plugins.browser import console_errors, network_requests, open_page

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def corpus_page(corpus_graph: nx.DiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The explorer of the whole corpus graph, written once per session."""
    return write_html(corpus_graph, tmp_path_factory.mktemp("html") / "graph.html")


@pytest.fixture
def page(browser: Any, corpus_page: Path) -> Any:
    """The corpus explorer freshly loaded, with the browser's logs drained first."""
    browser.get("about:blank")
    network_requests(browser)
    console_errors(browser)
    open_page(browser, corpus_page)
    return browser


def js(driver: Any, script: str, *args: Any) -> Any:
    return driver.execute_script(script, *args)


def drawn_nodes(driver: Any) -> list[str]:
    """Node ids vis-network is drawing right now (its own index, not ours)."""
    return js(driver, "return window.kgraph.network.body.nodeIndices.slice()")


def click_node(driver: Any, node: str) -> None:
    """Centre ``node`` on the canvas without animation, then click it with the mouse."""
    js(
        driver,
        "window.kgraph.network.moveTo({position: window.kgraph.network.getPositions([arguments[0]])"
        "[arguments[0]], scale: 1.5, animation: false})",
        node,
    )
    time.sleep(0.2)
    point = js(
        driver,
        "const n = window.kgraph.network; return n.canvasToDOM(n.getPositions([arguments[0]])[arguments[0]])",
        node,
    )
    canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(point["x"] - size["width"] / 2), int(point["y"] - size["height"] / 2)
    ).click().perform()


def panel_text(driver: Any, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).get_attribute("textContent")


def test_html_browser_network_detector_sees_requests(browser: Any, tmp_path: Path) -> None:
    """The zero-request checks below are only worth something if a request would be seen."""
    probe = tmp_path / "probe.html"
    probe.write_text('<img src="http://127.0.0.1:9/probe.png"><img src="missing.png">')
    browser.get("about:blank")
    network_requests(browser)
    browser.get(probe.as_uri())
    time.sleep(0.5)
    urls = network_requests(browser)
    assert "http://127.0.0.1:9/probe.png" in urls
    assert (tmp_path / "missing.png").as_uri() in urls


def test_html_browser_no_network_request_and_no_console_error(page: Any, corpus_page: Path) -> None:
    page.find_element(By.ID, "search").send_keys("transformer", Keys.ENTER)
    page.find_element(By.CSS_SELECTOR, "#filter-Paper").click()
    page.find_element(By.CSS_SELECTOR, "#filter-Paper").click()
    time.sleep(0.5)
    assert network_requests(page) == [corpus_page.resolve().as_uri()]
    assert console_errors(page) == []


def test_html_browser_draws_every_node_and_edge(page: Any, corpus_graph: nx.DiGraph) -> None:
    assert len(drawn_nodes(page)) == corpus_graph.number_of_nodes()
    assert js(page, "return window.kgraph.network.body.edgeIndices.length") == corpus_graph.number_of_edges()
    papers = sum(1 for _, kind in corpus_graph.nodes(data="kind") if kind == "Paper")
    assert page.find_element(By.ID, "stats").text.startswith(f"{papers} papers")


def test_html_browser_search_finds_entity_by_alias(page: Any, corpus_graph: nx.DiGraph) -> None:
    names = {str(d.get("name") or d.get("title", "")).casefold() for _, d in corpus_graph.nodes(data=True)}
    node, alias = next(
        (n, a)
        for n, d in sorted(corpus_graph.nodes(data=True))
        if d["kind"] not in ("Paper", "Repo")
        for a in d["aliases"]
        if a.casefold() not in names and len(a) > 3
    )
    box = page.find_element(By.ID, "search")
    box.send_keys(alias)
    first = page.find_element(By.CSS_SELECTOR, "#search-results li")
    assert first.get_attribute("data-id") == node
    assert f"alias: {alias}" in first.text
    box.send_keys(Keys.ENTER)
    assert js(page, "return window.kgraph.network.getSelectedNodes()") == [node]
    assert panel_text(page, "panel-title") == corpus_graph.nodes[node]["name"]
    assert not page.find_element(By.ID, "panel").get_attribute("hidden")


def test_html_browser_click_paper_shows_abstract_and_repo_link(page: Any, corpus_graph: nx.DiGraph) -> None:
    node, data = next(
        (n, d) for n, d in sorted(corpus_graph.nodes(data=True)) if d["kind"] == "Paper" and d["repos"]
    )
    click_node(page, node)
    WebDriverWait(page, 5).until(lambda d: d.find_element(By.ID, "panel").get_attribute("data-node") == node)
    assert panel_text(page, "panel-title") == data["title"]
    assert panel_text(page, "panel-abstract") == data["abstract"]
    hrefs = [a.get_attribute("href") for a in page.find_elements(By.CSS_SELECTOR, "#panel-links a")]
    assert f"https://github.com/{data['repos'][0]}" in hrefs
    marks = page.find_elements(By.CSS_SELECTOR, "#panel-abstract mark")
    assert len(marks) == len({(m["start"], m["end"]) for m in data["mentions"] if m["field"] == "abstract"})


def test_html_browser_type_filter_hides_nodes(page: Any, corpus_graph: nx.DiGraph) -> None:
    methods = {n for n, kind in corpus_graph.nodes(data="kind") if kind == "Method"}
    page.find_element(By.CSS_SELECTOR, "label[for='filter-Method']").click()
    shown = set(drawn_nodes(page))
    assert methods and not shown & methods
    assert len(shown) == corpus_graph.number_of_nodes() - len(methods)
    page.find_element(By.CSS_SELECTOR, "label[for='filter-Method']").click()
    assert len(drawn_nodes(page)) == corpus_graph.number_of_nodes()


def test_html_browser_weight_slider_hides_weak_links(page: Any, corpus_graph: nx.DiGraph) -> None:
    slider = page.find_element(By.ID, "min-weight")
    slider.send_keys(Keys.PAGE_UP)  # a tenth of the range
    time.sleep(0.3)
    minimum = float(slider.get_attribute("value"))
    edges = js(page, "const k = window.kgraph; return k.network.body.edgeIndices.map(id => k.edges.get(id))")
    links = [e for e in edges if e["rel"] == "SIMILAR_TO"]
    expected = [w for *_, w in corpus_graph.edges(data="weight") if w is not None and w >= minimum]
    assert minimum > 0 and len(links) == len(expected) and all(e["weight"] >= minimum for e in links)


def test_html_browser_paper_link_shows_shared_entities(page: Any, corpus_graph: nx.DiGraph) -> None:
    source, target, data = max(
        ((u, v, d) for u, v, d in corpus_graph.edges(data=True) if d["rel"] == "SIMILAR_TO"),
        key=lambda e: (len(e[2]["shared"]), e[0], e[1]),
    )
    edge_id = js(
        page,
        "return window.kgraph.edges.get({filter: e => e.from === arguments[0] && e.to === arguments[1]})"
        "[0].id",
        source,
        target,
    )
    js(page, "window.kgraph.setEgo(arguments[0], 1)", source)  # fewer things to hit next to the link
    time.sleep(0.6)
    middle = js(
        page,
        "const n = window.kgraph.network, p = n.getPositions([arguments[0], arguments[1]]);"
        "const a = p[arguments[0]], b = p[arguments[1]], m = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};"
        "n.moveTo({position: m, scale: 1.2, animation: false}); return n.canvasToDOM(m);",
        source,
        target,
    )
    canvas = page.find_element(By.CSS_SELECTOR, "#network canvas")
    ActionChains(page).move_to_element_with_offset(
        canvas, int(middle["x"] - canvas.size["width"] / 2), int(middle["y"] - canvas.size["height"] / 2)
    ).click().perform()
    WebDriverWait(page, 5).until(
        lambda d: d.find_element(By.ID, "panel").get_attribute("data-edge") == edge_id
    )
    chips = [c.text for c in page.find_elements(By.CSS_SELECTOR, "#panel-shared .chip")]
    assert chips == data["shared_names"]


def test_html_browser_ego_view_shows_the_neighbourhood(page: Any, corpus_graph: nx.DiGraph) -> None:
    node = max(corpus_graph, key=lambda n: (corpus_graph.degree(n), n))
    js(page, "window.kgraph.focusNode(arguments[0], false)", node)
    page.find_element(By.ID, "ego-button").click()
    expected = set(nx.ego_graph(corpus_graph, node, radius=1, undirected=True))
    assert set(drawn_nodes(page)) == expected
    page.find_element(By.ID, "ego-exit").click()
    assert len(drawn_nodes(page)) == corpus_graph.number_of_nodes()


def test_html_browser_screenshot(page: Any, corpus_graph: nx.DiGraph) -> None:
    """Saves test-artifacts/html-explorer.png (a paper's neighbourhood with its details open)
    and html-explorer-overview.png (the whole graph)."""
    node = max(
        (
            n
            for n, d in corpus_graph.nodes(data=True)
            if d["kind"] == "Paper" and d["repos"] and d["mentions"]
        ),
        key=lambda n: (len(corpus_graph.nodes[n]["mentions"]), n),
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.find_element(By.ID, "fit").click()
    time.sleep(0.8)
    assert page.save_screenshot(str(ARTIFACTS / "html-explorer-overview.png"))
    js(page, "window.kgraph.focusNode(arguments[0], false)", node)
    page.find_element(By.ID, "ego-button").click()
    time.sleep(0.8)
    path = ARTIFACTS / "html-explorer.png"
    assert page.save_screenshot(str(path))
    assert path.stat().st_size > 50_000


def test_html_browser_xss_payloads_stay_text(browser: Any, tmp_path: Path) -> None:
    path = write_html(xss_graph(), tmp_path / "xss.html")
    browser.get("about:blank")
    network_requests(browser)
    console_errors(browser)
    open_page(browser, path)
    click_node(browser, "paper:evil")
    WebDriverWait(browser, 5).until(
        lambda d: d.find_element(By.ID, "panel").get_attribute("data-node") == "paper:evil"
    )
    assert panel_text(browser, "panel-title") == XSS_TITLE
    assert panel_text(browser, "panel-abstract") == XSS_ABSTRACT
    browser.find_element(By.ID, "search").send_keys("<script>", Keys.ENTER)
    assert panel_text(browser, "panel-title") == XSS_NAME
    js(
        browser,
        "window.kgraph.showEdge(window.kgraph.edges.get({filter: e => e.to === 'paper:evil'"
        " && e.rel === 'SIMILAR_TO'})[0].id)",
    )
    assert [c.text for c in browser.find_elements(By.CSS_SELECTOR, "#panel-shared .chip")] == [XSS_NAME]
    time.sleep(0.3)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 (reading it is what raises)
    assert js(browser, "return window.__pwned === undefined")
    assert browser.find_elements(By.CSS_SELECTOR, "#panel img, #panel script, #panel b, #legend img") == []
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href]")]
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    assert network_requests(browser) == [path.resolve().as_uri()]
