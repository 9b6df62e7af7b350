"""Find URLs in a paper's text: GitHub repositories and other links.

Repos are normalized to ``owner/repo`` with the case kept: trailing
punctuation, ``.git``, ``/tree/...`` paths, LaTeX escapes (``\\_``) and braces
are removed. The pure function :func:`find_links` does the work; the spaCy
component only stores its result on the Doc.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.doctext import doc_text
from kgraph.models import Repo

_GITHUB = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/"
    r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]|\\_)*)/"
    r"(?P<repo>(?:[A-Za-z0-9_.\-]|\\_)+)",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'{}|\\^`\[\]]+", re.IGNORECASE)
_GIT_SUFFIX = re.compile(r"\.git$", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""
_NOT_REPOS = {"features", "topics", "orgs", "sponsors", "marketplace", "about", "pricing"}

DOC_ATTR = "kgraph_links"


def parse_repo(url: str) -> Repo | None:
    """The GitHub repo a URL points to, or None.

    >>> parse_repo("https://github.com/Med-Process/Strip\\\\_MLP.")
    Repo(owner='Med-Process', name='Strip_MLP')
    >>> parse_repo("github.com/x/y.git/tree/main/sub").slug
    'x/y'
    """
    match = _GITHUB.search(url)
    if not match:
        return None
    owner = match.group("owner").replace("\\_", "_")
    name = match.group("repo").replace("\\_", "_").rstrip(_TRAILING)
    name = _GIT_SUFFIX.sub("", name).rstrip(_TRAILING)
    if not name or owner.lower() in _NOT_REPOS:
        return None
    return Repo(owner=owner, name=name)


def find_links(text: str) -> list[dict[str, Any]]:
    """Every URL in ``text`` as a dict: ``url``, ``kind``, ``start``, ``end`` and ``repo``.

    ``kind`` is ``github`` (with ``repo`` as ``owner/repo``), ``huggingface``
    or ``project``. A GitHub link repeated at once inside LaTeX braces
    (``\\href{url}{url}``) counts once.

    >>> [link["repo"] for link in find_links("Code: https://github.com/a/b{https://github.com/a/b}.")]
    ['a/b']
    """
    links: list[dict[str, Any]] = []
    seen_spans: list[tuple[int, int]] = []
    lower = text.lower()
    for match in _finditer(_GITHUB, text, lower, "github.com/"):
        repo = parse_repo(match.group(0))
        if repo is None:
            continue
        start, end = match.span()
        end = _trim_end(text, start, end)
        links.append({"url": repo.url, "kind": "github", "start": start, "end": end, "repo": repo.slug})
        seen_spans.append((start, end))
    for match in _finditer(_URL, text, lower, "http", "www."):
        start, end = match.span()
        if any(s <= start < e for s, e in seen_spans):
            continue
        end = _trim_end(text, start, end)
        url = text[start:end]
        if "github.com/" in url.lower():
            continue  # a GitHub URL with no repo part
        kind = "huggingface" if "huggingface.co" in url.lower() else "project"
        links.append({"url": url, "kind": kind, "start": start, "end": end, "repo": None})
    links.sort(key=lambda link: (link["start"], link["end"]))
    return _drop_repeats(links)


def _finditer(pattern: re.Pattern[str], text: str, lower: str, *markers: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, skipped when no match is possible: most texts have no URL.

    Each match of ``pattern`` (which ignores case) holds one of ``markers``, lower-case ASCII.
    ``lower`` holds every ASCII spelling of them; in other text ``re.IGNORECASE`` may read a
    non-ASCII character as an ASCII letter ("ı" as "i"), so such text is always searched.
    """
    if text.isascii() and not any(marker in lower for marker in markers):
        return
    yield from pattern.finditer(text)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _drop_repeats(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    unique: list[dict[str, Any]] = []
    keys: set[str] = set()
    for link in links:
        key = (link["repo"] or link["url"]).lower()
        if key not in keys:
            keys.add(key)
            unique.append(link)
    return unique


class LinkFinder:
    """spaCy component: stores :func:`find_links` of the text in ``doc._.kgraph_links``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        if not Doc.has_extension(DOC_ATTR):
            Doc.set_extension(DOC_ATTR, default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(DOC_ATTR, find_links(doc_text(doc)))
        return doc


@Language.factory("kgraph_links", assigns=["doc._.kgraph_links"], default_config={})
def make_link_finder(nlp: Language, name: str) -> LinkFinder:
    """Build the ``kgraph_links`` component."""
    return LinkFinder(nlp, name)
