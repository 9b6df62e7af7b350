"""Candidate entity spans and how they compete: selection, one type per name, token alignment.

Pure functions over character offsets, used by :mod:`kgraph.extract.entities`, except
:func:`candidate_spans` and :func:`token_offsets`, which read the Doc's tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

from kgraph.models import cached_name_key, name_key

_VERSION_SUFFIX = re.compile(r"[- ](?=v?\d)")
_by_position = attrgetter("start", "end")


class Candidate(NamedTuple):
    """A typed character span and the evidence for it (lower ``rank`` is stronger)."""

    start: int
    end: int
    label: str
    rank: int
    found_by: str
    proposed: bool = False


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, best evidence first, then the longest, then the earliest."""
    chosen: list[Candidate] = []
    taken = bytearray(max((c.end for c in candidates), default=0))
    for cand in sorted(candidates, key=lambda c: (c.rank, c.start - c.end, c.start)):
        start, end = cand.start, cand.end
        if end <= start or 1 in taken[start:end]:
            continue
        chosen.append(cand)
        taken[start:end] = b"\x01" * (end - start)
    return sorted(chosen, key=_by_position)


def unify_types(chosen: list[Candidate], text: str, proposed_spans: set[tuple[int, int]]) -> list[Candidate]:
    """Give every mention of a name the type of its best-ranked mention; spread "proposed".

    A name is proposed when any of its mentions is, or covers one of ``proposed_spans``.
    """
    best: dict[str, Candidate] = {}
    proposed: set[str] = set()
    keys = [cached_name_key(text[cand.start : cand.end]) for cand in chosen]
    for cand, key in zip(chosen, keys, strict=True):
        if key not in best or cand.rank < best[key].rank:
            best[key] = cand
        if cand.proposed or (cand.start, cand.end) in proposed_spans:
            proposed.add(key)
    for key, cand in best.items():  # "FuseChat-7B" is a size of the proposed "FuseChat"
        stem = _stem_key(text[cand.start : cand.end])
        if stem != key and stem in proposed:
            proposed.add(key)
    result = []
    for cand, key in zip(chosen, keys, strict=True):
        label = best[key].label
        is_proposed = key in proposed and label == "METHOD"
        if label != cand.label or is_proposed != cand.proposed:
            cand = Candidate(cand.start, cand.end, label, cand.rank, cand.found_by, is_proposed)
        result.append(cand)
    return result


@lru_cache(maxsize=1 << 14)
def _stem_key(name: str) -> str:
    """The name key of ``name`` without its size or version suffix ("FuseChat-7B": "fusechat")."""
    return name_key(_VERSION_SUFFIX.split(name, maxsplit=1)[0])


def candidate_spans(doc: Doc, candidates: list[Candidate]) -> list[Span | None]:
    """A span of ``doc`` per candidate over the tokens its characters cover, or None.

    ``doc.char_span`` makes the spans of candidates on token boundaries, nearly all of
    them; only a Doc with another candidate needs the offsets of all its tokens.
    """
    spans = [doc.char_span(c.start, c.end, label=c.label) for c in candidates]
    offsets: tuple[list[int], list[int]] | None = None
    for i, cand in enumerate(candidates):
        if spans[i] is None:
            offsets = offsets or token_offsets(doc)
            bounds = token_bounds(*offsets, cand.start, cand.end)
            spans[i] = Span(doc, *bounds, label=cand.label) if bounds else None
    return spans


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """The start and end character of each token, from the Doc's arrays (no Token objects)."""
    array = doc.to_array([IDX, LENGTH]).reshape(-1, 2)
    return array[:, 0].tolist(), (array[:, 0] + array[:, 1]).tolist()


def token_bounds(starts: list[int], ends: list[int], start: int, end: int) -> tuple[int, int] | None:
    """The token range ``[first, last)`` for characters ``[start, end)``, or None.

    Like ``doc.char_span(..., alignment_mode="expand")`` on precomputed token offsets; when
    that would add more than one character (a name glued to other text in one token,
    "FID<2"), only the tokens inside the characters are kept ("contract"). On token
    boundaries it is ``doc.char_span(...)``'s range.

    >>> starts, ends = [0, 6, 9], [5, 8, 12]  # "FID<2 is low"
    >>> token_bounds(starts, ends, 0, 3), token_bounds(starts, ends, 6, 12)
    (None, (1, 3))
    """
    first = max(bisect_right(starts, start) - 1, 0)
    last = bisect_left(starts, end)
    if last <= first:
        return None
    if ends[last - 1] - starts[first] > end - start + 1:
        first += starts[first] < start
        last -= ends[last - 1] > end
    return (first, last) if last > first else None
