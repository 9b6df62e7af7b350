"""Deduplication: which records are copies of one paper, and what the merged paper keeps.

Records are the same paper when they share an explicit id (``id``, or an arXiv id from any
field), or when their normalized titles match and at least one side has no id: two records
with different ids are two papers whatever their titles. A merged paper takes the first
explicit id, the content of its fullest copy (the longest abstract; the first on ties, so an
edit that extends any copy shows), the metadata any copy has, and every source. Each merge is
recorded as a :class:`Merge`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from kgraph.errors import InputError
from kgraph.ingest.ids import normalize_title
from kgraph.models import Paper

MergedBy = Literal["id", "arxiv id", "title"]


@dataclass(frozen=True, slots=True)
class Merge:
    """One record merged into a paper read before: where it was, which paper, and why."""

    where: str
    into: str
    first: str
    by: MergedBy
    differs: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "where": self.where,
            "into": self.into,
            "first": self.first,
            "by": self.by,
            "differs": self.differs,
        }


@dataclass
class PaperIndex:
    """The papers read so far, looked up by id, arXiv id and normalized title."""

    papers: list[Paper] = field(default_factory=list)
    explicit: list[bool] = field(default_factory=list)
    _by_id: dict[str, int] = field(default_factory=dict)
    _by_title: dict[str, int] = field(default_factory=dict)

    def add(self, paper: Paper, *, explicit: bool) -> Merge | None:
        """Add a paper, or merge it into the copy read before; return the merge, if any.

        Raises:
            InputError: when the paper's id is already used by a paper with another title.
        """
        ids = _id_keys(paper) if explicit else []
        title = normalize_title(paper.title)
        key = next((key for key in ids if key in self._by_id), None)
        hit = self._by_id[key] if key else None
        by: MergedBy = "arxiv id" if key and key.startswith("arxiv:") else "id"
        if hit is not None:
            self._check_same_paper(hit, paper, title)
        elif title and title in self._by_title:
            candidate = self._by_title[title]
            if not (explicit and self.explicit[candidate]):
                hit, by = candidate, "title"
        if hit is None:
            self.papers.append(paper)
            self.explicit.append(explicit)
            self._register(len(self.papers) - 1, ids, title)
            return None
        kept = self.papers[hit]
        merged, differs = _merged(kept, paper, take_id=explicit and not self.explicit[hit])
        self.papers[hit] = merged
        self.explicit[hit] = self.explicit[hit] or explicit
        self._register(hit, ids, title)
        return Merge(paper.sources[0], merged.id, kept.sources[0], by, differs)

    def _register(self, index: int, ids: list[str], title: str) -> None:
        for key in ids:
            self._by_id.setdefault(key, index)
        if title:
            self._by_title.setdefault(title, index)

    def _same_arxiv(self, index: int, paper: Paper) -> bool:
        return paper.arxiv_id is not None and self.papers[index].arxiv_id == paper.arxiv_id

    def _check_same_paper(self, index: int, paper: Paper, title: str) -> None:
        kept = self.papers[index]
        kept_title = normalize_title(kept.title)
        if kept_title == title or not (kept_title and title) or self._same_arxiv(index, paper):
            return
        problem = (
            f'id "{paper.id}" is used again for a different paper ("{paper.title[:60]}" vs '
            f'"{kept.title[:60]}", first at {kept.sources[0]})'
        )
        raise InputError(paper.sources[0], problem, "Give each paper its own id.")


def _id_keys(paper: Paper) -> list[str]:
    keys = [f"id:{paper.id}"]
    if paper.arxiv_id:
        keys.append(f"arxiv:{paper.arxiv_id}")
    return keys


def _merged(kept: Paper, copy: Paper, *, take_id: bool) -> tuple[Paper, bool]:
    """``kept`` with ``copy``'s sources, its content when fuller, and metadata it lacked."""
    differs = (kept.title, kept.abstract) != (copy.title, copy.abstract)
    fuller = copy if len(copy.abstract) > len(kept.abstract) else kept
    identity = copy if take_id else kept
    return (
        replace(
            kept,
            id=identity.id,
            arxiv_id=identity.arxiv_id or kept.arxiv_id or copy.arxiv_id,
            title=fuller.title or kept.title or copy.title,
            abstract=fuller.abstract,
            url=kept.url or copy.url,
            date=kept.date or copy.date,
            authors=kept.authors or copy.authors,
            categories=kept.categories or copy.categories,
            comments=kept.comments or copy.comments,
            sources=tuple(dict.fromkeys(kept.sources + copy.sources)),
        ),
        differs,
    )
