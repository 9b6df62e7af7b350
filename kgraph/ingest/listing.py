"""Parser for text dumps of Hugging Face paper listing pages.

A dump alternates a title line and an abstract line, wrapped in page chrome
("Get trending papers in your email inbox!", "Subscribe", date lines such as
"Mar 14"). The first title may be glued to "Subscribe".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_CHROME = re.compile(
    r"^(?:new|subscribe|get trending papers in your email inbox(?: once a day)?!?"
    r"|by ?ak and the research community|upvote|\d+|submitted by .*"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}(?:, \d{4})?)$",
    re.IGNORECASE,
)
_GLUED_PREFIX = re.compile(r"^Subscribe(?=\S)")
# A title is one short line; an abstract is prose, long enough to hold sentences.
_MAX_TITLE_CHARS = 300
_MIN_ABSTRACT_CHARS = 80


@dataclass(frozen=True, slots=True)
class ListingEntry:
    """One title/abstract pair and the 1-based line number of its title."""

    title: str
    abstract: str
    line: int


@dataclass(frozen=True, slots=True)
class ListingOrphan:
    """A content line that is neither half of a title/abstract pair (a lost paper)."""

    text: str
    line: int

    @property
    def problem(self) -> str:
        kind = "title" if _is_title(self.text) and len(self.text) < _MIN_ABSTRACT_CHARS else "abstract"
        if kind == "title":
            return f'the title "{self.text[:60]}" has no abstract line after it'
        return f'the abstract "{self.text[:60]}..." has no title line before it'


def is_chrome(line: str) -> bool:
    """True for the listing page's navigation text, which is not paper content.

    >>> is_chrome("Get trending papers in your email inbox once a day!"), is_chrome("Mar 14")
    (True, True)
    >>> is_chrome("Attention Is All You Need")
    False
    """
    return bool(_CHROME.match(line.strip()))


def parse_listing(lines: Iterable[str]) -> Iterator[ListingEntry]:
    """Yield the title/abstract pairs of a listing dump, in file order (see :func:`scan_listing`)."""
    for item in scan_listing(lines):
        if isinstance(item, ListingEntry):
            yield item


def scan_listing(lines: Iterable[str]) -> Iterator[ListingEntry | ListingOrphan]:
    """Yield the title/abstract pairs of a listing dump and its orphan lines, in file order.

    A line counts as a title when it is short and the next content line is
    long enough to be an abstract. Page chrome is skipped; any other line is a
    :class:`ListingOrphan`: a title without its abstract, or an abstract without its title.
    """
    content: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, 1):
        line = _GLUED_PREFIX.sub("", raw.strip())
        if line and not is_chrome(line):
            content.append((number, line))
    index = 0
    while index + 1 < len(content):
        (number, title), (_, abstract) = content[index], content[index + 1]
        if _is_title(title) and len(abstract) >= _MIN_ABSTRACT_CHARS and len(abstract) > len(title):
            yield ListingEntry(title=title, abstract=abstract, line=number)
            index += 2
        else:
            yield ListingOrphan(text=title, line=number)
            index += 1
    if index < len(content):
        yield ListingOrphan(text=content[index][1], line=content[index][0])


def _is_title(line: str) -> bool:
    return len(line) <= _MAX_TITLE_CHARS and not line.endswith((".", "?")) or len(line) < 120
