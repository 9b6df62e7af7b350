"""Per-paper extraction records in the scorer's JSONL format."""

from __future__ import annotations

from typing import Any

from kgraph.models import PaperExtraction
from kgraph.resolve import group_mentions


def extraction_record(extraction: PaperExtraction) -> dict[str, Any]:
    """One paper's document-level entities, repos and other links.

    The shape is ``{"id", "entities": [{"type", "name", "aliases", "role"}],
    "repos": ["owner/repo"], "links": [url]}``; ``role`` is set for methods only.
    """
    entities = []
    for group in group_mentions(extraction.mentions):
        entity: dict[str, Any] = {
            "type": group.type.value,
            "name": group.name,
            "aliases": list(group.aliases),
        }
        if group.role:
            entity["role"] = group.role
        entities.append(entity)
    return {
        "id": extraction.paper.id,
        "entities": entities,
        "repos": [repo.slug for repo in extraction.repos],
        "links": [link.url for link in extraction.links if link.repo is None],
    }
