"""Which names a paper proposes: the title's "X: ..." prefix and "we propose X" cues.

Rules, in the order of the functions below:

- the title names its contribution before a colon ("GRIFFIN: Effective Token Alignment
  ...") or, less often, after it ("Gradient Boosting Neural Networks: GrowNet");
- a naming phrase names a contribution: "which we refer to as X", "called X", "dubbed X";
- the object of a proposing verb ("we propose X", "this paper introduces X", "we present a
  novel framework, X,") is proposed; so is an appositive after "our ... model, X".

Pure functions over text; they return character spans.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_DETERMINER = re.compile(r"^(?:a|an|the|towards?|on|in|is|are|do|does|can|how|why|what|when|beyond)\b", re.I)
_PROPOSE = re.compile(
    r"\b(?:propose|proposes|proposed|present|presents|introduce|introduces|design|designs|develop|develops|"
    r"devise|devises|build|builds|construct|constructs|contribute|contributes|release|releases|"
    r"create|creates|offer|offers|formulate|formulates|term|call|coin|designed|developed|devised|introduced|"
    r"presented|built|constructed|created|contributed)\b",
    re.I,
)
_NAMING = re.compile(
    r"\b(?:refer(?:red)? to (?:it |this |them )?as|(?:is |are )?(?:called|named|dubbed|termed|coined)|"
    r"we call (?:it |this |them )?|namely)\s+",
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
_STOP_AFTER_NAME = re.compile(r"^(?:that|which|to|for|with|by|in|on|as|where|whose|and)\b", re.I)


def title_name(title: str) -> Span | None:
    """The span of the name a "Name: subtitle" title gives its contribution, or None.

    >>> t = "GRIFFIN: Effective Token Alignment for Faster Speculative Decoding"
    >>> s, e = title_name(t); t[s:e]
    'GRIFFIN'
    >>> t = "Gradient Boosting Neural Networks: GrowNet"
    >>> s, e = title_name(t); t[s:e]
    'GrowNet'
    >>> title_name("Next Token Prediction Towards Multimodal Intelligence: A Comprehensive Survey") is None
    True
    """
    colon = title.find(":")
    if colon <= 0:
        return None
    prefix = title[:colon].strip()
    if 1 <= len(prefix.split()) <= 3 and not _DETERMINER.match(prefix) and prefix[0].isalnum():
        start = title.find(prefix)
        return start, start + len(prefix)
    suffix = title[colon + 1 :].strip().rstrip(".")
    if len(suffix.split()) == 1 and suffix[:1].isupper():
        start = title.rfind(suffix)
        return start, start + len(suffix)
    return None


def naming_spans(text: str) -> list[Span]:
    """Names introduced by a naming phrase: "a process we refer to as hyperfitting".

    >>> text = 'a process we refer to as hyperfitting -- and a method called "echo embeddings".'
    >>> [text[s:e] for s, e in naming_spans(text)]
    ['hyperfitting', 'echo embeddings']
    """
    spans = []
    for match in _NAMING.finditer(text):
        span = _name_at(text, match.end(), allow_lower=True)
        if span:
            spans.append(span)
    return spans


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
    for match in _PROPOSE.finditer(text):
        gap = _GAP.match(text, match.end())
        position = gap.end() if gap else match.end()
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
        if _APPOSITIVE.search(text, max(0, start - 40), start) and text[end : end + 1] in {",", "."}:
            sentence_start = max(text.rfind(". ", 0, start), 0)
            if re.search(r"\b(?:we|our|this paper|this work)\b", text[sentence_start:start], re.I):
                found.append((start, end))
    return sorted(set(found))


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
    head = re.split(r":| (?:for|with|via|in|of|on|by|to|from|towards?|using|through)\b", title, maxsplit=1)[0]
    return head.strip() if 2 <= len(head.split()) <= 4 else ""
