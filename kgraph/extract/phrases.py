"""Head-noun phrases: tasks, techniques and metrics named by common nouns.

A task or technique is usually a short noun phrase whose last word says what kind of thing
it is: "medical image *segmentation*" (task), "visual token *pruning*" (technique),
"acceptance *rate*" (metric). The head words and their types come from ``config/patterns``
(``{"label": "TASK", "head": "segmentation"}``). Without a part-of-speech tagger the
modifiers are checked by shape: content words that are not stop words, adverbs, verbs in
"-s"/"-ed" or evaluative adjectives ("novel", "efficient"). Pure functions over text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from kgraph.extract.words import word_set
from kgraph.extract.wordsets import find_all, is_word, trie_pattern

# Words that start or qualify a phrase without being part of a name.
EVALUATIVE = word_set("evaluative")
# Words in -ed and -ing that may modify a head noun ("supervised learning", "learning rate").
_ED_OK = word_set("modifier_ed")
_ING_OK = word_set("modifier_ing")


def is_function_word(word: str) -> bool:
    """A stop word or an evaluative word ("the", "novel"), given in lower case: never a name's start.

    >>> [is_function_word(w) for w in ["the", "novel", "segmentation"]]
    [True, True, False]
    """
    return word in STOP_WORDS or word in EVALUATIVE


def is_modifier(word: str) -> bool:
    """Whether ``word`` can modify a head noun inside a task/technique/metric name.

    >>> [is_modifier(w) for w in ["image", "open-ended", "KV", "self-supervised", "efficient", "improves"]]
    [True, True, True, True, False, False]
    """
    return word.lower() not in STOP_WORDS and _has_modifier_shape(word)


@lru_cache(maxsize=1 << 14)
def _has_modifier_shape(word: str) -> bool:
    """:func:`is_modifier` but for the stop words, which users may change (cached: words recur)."""
    lower = word.lower()
    if lower in EVALUATIVE or lower.isdigit() or len(lower) < 2:
        return False
    if lower.endswith(("able", "ible")) or any(c.isdigit() for c in lower):
        return False
    if lower.endswith("ly") and lower not in {"early", "family"}:
        return False
    if lower.endswith("ed") and lower not in _ED_OK and "-" not in lower:
        return False
    if lower.endswith("ing") and lower not in _ING_OK and "-" not in lower:
        return False
    if word.isupper():
        return True
    return not (lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ics")) and "-" not in lower)


def find_head_phrases(
    text: str,
    heads: dict[str, str],
    *,
    max_modifiers: int = 3,
    limits: dict[str, int] | None = None,
) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of each head word with one to ``max_modifiers`` modifiers before it.

    ``limits`` lowers the maximum per label; metrics default to one modifier ("acceptance
    rate"), as longer metric phrases are mostly descriptions ("steep computational cost").

    >>> heads = {"segmentation": "TASK", "pruning": "TECHNIQUE"}
    >>> text = "We study medical image segmentation and apply efficient token pruning."
    >>> [(text[s:e], label) for s, e, label in find_head_phrases(text, heads)]
    [('medical image segmentation', 'TASK'), ('token pruning', 'TECHNIQUE')]
    """
    limits = {"METRIC": 1} if limits is None else limits
    found = []
    lower = text.lower()
    for start, head in _head_occurrences(text, lower, heads):
        end = start + len(head)
        if (start and (lower[start - 1].isalnum() or lower[start - 1] in "-'")) or (
            end < len(lower) and (lower[end].isalnum() or lower[end] in "-'")
        ):
            continue
        words = text[max(0, start - 60) : start].split(" ")
        if len(words) < 2 or words[-1]:
            continue  # the head must follow a space
        label = heads[head]
        kept = 0
        for word in reversed(words[-limits.get(label, max_modifiers) - 1 : -1]):
            if not _modifies(word):
                break
            kept += 1
        if kept:
            found.append((start - len(" ".join(words[-kept - 1 : -1])) - 1, end, label))
    found.sort()
    return found


def _head_occurrences(text: str, lower: str, heads: dict[str, str]) -> list[tuple[int, str]]:
    """``(start, head)`` for the occurrences of the heads in ``lower`` that may end a phrase.

    One-word heads (:func:`is_word`) are found by one regex, after a space and before a word
    boundary as :func:`find_head_phrases` needs: such an occurrence is a whole word, so no
    other one can hide it. Other heads, and all heads when lower-casing moved characters (a
    space of ``lower`` is then no space of ``text``), are found by ``str.find``.
    """
    pattern, others = _head_pattern(tuple(heads))
    if pattern is None or len(lower) != len(text):
        pattern, others = None, tuple(heads)
    found = [(match.start(1), match.group(1)) for match in pattern.finditer(lower)] if pattern else []
    found.extend((position, head) for head in others for position in find_all(lower, head))
    return found


@lru_cache(maxsize=16)
def _head_pattern(heads: tuple[str, ...]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """The regex of the one-word ``heads`` after a space, and the other heads."""
    words = [head for head in heads if is_word(head)]
    others = tuple(head for head in heads if not is_word(head))
    if not words:
        return None, others
    return re.compile(rf" ({trie_pattern(words)})(?![^\W_]|[-'])"), others


def _modifies(word: str) -> bool:
    """Whether ``word``, a space-separated piece of text, is a modifier."""
    return bool(word) and word.replace("-", "").isalnum() and is_modifier(word)
