"""Which names a title gives the paper's contribution.

- the title names its contribution before a colon or a dash ("GRIFFIN: Effective Token
  Alignment ...", "QuickSilver -- Speeding up ...") or, less often, after it ("Gradient
  Boosting Neural Networks: GrowNet");
- or after "via", "with", "through", "using" or "by" ("... Inference via Local Determinism
  Propagation"), when the abstract proposes something;
- or, when the abstract proposes something it does not name, with its leading noun phrase
  ("A Global Context Mechanism for Sequence Labeling").

Descriptions are no names: a title phrase that starts with a gerund ("Fishing for ..."), a
descriptive word ("Efficient ...", "Training-Free ...") or reads as a sentence ("Logits are All
We Need") is skipped. Pure functions over text; they return character spans.
"""

from __future__ import annotations

import re

from kgraph.extract.words import word_set

Span = tuple[int, int]

# "X: A Survey", "X: Can LLMs ...?": X is the topic, not a contribution.
_NOT_A_NAME_TITLE = re.compile(
    r"^\s*(?:an? )?(?:survey|review|overview|tutorial|primer|position paper)\b|\?\s*$", re.I
)
_DETERMINER = re.compile(r"^(?:a|an|the|towards?|on|in|is|are|do|does|can|how|why|what|when|beyond)\b", re.I)
# What ends a title's name: a colon, or a dash between spaces ("QuickSilver -- Speeding up ...").
_TITLE_SEPARATOR = re.compile(r":| -{1,2} | [\u2013\u2014] ")
# "Fishing for ...", "Enhancing ...": a title that starts with a gerund describes, it does not name.
_GERUND = re.compile(r"[A-Z][a-z]{2,}ing$")


def title_name(title: str) -> Span | None:
    """The span of the name a "Name: subtitle" title gives its contribution, or None.

    >>> t = "GRIFFIN: Effective Token Alignment for Faster Speculative Decoding"
    >>> s, e = title_name(t); t[s:e]
    'GRIFFIN'
    >>> t = "Gradient Boosting Neural Networks: GrowNet"
    >>> s, e = title_name(t); t[s:e]
    'GrowNet'
    >>> t = "QuickSilver -- Speeding up LLM Inference through Dynamic Token Halting"
    >>> s, e = title_name(t); t[s:e]
    'QuickSilver'
    >>> title_name("Next Token Prediction Towards Multimodal Intelligence: A Comprehensive Survey") is None
    True
    >>> title_name("Augmented Language Models: a Survey") is None
    True
    >>> title_name("Fishing for Magikarp: Detecting Under-trained Tokens") is None
    True
    """
    separator = _TITLE_SEPARATOR.search(title)
    if not separator or separator.start() == 0 or _NOT_A_NAME_TITLE.search(title[separator.end() :]):
        return None
    prefix = title[: separator.start()].strip()
    words = prefix.split()
    if (
        1 <= len(words) <= 3
        and not _DETERMINER.match(prefix)
        and all(any(c.isalnum() for c in word) for word in words)  # no emoji or dash words
        and prefix[0].isalnum()
        and not (len(words) > 1 and _GERUND.match(words[0]))
    ):
        start = title.find(prefix)
        return start, start + len(prefix)
    suffix = title[separator.end() :].strip().rstrip(".")
    if separator.group() == ":" and len(suffix.split()) == 1 and suffix[:1].isupper():
        start = title.rfind(suffix)
        return start, start + len(suffix)
    return None


_PROPOSAL_SENTENCE = re.compile(
    r"\b(?:we|this (?:paper|work|study)|our (?:paper|work))\b[^.]{0,40}?"
    r"\b(?:propose|present|introduce|design|develop)[sd]?\b",
    re.I,
)
_TITLE_SPLIT = re.compile(r" (?:for|via|with|on|in|of|from|to|towards?|through|using|by|as|beyond|under)\b")
_QUESTION_SPLIT = re.compile(r"[:?]")
_ARTICLE = re.compile(r"\s*(?:an?|the)\s+", re.I)


def title_contribution(title: str, abstract: str) -> Span | None:
    """The title's leading noun phrase when the abstract proposes something it does not name.

    "A Global Context Mechanism for Sequence Labeling" + "we propose ..." gives "Global Context
    Mechanism". Needs two to five Title-Case words that are not a description ("Efficient ...").

    >>> t = "A Global Context Mechanism for Sequence Labeling"
    >>> s, e = title_contribution(t, "In this work, we propose a simple module."); t[s:e]
    'Global Context Mechanism'
    >>> title_contribution(t, "We study how models label sequences.") is None
    True
    """
    if not _PROPOSAL_SENTENCE.search(abstract):
        return None
    start = title.rfind("?") + 1 if "?" in title[:-1] else 0
    segment = _QUESTION_SPLIT.split(title[start:])[0]
    head = _TITLE_SPLIT.split(segment, maxsplit=1)[0].rstrip()
    article = _ARTICLE.match(head)
    offset = start + (article.end() if article else len(head) - len(head.lstrip()))
    head = head[article.end() :] if article else head.strip()
    words = head.split()
    if not 2 <= len(words) <= 5 or not all(w[:1].isupper() or w.islower() for w in words):
        return None
    if any(w.lower() in _SENTENCE_WORDS for w in words):
        return None  # "Logits are All We Need": a title that is a sentence names nothing
    if not words[0][:1].isupper() or _describes(words):
        return None
    return offset, offset + len(head)


# Auxiliaries, pronouns and determiners: words of a sentence, never of a method's name.
_SENTENCE_WORDS = word_set("sentence_words")


def _describes(words: list[str]) -> bool:
    """Whether a gerund ("Enhancing"), an adverb or a descriptive word ("Efficient",
    "Data-efficient", "Training-Free") leads the phrase."""
    first = words[0].lower()
    parts = first.split("-")
    return (
        bool(_GERUND.match(words[0]))
        or first.endswith("ly")
        or parts[-1] in _ADJECTIVE_ENDINGS
        or any(part.rstrip("s") in _DESCRIPTIVE for part in parts)
    )


# The last part of a hyphenated adjective: "Training-Free", "Task-Aware".
_ADJECTIVE_ENDINGS = word_set("adjective_endings")


_TAIL = re.compile(r" (?:via|with|through|using|by) (?=[A-Z])")
_TAIL_ITEMS = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_TITLE_CASE_WORD = re.compile(r"[A-Z0-9][\w'-]*|of")


def title_methods(title: str, abstract: str) -> list[Span]:
    """Names after "via", "with", "through", "using" or "by" in a title whose paper proposes.

    "... Inference via Local Determinism Propagation" names the paper's method. Each name has
    two to five Title-Case words, does not start with a gerund or a descriptive word and is no
    plural (a family: "with Large Language Models"). "A, B, and C" lists several names; "A and
    B" without a comma is left alone ("Structured Reasoning and Token Merging": two topics).

    >>> t = "QS -- Faster Inference through Dynamic Token Halting, KV Skipping, and Contextual Token Fusion"
    >>> [t[s:e] for s, e in title_methods(t, "We propose QS.")]
    ['Dynamic Token Halting', 'KV Skipping', 'Contextual Token Fusion']
    >>> title_methods("Fine-Tuning with Large Language Models", "We propose a method.")
    []
    """
    tail = _TAIL.search(title)
    if not tail or not _PROPOSAL_SENTENCE.search(abstract):
        return []
    phrase_end = tail.end()
    for word in re.finditer(r"\S+", title[tail.end() :]):
        text = word.group().rstrip(",")
        if not (_TITLE_CASE_WORD.fullmatch(text) or text == "and"):
            break
        phrase_end = tail.end() + word.start() + len(text)
    phrase = title[tail.end() : phrase_end]
    if " and " in phrase and "," not in phrase:
        return []
    spans: list[Span] = []
    position = tail.end()
    for item in _TAIL_ITEMS.split(phrase):
        start = title.find(item, position)
        position = start + len(item)
        words = item.split()
        if not 2 <= len(words) <= 5 or words[-1] == "of" or _describes(words):
            continue
        if words[-1].endswith("s") and not words[-1].endswith("ss"):
            continue
        spans.append((start, start + len(item)))
    return spans


_DESCRIPTIVE = word_set("title_descriptive")
