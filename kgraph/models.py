"""The data model shared by every stage: plain, frozen, picklable records.

Nothing here imports spaCy or networkx, so results pickle across processes and
diff cleanly in tests.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Literal, NamedTuple

Role = Literal["proposed", "used"]
Field = Literal["title", "abstract"]


class EntityType(StrEnum):
    """The entity types of ../shared/gold/GUIDELINES.md."""

    METHOD = "METHOD"
    DATASET = "DATASET"
    BENCHMARK = "BENCHMARK"
    METRIC = "METRIC"
    TASK = "TASK"
    TECHNIQUE = "TECHNIQUE"

    @property
    def label(self) -> str:
        """The Neo4j label and display name: ``Method``, ``Dataset`` ..."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Paper:
    """One real paper, after deduplication.

    ``sources`` lists every ``file:line`` the paper was read from; ``comments`` is the arXiv
    comments field (where code links often sit), scanned for links but not for entities.
    """

    id: str
    title: str
    abstract: str
    url: str | None = None
    arxiv_id: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    comments: str | None = None

    @property
    def text(self) -> str:
        """The text the extractor reads: title, a newline, then the abstract."""
        return f"{self.title}\n{self.abstract}"


class Mention(NamedTuple):
    """One occurrence of an entity in a paper.

    ``start``/``end`` are character offsets into ``Paper.text``; ``field`` says
    whether the mention lies in the title or the abstract, and ``sentence`` is
    the evidence sentence. ``found_by`` names the pipeline component. ``confidence`` is the
    probability that the mention is an entity of this type (1.0 where no model decided).

    A named tuple rather than a frozen dataclass: a corpus has millions of mentions, and a
    tuple is built, pickled between processes and unpickled several times faster.
    """

    paper_id: str
    type: EntityType
    text: str
    start: int
    end: int
    sentence: str
    found_by: str
    field: Field = "abstract"
    role: Role | None = None
    long_form: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True, slots=True, order=True)
class Repo:
    """A GitHub repository, ``owner/name`` with the case the text used."""

    owner: str
    name: str

    @property
    def slug(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def key(self) -> str:
        """Case-insensitive identity (GitHub treats names case-insensitively)."""
        return f"REPO:{self.slug.lower()}"

    @property
    def url(self) -> str:
        return f"https://github.com/{self.slug}"


@dataclass(frozen=True, slots=True)
class LinkMention:
    """A URL in a paper: a GitHub repo (``repo`` set) or another link."""

    paper_id: str
    url: str
    kind: Literal["github", "huggingface", "project"]
    start: int
    end: int
    repo: Repo | None = None


@dataclass(frozen=True, slots=True)
class PaperExtraction:
    """Everything the extractor found in one paper."""

    paper: Paper
    mentions: tuple[Mention, ...] = ()
    links: tuple[LinkMention, ...] = ()

    @property
    def repos(self) -> tuple[Repo, ...]:
        """The paper's distinct repos in order of first mention."""
        seen: dict[str, Repo] = {}
        for link in self.links:
            if link.repo is not None and link.repo.key not in seen:
                seen[link.repo.key] = link.repo
        return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing after resolution across the corpus."""

    key: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = field(default=())


_NON_WORD = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """Case-, space-, hyphen- and plural-insensitive key of a name.

    >>> name_key("Vision-Transformers")
    'visiontransformer'
    >>> name_key("Llama 2") != name_key("Llama 3")
    True
    """
    text = unicodedata.normalize("NFKC", name).lower()
    key = _NON_WORD.sub("", text)
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss") and key[-2].isalpha():
        key = key[:-1]
    return key


# Extraction and resolution both key the same names again and again, within and across papers.
cached_name_key = lru_cache(maxsize=1 << 16)(name_key)
