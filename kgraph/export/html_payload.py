"""What the explorer's details panel shows for each node, as plain JSON-ready data.

Relations (who proposes or uses an entity, which papers share what) are not
repeated here: the page derives them from the edges it draws.
"""

from __future__ import annotations

from typing import Any

from kgraph.schema import PAPER, REPO

_LABEL_LENGTH = 32


def safe_url(url: object) -> str | None:
    """``url`` when it is an http(s) URL, else None (no ``javascript:``, ``data:`` ...).

    >>> safe_url("https://github.com/a/b"), safe_url("javascript:alert(1)"), safe_url(" HTTP://x.org ")
    ('https://github.com/a/b', None, 'HTTP://x.org')
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) and len(url) > 8 else None


def short_label(data: dict[str, Any]) -> str:
    """The label drawn under a node: a paper's short title (before a colon) or an entity's name.

    >>> short_label({"kind": "Paper", "title": "Croc: Pretraining Large Multimodal Models"})
    'Croc'
    >>> short_label({"kind": "Method", "name": "BERT"})
    'BERT'
    """
    if data.get("kind") == PAPER:
        title = str(data.get("title", ""))
        head = title.split(":", 1)[0].strip() if ":" in title[:40] else title
        return head if len(head) <= _LABEL_LENGTH else head[: _LABEL_LENGTH - 1].rstrip() + "…"
    return str(data.get("name", ""))


def node_details(data: dict[str, Any]) -> dict[str, Any]:
    """The panel's data for one node: papers get text and links, entities and repos their names."""
    kind = data.get("kind", "")
    if kind == PAPER:
        return _paper(data)
    if kind == REPO:
        return {
            "kind": kind,
            "name": data.get("name", ""),
            "owner": data.get("owner", ""),
            "url": safe_url(data.get("url")),
            "papers": data.get("papers", 0),
        }
    return {
        "kind": kind,
        "type": data.get("type", ""),
        "name": data.get("name", ""),
        "aliases": sorted(set(data.get("aliases", [])) - {data.get("name", "")}, key=str.casefold),
        "papers": data.get("papers", 0),
        "proposed_by": data.get("proposed_by", 0),
    }


def _paper(data: dict[str, Any]) -> dict[str, Any]:
    repos = sorted(data.get("repos", []), key=str.casefold)
    mentions = sorted(
        (
            [m["start"], m["end"], m["key"]]
            for m in data.get("mentions", [])
            if m.get("field", "abstract") == "abstract"
        ),
        key=lambda m: (m[0], -m[1]),
    )
    return {
        "kind": PAPER,
        "id": data.get("key", ""),
        "title": data.get("title", ""),
        "abstract": data.get("abstract", ""),
        "mentions": mentions,
        "url": safe_url(data.get("url")),
        "arxiv_id": data.get("arxiv_id") or "",
        "date": data.get("date") or "",
        "authors": list(data.get("authors", [])),
        "repos": [{"name": r, "url": f"https://github.com/{r}"} for r in repos if _is_repo_name(r)],
        "links": sorted({u for u in map(safe_url, data.get("links", [])) if u}),
    }


def _is_repo_name(name: str) -> bool:
    owner, _, repo = name.partition("/")
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    return bool(owner and repo) and set(owner) <= allowed and set(repo) <= allowed
