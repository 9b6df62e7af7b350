/* kgraph explorer: search, filters, details panel and ego view around a vis-network canvas.
 * Every string from the graph is rendered with textContent / createElement, never as markup,
 * and links are used only when they are http(s). */
(function () {
  "use strict";

  performance.mark("kgraph-start");
  const DATA = JSON.parse(document.getElementById("kgraph-data").textContent);
  performance.mark("kgraph-parsed");
  const SIMILAR = "SIMILAR_TO";
  const REL_TITLES = {
    PROPOSES: "Proposes", USES: "Uses", EVALUATES_ON: "Evaluates on", REPORTS: "Reports",
    ADDRESSES: "Addresses", APPLIES: "Applies", HAS_CODE: "Code", IMPLEMENTS: "Implements",
  };
  const INCOMING_TITLES = {
    PROPOSES: "Proposed by", USES: "Used by", EVALUATES_ON: "Evaluated on by", REPORTS: "Reported by",
    ADDRESSES: "Addressed by", APPLIES: "Applied by", HAS_CODE: "Code of", IMPLEMENTS: "Implemented in",
  };

  const $ = (id) => document.getElementById(id);
  const styleOf = new Map(DATA.styles.map((s) => [s.kind, s]));
  const details = DATA.details;
  const nodeById = new Map(DATA.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(DATA.edges.map((e) => [e.id, e]));

  /* ---- small DOM helpers: text only ---- */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "className") node.className = value;
      else if (key === "onClick") node.addEventListener("click", value);
      else if (key === "style") for (const [name, v] of Object.entries(value)) node.style.setProperty(name, v);
      else node.setAttribute(key, String(value));
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      const parsed = new URL(url.trim());
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (_error) {
      return null; // not a URL at all: show no link
    }
  }
  function link(url, text) {
    const href = safeUrl(url);
    if (!href) return null;
    return el("a", { href, target: "_blank", rel: "noopener noreferrer", text: text || href });
  }
  const SVG = "http://www.w3.org/2000/svg";
  function shapeIcon(style, size) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("viewBox", "0 0 20 20");
    const points = {
      diamond: "10,1 19,10 10,19 1,10",
      triangle: "10,2 19,18 1,18",
      triangleDown: "1,2 19,2 10,18",
      star: "10,1 12.6,7.2 19,7.6 14,11.8 15.6,18.4 10,14.8 4.4,18.4 6,11.8 1,7.6 7.4,7.2",
      hexagon: "5,2 15,2 19.5,10 15,18 5,18 0.5,10",
    }[style.shape];
    let shape;
    if (points) {
      shape = document.createElementNS(SVG, "polygon");
      shape.setAttribute("points", points);
    } else if (style.shape === "square" || style.shape === "box") {
      shape = document.createElementNS(SVG, "rect");
      for (const [k, v] of Object.entries({ x: 2, y: 3, width: 16, height: 14, rx: style.shape === "box" ? 4 : 1 }))
        shape.setAttribute(k, v);
    } else {
      shape = document.createElementNS(SVG, "circle");
      for (const [k, v] of Object.entries({ cx: 10, cy: 10, r: 8 })) shape.setAttribute(k, v);
    }
    shape.setAttribute("fill", style.color);
    svg.append(shape);
    return svg;
  }
  const fallbackStyle = { kind: "Other", color: "#868e96", shape: "dot", label: "Other" };
  const kindOf = (id) => (nodeById.get(id) || {}).group;
  const styleFor = (id) => styleOf.get(kindOf(id)) || fallbackStyle;
  function nameOf(id) {
    const d = details[id] || {};
    return d.title || d.name || id;
  }
  const fmt = (n) => Number(n).toLocaleString("en-US");

  /* ---- adjacency from the drawn edges ---- */
  const outgoing = new Map();
  const incoming = new Map();
  for (const e of DATA.edges) {
    if (!outgoing.has(e.from)) outgoing.set(e.from, []);
    if (!incoming.has(e.to)) incoming.set(e.to, []);
    outgoing.get(e.from).push(e);
    incoming.get(e.to).push(e);
  }
  function neighbours(id) {
    return [...(outgoing.get(id) || []).map((e) => e.to), ...(incoming.get(id) || []).map((e) => e.from)];
  }

  /* ---- network with filtered views ---- */
  const hiddenKinds = new Set();
  let minWeight = 0;
  let ego = null; // Set of node ids shown in the ego view, or null
  const nodes = new vis.DataSet(DATA.nodes);
  const edges = new vis.DataSet(DATA.edges);
  const nodeVisible = (id) => !hiddenKinds.has(kindOf(id)) && (!ego || ego.has(id));
  const nodeView = new vis.DataView(nodes, { filter: (n) => nodeVisible(n.id) });
  const edgeView = new vis.DataView(edges, {
    filter: (e) => nodeVisible(e.from) && nodeVisible(e.to) && (e.rel !== SIMILAR || e.weight >= minWeight),
  });
  performance.mark("kgraph-datasets");
  const network = new vis.Network($("network"), { nodes: nodeView, edges: edgeView }, DATA.options);
  performance.mark("kgraph-network");

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    updateLinkCount();
  }
  let pending = false;
  function refreshSoon() { // at most once per frame while a slider is dragged
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      refresh();
    });
  }

  /* ---- header stats ---- */
  function renderStats() {
    const parts = DATA.styles.map((s) => `${fmt(s.count)} ${s.kind.toLowerCase()}${s.count === 1 ? "" : "s"}`);
    const links = DATA.edges.filter((e) => e.rel === SIMILAR).length;
    parts.push(`${fmt(links)} paper links`);
    $("stats").textContent = parts.join(" · ");
    if (DATA.shown.nodes < DATA.total.nodes) {
      $("subview-note").textContent =
        `Sub-view: ${fmt(DATA.shown.nodes)} of ${fmt(DATA.total.nodes)} nodes. Use kgraph view --focus/--top to choose another.`;
      $("subview-note").hidden = false;
    }
  }

  /* ---- legend with type filters ---- */
  function renderLegend() {
    const legend = $("legend");
    for (const style of DATA.styles) {
      const box = el("input", { type: "checkbox", id: `filter-${style.kind}`, "data-kind": style.kind });
      box.checked = true;
      const item = el("li", {}, [
        el("label", { for: `filter-${style.kind}` }, [
          box, shapeIcon(style, 16), el("span", { className: "legend-name", text: style.label }),
          el("span", { className: "legend-count", text: fmt(style.count) }),
        ]),
      ]);
      box.addEventListener("change", () => {
        if (box.checked) hiddenKinds.delete(style.kind);
        else hiddenKinds.add(style.kind);
        item.classList.toggle("off", !box.checked);
        refresh();
      });
      legend.append(item);
    }
  }

  /* ---- minimum weight of paper links ---- */
  const similarEdges = DATA.edges.filter((e) => e.rel === SIMILAR);
  function setupSlider() {
    const slider = $("min-weight");
    const maxWeight = Math.max(0, ...similarEdges.map((e) => e.weight));
    slider.max = String(Math.ceil(maxWeight * 10) / 10 || 1);
    slider.disabled = similarEdges.length === 0;
    slider.addEventListener("input", () => {
      minWeight = Number(slider.value);
      $("min-weight-value").textContent = minWeight.toFixed(1);
      refreshSoon();
    });
  }
  function updateLinkCount() {
    const shown = similarEdges.filter((e) => e.weight >= minWeight && nodeVisible(e.from) && nodeVisible(e.to));
    $("link-count").textContent = `${fmt(shown.length)} of ${fmt(similarEdges.length)} paper links shown`;
  }

  /* ---- search over names, aliases and titles ---- */
  const index = DATA.nodes.map((n) => {
    const d = details[n.id] || {};
    const names = [d.title || d.name || n.id, ...(d.aliases || [])];
    if (d.id) names.push(d.id);
    return { id: n.id, names, folded: names.map((s) => String(s).toLocaleLowerCase()) };
  });
  function searchNodes(query, limit) {
    const q = query.trim().toLocaleLowerCase();
    if (!q) return [];
    const scored = [];
    for (const entry of index) {
      let best = null;
      entry.folded.forEach((name, i) => {
        const score = name === q ? 0 : name.startsWith(q) ? 1 : name.includes(q) ? 2 : null;
        if (score !== null && (best === null || score < best.score)) best = { score, name: entry.names[i] };
      });
      if (best) scored.push({ id: entry.id, score: best.score, matched: best.name });
    }
    scored.sort((a, b) => a.score - b.score || nameOf(a.id).length - nameOf(b.id).length || (a.id < b.id ? -1 : 1));
    return scored.slice(0, limit);
  }
  let results = [];
  let active = 0;
  function renderResults() {
    const list = $("search-results");
    list.replaceChildren();
    const query = $("search").value;
    if (!query.trim()) {
      list.hidden = true;
      return;
    }
    results = searchNodes(query, 12);
    if (!results.length) list.append(el("li", { className: "empty", text: "No match" }));
    results.forEach((r, i) => {
      const main = nameOf(r.id);
      const why = r.matched !== main ? `alias: ${r.matched}` : styleFor(r.id).kind;
      const item = el("li", { role: "option", "aria-selected": i === active ? "true" : "false", "data-id": r.id }, [
        shapeIcon(styleFor(r.id), 14), el("span", { className: "result-name", text: main }),
        el("span", { className: "result-why", text: why }),
      ]);
      item.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(r.id);
      });
      list.append(item);
    });
    list.hidden = false;
  }
  function choose(id) {
    $("search-results").hidden = true;
    $("search").blur();
    focusNode(id, true);
  }
  function setupSearch() {
    const input = $("search");
    input.addEventListener("input", () => {
      active = 0;
      renderResults();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % Math.max(results.length, 1);
        renderResults();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (!results.length) results = searchNodes(input.value, 12);
        if (results.length) choose(results[Math.min(active, results.length - 1)].id);
      } else if (event.key === "Escape") {
        $("search-results").hidden = true;
      }
    });
    input.addEventListener("blur", () => setTimeout(() => ($("search-results").hidden = true), 150));
    input.addEventListener("focus", renderResults);
  }

  /* ---- selecting and focusing ---- */
  function focusNode(id, animate) {
    if (!nodeById.has(id)) return;
    if (!nodeVisible(id)) {
      if (ego) setEgo(null);
      const kind = kindOf(id);
      if (hiddenKinds.has(kind)) $(`filter-${kind}`).click();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: animate ? { duration: 450 } : false });
    showNode(id);
  }

  /* ---- ego view ---- */
  const BASE_FONT = DATA.options.nodes.font.size;
  function setEgo(id, hops) {
    if (id === null) {
      ego = null;
      $("ego-banner").hidden = true;
      refresh();
      network.setOptions({ nodes: { font: { size: BASE_FONT } } });
      network.fit({ animation: false });
      return;
    }
    const seen = new Set([id]);
    let frontier = [id];
    for (let h = 0; h < hops; h++) {
      const next = [];
      for (const n of frontier) for (const m of neighbours(n)) if (!seen.has(m)) (seen.add(m), next.push(m));
      frontier = next;
    }
    ego = seen;
    const banner = $("ego-banner");
    banner.replaceChildren(
      el("span", { text: `Neighbourhood of ${nameOf(id)} (${hops} hop${hops > 1 ? "s" : ""}, ${fmt(seen.size)} nodes)` }),
      el("button", { className: "button", type: "button", id: "ego-exit", text: "Show all", onClick: () => setEgo(null) }),
    );
    banner.hidden = false;
    refresh();
    network.selectNodes([id]);
    network.fit({ nodes: [...seen].filter(nodeVisible), animation: false });
    // a neighbourhood is small, so label every node at a readable size whatever the zoom
    const size = Math.min(48, Math.max(BASE_FONT, 12 / network.getScale()));
    network.setOptions({ nodes: { font: { size } } });
  }

  /* ---- details panel ---- */
  function openPanel(children) {
    $("panel-body").replaceChildren(...children.filter(Boolean));
    $("panel").hidden = false;
    $("panel").scrollTop = 0;
  }
  function closePanel() {
    $("panel").hidden = true;
    network.unselectAll();
  }
  function badge(id) {
    const style = styleFor(id);
    return el("span", { className: "badge", style: { background: style.color } }, [
      document.createTextNode(style.kind === "Repo" ? "Code repository" : style.kind),
    ]);
  }
  function nodeButton(id, sub) {
    return el("li", {}, [
      el("button", { type: "button", "data-node": id, onClick: () => focusNode(id, true) }, [
        el("span", { text: nameOf(id) }), sub ? el("span", { className: "sub", text: sub }) : null,
      ]),
    ]);
  }
  function chip(id, label) {
    const known = nodeById.has(id);
    const dot = el("span", { className: "dot", style: { background: known ? styleFor(id).color : "#adb5bd" } });
    return el("button", {
      type: "button", className: known ? "chip" : "chip static", "data-node": id,
      onClick: known ? () => focusNode(id, true) : undefined,
    }, [dot, el("span", { text: label || nameOf(id) })]);
  }
  function egoActions(id) {
    const hops = el("select", { "aria-label": "Hops" }, [1, 2, 3].map((h) => el("option", { value: h, text: `${h} hop${h > 1 ? "s" : ""}` })));
    return el("div", { className: "actions" }, [
      el("button", { className: "button primary", type: "button", id: "ego-button", text: "Show neighbourhood",
        onClick: () => setEgo(id, Number(hops.value)) }),
      hops,
    ]);
  }
  function groupedSection(title, items) {
    if (!items.length) return null;
    return el("section", {}, [el("h4", { text: `${title} (${fmt(items.length)})` }), el("ul", { className: "item-list" }, items)]);
  }

  function highlightedAbstract(paper) {
    const text = paper.abstract || "";
    const box = el("p", { className: "abstract", id: "panel-abstract" });
    let at = 0;
    for (const [start, end, key] of paper.mentions) {
      if (start < at || end > text.length || start >= end) continue; // overlapping or stale offsets
      box.append(document.createTextNode(text.slice(at, start)));
      const known = nodeById.has(key);
      const mark = el("mark", { title: known ? `${styleFor(key).kind}: ${nameOf(key)}` : key, "data-node": key,
        style: { "--mark": known ? styleFor(key).color : "#adb5bd" } }, [document.createTextNode(text.slice(start, end))]);
      if (known) mark.addEventListener("click", () => focusNode(key, true));
      box.append(mark);
      at = end;
    }
    box.append(document.createTextNode(text.slice(at)));
    return box;
  }

  function paperPanel(id, d) {
    const meta = [d.date, d.arxiv_id ? `arXiv ${d.arxiv_id}` : null].filter(Boolean).join(" · ");
    const links = [
      ...d.repos.map((r) => link(r.url, `github.com/${r.name}`)),
      link(d.url, "Paper page"),
      ...d.links.map((u) => link(u)),
    ].filter(Boolean);
    const byRel = new Map();
    for (const e of outgoing.get(id) || []) {
      if (e.rel === SIMILAR) continue;
      if (!byRel.has(e.rel)) byRel.set(e.rel, []);
      byRel.get(e.rel).push(e.to);
    }
    const entitySections = [...byRel.entries()].map(([rel, ids]) =>
      el("div", {}, [el("h4", { text: REL_TITLES[rel] || rel }), el("div", { className: "chips" },
        ids.sort((a, b) => nameOf(a).localeCompare(nameOf(b))).map((t) => chip(t)))]));
    const similar = [...(outgoing.get(id) || []), ...(incoming.get(id) || [])]
      .filter((e) => e.rel === SIMILAR)
      .sort((a, b) => b.weight - a.weight)
      .map((e) => nodeButton(e.from === id ? e.to : e.from, `weight ${e.weight.toFixed(2)} · shares ${e.shared_names.join(", ")}`));
    return [
      badge(id),
      el("h2", { id: "panel-title", text: d.title }),
      meta ? el("p", { className: "meta", text: meta }) : null,
      d.authors.length ? el("p", { className: "meta", text: d.authors.join(", ") }) : null,
      links.length ? el("div", { className: "links", id: "panel-links" }, links) : null,
      egoActions(id),
      el("h4", { text: "Abstract" }),
      highlightedAbstract(d),
      ...entitySections,
      groupedSection("Similar papers", similar),
    ];
  }

  function entityPanel(id, d) {
    const sections = new Map();
    for (const e of incoming.get(id) || []) {
      const title = INCOMING_TITLES[e.rel] || e.rel;
      if (!sections.has(title)) sections.set(title, []);
      sections.get(title).push(e.from);
    }
    for (const e of outgoing.get(id) || []) {
      const title = REL_TITLES[e.rel] || e.rel;
      if (!sections.has(title)) sections.set(title, []);
      sections.get(title).push(e.to);
    }
    const counts = d.kind === "Repo"
      ? `${fmt(d.papers)} paper${d.papers === 1 ? "" : "s"}`
      : `mentioned by ${fmt(d.papers)} paper${d.papers === 1 ? "" : "s"} · proposed by ${fmt(d.proposed_by)}`;
    return [
      badge(id),
      el("h2", { id: "panel-title", text: d.name }),
      el("p", { className: "meta", text: counts }),
      d.url ? el("div", { className: "links", id: "panel-links" }, [link(d.url, `github.com/${d.name}`)]) : null,
      egoActions(id),
      d.aliases && d.aliases.length
        ? el("div", {}, [el("h4", { text: "Also written as" }), el("div", { className: "chips", id: "panel-aliases" },
          d.aliases.map((a) => el("span", { className: "chip static", text: a })))])
        : null,
      ...[...sections.entries()].map(([title, ids]) =>
        groupedSection(title, ids.sort((a, b) => nameOf(a).localeCompare(nameOf(b))).map((p) => nodeButton(p)))),
    ];
  }

  function showNode(id) {
    const d = details[id];
    if (!d) return;
    openPanel(d.kind === "Paper" ? paperPanel(id, d) : entityPanel(id, d));
    $("panel").dataset.node = id;
    delete $("panel").dataset.edge;
  }

  function showEdge(edgeId) {
    const e = edgeById.get(edgeId);
    if (!e) return;
    const children = e.rel === SIMILAR
      ? [
        el("span", { className: "badge", style: { background: "#748ffc" }, text: "Paper link" }),
        el("h2", { id: "panel-title", text: "Why these papers are linked" }),
        el("p", { className: "weight", text: e.weight.toFixed(2) }),
        el("p", { className: "meta", text: "link weight: the summed rarity (IDF) of the entities both papers mention" }),
        el("ul", { className: "item-list" }, [nodeButton(e.from), nodeButton(e.to)]),
        el("h4", { text: `Shared entities (${e.shared.length})` }),
        el("div", { className: "chips", id: "panel-shared" }, e.shared.map((key, i) => chip(key, e.shared_names[i] || key))),
      ]
      : [
        el("span", { className: "badge", style: { background: "#868e96" }, text: REL_TITLES[e.rel] || e.rel }),
        el("h2", { id: "panel-title", text: `${nameOf(e.from)} → ${nameOf(e.to)}` }),
        e.role ? el("p", { className: "meta", text: `role: ${e.role}` }) : null,
        el("ul", { className: "item-list" }, [nodeButton(e.from), nodeButton(e.to)]),
      ];
    openPanel(children);
    $("panel").dataset.edge = edgeId;
    delete $("panel").dataset.node;
  }

  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else closePanel();
  });
  network.on("hoverNode", () => ($("network").style.cursor = "pointer"));
  network.on("blurNode", () => ($("network").style.cursor = ""));

  $("panel-close").addEventListener("click", closePanel);
  $("fit").addEventListener("click", () => network.fit({ animation: { duration: 400 } }));
  document.title = DATA.title;

  renderStats();
  renderLegend();
  setupSlider();
  setupSearch();
  updateLinkCount();

  /* Exposed for scripting and tests; the page itself never reads it. */
  window.kgraph = { network, nodes, edges, nodeView, edgeView, focusNode, showNode, showEdge, setEgo, searchNodes };
  network.once("afterDrawing", () => {
    performance.mark("kgraph-drawn");
    window.kgraph.readyAt = performance.now();
    document.body.dataset.ready = "true";
  });
})();
