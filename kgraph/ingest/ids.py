"""Stable paper ids and the normalized titles used to deduplicate papers."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_ARXIV_ID = re.compile(
    r"^(?:arxiv:)?(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE
)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5}|[a-z\-]+/\d{7})", re.I)
_HF_PAPER_URL = re.compile(r"huggingface\.co/papers/(?P<id>\d{4}\.\d{4,5})", re.I)


def normalize_title(title: str) -> str:
    """Lower-case the title and fold every run of non-word characters into one space.

    >>> normalize_title("  QTSeg: A Query-Token   Framework! ")
    'qtseg a query token framework'
    """
    text = unicodedata.normalize("NFKC", title).lower()
    return re.sub(r"\W+", " ", text).strip()


def title_id(title: str) -> str:
    """Content id of a paper without a given id: 12 hex digits of SHA-1 of its normalized title.

    >>> title_id("QTSeg: A Query-Token Framework") == title_id("qtseg -- a query token framework")
    True
    >>> len(title_id("Attention Is All You Need"))
    12
    """
    return hashlib.sha1(normalize_title(title).encode("utf-8")).hexdigest()[:12]


def arxiv_id_of(*candidates: str | None) -> str | None:
    """The first arXiv id found in the given ids or URLs, without its version suffix.

    >>> arxiv_id_of(None, "2401.01234v2")
    '2401.01234'
    >>> arxiv_id_of("https://huggingface.co/papers/2310.00001")
    '2310.00001'
    """
    for value in candidates:
        if not value:
            continue
        value = value.strip()
        for pattern in (_ARXIV_ID, _ARXIV_URL, _HF_PAPER_URL):
            match = pattern.search(value) if pattern is not _ARXIV_ID else pattern.match(value)
            if match:
                return match.group("id")
    return None
