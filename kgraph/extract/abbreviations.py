"""Acronym definitions such as "Next Token Prediction (NTP)".

Implements the Schwartz & Hearst (2003) algorithm, "A simple algorithm for
identifying abbreviation definitions in biomedical text": a short form in
parentheses is matched, character by character from its end, against the words
just before it. Like scispacy's detector it only reports pairs; it does not
merge or replace spans. Also accepts the reversed order, "NTP (next token
prediction)", when the parenthesised part is the long form.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.doctext import doc_text

DOC_ATTR = "kgraph_abbreviations"
_PAREN = re.compile(r"\(([^()]{1,80})\)")
_WORD = re.compile(r"\S+")


class Abbreviation(NamedTuple):
    """A long form and its short form, as character offsets into the text."""

    long_start: int
    long_end: int
    short_start: int
    short_end: int


def is_short_form(candidate: str) -> bool:
    """A plausible acronym: 2-10 characters, one word, a capital letter, starts alphanumeric.

    >>> is_short_form("NTP"), is_short_form("ViT-B"), is_short_form("e.g."), is_short_form("ours")
    (True, True, False, False)
    """
    if not 2 <= len(candidate) <= 12 or " " in candidate.strip():
        return False
    if not candidate[0].isalnum() or not any(c.isupper() for c in candidate):
        return False
    return sum(c.isalpha() for c in candidate) >= 2


def best_long_form(short: str, words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The shortest run of trailing ``words`` that contains the short form's letters in order.

    Each short-form letter must appear in the long form, the first one at the
    start of a word (Schwartz & Hearst's rule).
    """
    letters = [c.lower() for c in short if c.isalnum()]
    if not letters or not words:
        return None
    text_start = words[0][0]
    long_text = " ".join(w for _, _, w in words)
    # Map positions in the joined text back to the original offsets.
    positions: list[int] = []
    for index, (start, _, word) in enumerate(words):
        positions.extend(range(start, start + len(word)))
        if index < len(words) - 1:
            positions.append(-1)
    s_index, l_index = len(letters) - 1, len(long_text) - 1
    while s_index >= 0:
        char = letters[s_index]
        while l_index >= 0 and (
            long_text[l_index].lower() != char
            or (s_index == 0 and l_index > 0 and long_text[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start_at = long_text.rfind(" ", 0, l_index + 1) + 1
    start = positions[start_at] if positions[start_at] >= 0 else text_start
    return start, words[-1][1]


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Every "long form (SHORT)" and "SHORT (long form)" definition in ``text``.

    >>> text = "We study next token prediction (NTP) at scale."
    >>> [(text[a.long_start:a.long_end], text[a.short_start:a.short_end]) for a in find_abbreviations(text)]
    [('next token prediction', 'NTP')]
    """
    found: list[Abbreviation] = []
    for match in _PAREN.finditer(text):
        inner = match.group(1).strip()
        inner_start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
        first = re.split(r"[;,]\s", inner)[0].strip()
        if is_short_form(first):
            short_end = inner_start + len(first)
            window = _words_before(text, match.start(), limit=min(len(first) + 5, 2 * len(first)))
            span = best_long_form(first, window)
            if span and span[1] - span[0] > len(first):
                found.append(Abbreviation(span[0], span[1], inner_start, short_end))
            continue
        before = _words_before(text, match.start(), limit=1)
        if before and is_short_form(before[-1][2]) and len(inner.split()) >= 2:
            short_start, short_end, short = before[-1]
            inner_words = [
                (m.start() + inner_start, m.end() + inner_start, m.group()) for m in _WORD.finditer(inner)
            ]
            span = best_long_form(short, inner_words)
            if span and span[0] == inner_start:
                found.append(Abbreviation(span[0], span[1], short_start, short_end))
    return found


def _words_before(text: str, end: int, *, limit: int) -> list[tuple[int, int, str]]:
    """Up to ``limit`` words before ``end``, within the same clause."""
    head = text[:end].rstrip()
    stop = max(head.rfind(ch) for ch in ".;:!?\n(")
    words = [(m.start() + stop + 1, m.end() + stop + 1, m.group()) for m in _WORD.finditer(head[stop + 1 :])]
    words = [(s, e - len(w) + len(w.rstrip(",")), w.rstrip(",")) for s, e, w in words]
    return [w for w in words[-limit:] if w[2]]


class AbbreviationDetector:
    """spaCy component: stores :func:`find_abbreviations` in ``doc._.kgraph_abbreviations``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        if not Doc.has_extension(DOC_ATTR):
            Doc.set_extension(DOC_ATTR, default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(DOC_ATTR, [tuple(a) for a in find_abbreviations(doc_text(doc))])
        return doc


@Language.factory("kgraph_abbreviations", assigns=["doc._.kgraph_abbreviations"], default_config={})
def make_abbreviation_detector(nlp: Language, name: str) -> AbbreviationDetector:
    """Build the ``kgraph_abbreviations`` component."""
    return AbbreviationDetector(nlp, name)
