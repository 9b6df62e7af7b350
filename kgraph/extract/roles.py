"""Which names an abstract proposes: naming phrases and "we propose X" cues.

The title's own rules are in :mod:`kgraph.extract.titles`. Rules, in the order of the
functions below:

- a naming phrase names a contribution: "which we refer to as X", "called X", "dubbed X";
- the object of a proposing verb ("we propose X", "this paper introduces X", "we present a
  novel framework, X,") is proposed; so is an appositive after "our ... model, X", a name in
  the passive voice ("a Strip Mixing Module (SMM) is proposed") and "our first approach is X";
- a capitalised component of the paper's method: "a trainable Cluster module", "the Strip
  MLP layer".

Pure functions over text; they return character spans.
"""

from __future__ import annotations

import re

from kgraph.extract.words import word_list
from kgraph.extract.wordsets import find_all, trie_pattern

Span = tuple[int, int]

# Proposing verbs, searched in the lower-cased text.
_PROPOSE_WORDS = word_list("propose")
# All verbs in one scan (a trie of their letters is far faster than one str.find per verb): a
# verb with no letter or digit after it. One inside a word ("re|build") is dropped afterwards;
# skipping over it cannot hide a whole verb, which would start after a non-letter.
_PROPOSE_VERB = re.compile(rf"{trie_pattern(_PROPOSE_WORDS)}(?![^\W_])")
_NAMING_STARTS = ("refer", "we call", "called", "named", "dubbed", "termed", "coined", "our ")
_NAMING = re.compile(
    r"\b(?:(?P<lower>refer(?:red)? to (?:it |this |them )?as|we call (?:it |this |them )?)|"
    r"(?:called|named|dubbed|termed|coined)|"
    r"our (?:first |second |third |main |key |final )?(?:approach|method|model|framework|technique|"
    r"module|solution) (?:is|was)(?: the| an?)?)\s+",
    re.I,
)
# Between a proposing verb and the name: nothing, or "a novel sampling model," and the like.
_GAP = re.compile(
    r"\s*(?:(?:a|an|the|our|two|three|several)\b[^,.;:()]{0,70}?(?:,|\s(?:called|named|dubbed|termed|namely))\s*"
    r"|(?:a|an|the|our)\s+(?=[A-Z]))?",
    re.I,
)
_QUOTED = re.compile(r"[\"“`']{1,2}([^\"”'`]{2,40}?)[,.]?[\"”']{1,2}")
_CAP_PHRASE = re.compile(
    r"[A-Z][\w]*(?:-[\w]+)*(?: (?:[A-Z][\w]*(?:-[\w]+)*|of|for|and))*?"
    r"(?: (?:[A-Z][\w]*(?:-[\w]+)*))*"
    r"(?: (?:modules?|blocks?|layers?|networks?|scores?|loss|mechanism|attention|tokens|embeddings))?"
)
_LOWER_NAME = re.compile(r"[a-z][\w]*(?:-[\w]+)*(?: [a-z][\w]*(?:-[\w]+)*){0,2}")
_APPOSITIVE = re.compile(
    r"\b(?:model|framework|method|approach|system|architecture|algorithm|tokenizer|network|pipeline|"
    r"paradigm|technique|strategy|toolkit|library|agent), $",
    re.I,
)
_NOVEL_BEFORE = re.compile(r"\b(?:novel|new|our|our proposed|the proposed)\s+$", re.I)
# How the words before ``_NOVEL_BEFORE``'s spaces end. Only ASCII letters match these letters
# under ``re.I``, so comparing lower-cased text first never misses a match.
_NOVEL_ENDINGS = frozenset({"el", "ew", "ur", "ed"})
_WE = re.compile(r"\b(?:we|our|this paper|this work)\b", re.I)
_PASSIVE_PROPOSAL = re.compile(
    r"(?: \([^()]{1,20}\))? (?:is|are) (?:\w+ly )?(?:proposed|introduced|designed|developed|devised)\b"
)
_TITLE_HEAD_SPLIT = re.compile(r":| (?:for|with|via|in|of|on|by|to|from|towards?|using|through)\b")
_STOP_AFTER_NAME = re.compile(r"^(?:that|which|to|for|with|by|in|on|as|where|whose|and)\b", re.I)


def naming_spans(text: str) -> list[Span]:
    """Names introduced by a naming phrase: "a process we refer to as hyperfitting".

    >>> text = 'a process we refer to as hyperfitting -- and a method called "echo embeddings".'
    >>> [text[s:e] for s, e in naming_spans(text)]
    ['hyperfitting', 'echo embeddings']
    >>> naming_spans("such as named entities")
    []
    """
    spans: list[Span] = []
    lower = text.lower()
    if not any(word in lower for word in _NAMING_STARTS):
        return spans
    for match in _naming_matches(text, lower):
        span = _name_at(text, match.end(), allow_lower=bool(match.group("lower")))
        if span:
            spans.append(span)
    return spans


def _naming_matches(text: str, lower: str) -> list[re.Match[str]]:
    """The matches of ``_NAMING`` in ``text``, tried only where one of its first words starts.

    Those words are found in ``lower``, which is exact when lower-casing kept every character
    in place and there is no dotless "ı" (``re.I`` reads it as "i"); otherwise the whole text
    is scanned. A match cannot start inside another, so these are the matches of ``finditer``.
    """
    if len(lower) != len(text) or "ı" in text:
        return list(_NAMING.finditer(text))
    starts = sorted({position for word in _NAMING_STARTS for position in find_all(lower, word)})
    return [match for position in starts if (match := _NAMING.match(text, position))]


def proposed_objects(text: str, candidates: list[Span], title: str = "") -> list[Span]:
    """Spans proposed by a "we propose X" cue: a candidate name, or a capitalised/quoted phrase.

    ``candidates`` are the names already found (coined names, acronym long forms); a
    proposing verb's object that is none of them is read as a capitalised or quoted
    phrase, or as a lower-case phrase that also starts the title ("patch-level training").

    >>> text = "We propose a new model, Sylber, that produces units. We design ToDRE, a framework."
    >>> [text[s:e] for s, e in proposed_objects(text, [(56, 61)])]
    ['Sylber', 'ToDRE']
    """
    starts = {start: (start, end) for start, end in candidates}
    found: list[Span] = []
    title_head = _title_head(title)
    for verb_end in _verb_ends(text):
        gap = _GAP.match(text, verb_end)
        position = gap.end() if gap else verb_end
        if position in starts:
            found.append(starts[position])
            continue
        span = _name_at(text, position, allow_lower=False)
        if span is None and title_head:
            head = text[position : position + len(title_head)]
            if head.lower() == title_head.lower():
                span = (position, position + len(head))
        if span:
            found.append(span)
    for start, end in candidates:
        # "a novel Token Type Classification"; "a Strip Mixing Module (SMM) is proposed"
        if _after_novel(text, start) or _PASSIVE_PROPOSAL.match(text, end):
            found.append((start, end))
        elif text[end : end + 1] in {",", "."} and _after_appositive(text, start):
            sentence_start = max(text.rfind(". ", 0, start), 0)
            if _WE.search(text[sentence_start:start]):
                found.append((start, end))
    return sorted(set(found))


def _after_novel(text: str, start: int) -> bool:
    """Whether "novel", "new", "our" or "the proposed" and spaces come just before ``start``."""
    window = max(0, start - 30)
    if text[window:start].rstrip()[-2:].lower() not in _NOVEL_ENDINGS:  # cheap test first
        return False
    return bool(_NOVEL_BEFORE.search(text, window, start))


def _after_appositive(text: str, start: int) -> bool:
    """Whether "model, " or the like comes just before ``start``.

    The regex ends in ", $", so the text must end in ", " there (or ", \\n": ``$`` also
    matches before a last newline); that cheap test comes first.
    """
    window = max(0, start - 40)
    return text.endswith((", ", ", \n"), window, start) and bool(_APPOSITIVE.search(text, window, start))


def _verb_ends(text: str) -> list[int]:
    """End offsets of the proposing verbs in ``text``, in order.

    A verb is a whole word (between characters that are not letters or digits) of the
    lower-cased text; the regex checks the end of the word and this function its start.
    """
    lower = text.lower()
    return [
        match.end()
        for match in _PROPOSE_VERB.finditer(lower)
        if not match.start() or not lower[match.start() - 1].isalnum()
    ]


def _name_at(text: str, position: int, *, allow_lower: bool) -> Span | None:
    """A quoted, capitalised or (if allowed) lower-case name starting at ``position``."""
    quoted = _QUOTED.match(text, position)
    if quoted:
        return quoted.start(1), quoted.end(1)
    capital = _CAP_PHRASE.match(text, position)
    if capital and capital.end() > position:
        end = position + len(capital.group().rstrip())
        for connector in (" of", " for", " and"):
            if text[position:end].endswith(connector):
                end -= len(connector)
        return position, end
    if allow_lower:
        lower = _LOWER_NAME.match(text, position)
        if lower:
            words = lower.group().split()
            while words and _STOP_AFTER_NAME.match(words[-1]):
                words.pop()
            if words and not _STOP_AFTER_NAME.match(words[0]):
                return position, position + len(" ".join(words))
    return None


def _title_head(title: str) -> str:
    """The title up to its first preposition or colon: "Patch-Level Training" of "... for LLMs"."""
    head = _TITLE_HEAD_SPLIT.split(title, maxsplit=1)[0]
    return head.strip() if 2 <= len(head.split()) <= 4 else ""


_COMPONENT = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Oo]ur)\s+(?:(?:trainable|learnable|novel|new|lightweight|proposed|dedicated)\s+)?"
    r"((?:[A-Z][\w-]*\s+){1,4}(?:module|block|layer|head|unit)s?)\b"
)


def component_spans(text: str) -> list[Span]:
    """Capitalised components of the paper's own method: "a trainable Cluster module".

    The head word ("module", "layer", "block", "head", "unit") belongs to the name, as the
    guidelines write "TSC Module". Callers drop components of known models ("the BERT layer").

    >>> text = "Here, a trainable Cluster module merges tokens; then a Regenerator module restores them."
    >>> [text[s:e] for s, e in component_spans(text)]
    ['Cluster module', 'Regenerator module']
    >>> component_spans("a linear layer and the attention head")
    []
    """
    if not any(head in text for head in ("module", "layer", "block", "head", "unit")):
        return []
    return [match.span(1) for match in _COMPONENT.finditer(text)]
