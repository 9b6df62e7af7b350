"""Map one JSON or CSV record onto the fields of a Paper.

Accepted field names include those of the public arXiv metadata snapshot
(``id``, ``title``, ``abstract``, ``authors``, ``categories``, ``update_date``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kgraph.ingest.clean import without_surrogates

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "paper_title", "name"),
    "abstract": ("abstract", "summary", "paper_abstract", "text"),
    "id": ("id", "paper_id", "paperId", "doc_id"),
    "arxiv_id": ("arxiv_id", "arxivId", "arxiv"),
    "url": ("url", "link", "paper_url", "pdf_url"),
    "date": ("date", "published", "update_date", "published_at", "publishedAt"),
    "authors": ("authors", "authors_parsed", "author"),
    "categories": ("categories", "category", "tags"),
    "comments": ("comments", "comment"),
}


@dataclass(frozen=True, slots=True)
class RawPaper:
    """The fields of one input record before cleaning and deduplication."""

    title: str
    abstract: str
    id: str | None = None
    arxiv_id: str | None = None
    url: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    comments: str | None = None


class RecordError(ValueError):
    """A record lacks a required field or has one of the wrong kind."""


def raw_paper_from_record(record: Mapping[str, Any]) -> RawPaper:
    """Read a record's fields under any of their accepted names.

    A record with an id may have no title (sentence- and paragraph-level data sets).

    Raises:
        RecordError: when ``abstract`` (or, without an id, ``title``) is missing or not text.
    """
    if not isinstance(record, Mapping):
        raise RecordError(f"expected an object with title and abstract, got {type(record).__name__}")
    values = {name: _first(record, names) for name, names in FIELD_NAMES.items()}
    has_id = _text_or_none(values["id"]) or _text_or_none(values["arxiv_id"])
    title = values["title"]
    untitled = bool(has_id) and (title is None or (isinstance(title, str) and not title.strip()))
    if untitled:
        values["title"] = ""
    for required in ("abstract",) if untitled else ("title", "abstract"):
        value = values[required]
        if value is None:
            accepted = ", ".join(f'"{n}"' for n in FIELD_NAMES[required])
            raise RecordError(f'no "{required}" field (accepted names: {accepted})')
        if not isinstance(value, str):
            raise RecordError(f'"{required}" must be text, got {type(value).__name__}')
        if not value.strip():
            raise RecordError(f'the "{required}" field is empty')
    return RawPaper(
        title=values["title"],
        abstract=values["abstract"],
        id=_text_or_none(values["id"]),
        arxiv_id=_text_or_none(values["arxiv_id"]),
        url=_text_or_none(values["url"]),
        date=_text_or_none(values["date"]),
        authors=_names(values["authors"]),
        categories=_categories(values["categories"]),
        comments=_text_or_none(values["comments"]) if isinstance(values["comments"], str) else None,
    )


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value is not None:
            return value
    return None


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = without_surrogates(str(value)).strip()
    return text or None


def _names(value: Any) -> tuple[str, ...]:
    """Authors as a list of names, a list of [last, first, suffix] triples or one string."""
    if value is None:
        return ()
    if isinstance(value, str):
        parts = re.split(r",\s*|\s+and\s+|;\s*", without_surrogates(value))
        return tuple(p.strip() for p in parts if p.strip())
    _check_list(value, "authors")
    names = []
    for item in value:
        if isinstance(item, (list, tuple)):  # arXiv "authors_parsed": [last, first, suffix]
            last, first = ([str(part or "") for part in item] + ["", ""])[:2]
            names.append(f"{first} {last}".strip())
        elif isinstance(item, Mapping):
            names.append(str(item.get("name") or "").strip())
        elif item is not None:
            names.append(str(item).strip())
    return tuple(without_surrogates(n) for n in names if n)


def _categories(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = re.split(r"[\s,;]+", value)
    _check_list(value, "categories")
    return tuple(without_surrogates(str(c)) for c in value if c is not None and str(c))


def _check_list(value: Any, field: str) -> None:
    if not isinstance(value, (list, tuple)):
        raise RecordError(f'"{field}" must be text or a list, got {type(value).__name__}')
