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
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")
_TRAILING_WORDS = re.compile(r"((?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)* )+)$")

# Words that start or qualify a phrase without being part of a name.
EVALUATIVE = frozenset(
    """novel new proposed existing efficient effective simple standard improved better recent current previous
    prior traditional conventional state-of-the-art sota various different diverse multiple several specific
    general generic downstream overall total high low higher lower significant competitive strong robust
    superior comparable remarkable substantial key critical important main first second third final original
    same similar fast faster slow slower accurate reliable good great best poor promising impressive excellent
    unified comprehensive extensive large small larger smaller challenging complex difficult additional further
    average inherent considerable noticeable negligible minimal maximum minimum optimal suboptimal overall
    towards toward via using based improving enabling achieving boosting leveraging scaling understanding
    evaluating enhancing rethinking revisiting empirical theoretical practical real-world wide broad
    fundamental typical common popular traditional classic classical modern advanced powerful lightweight
    heavy cheap expensive costly scalable flexible stable unstable universal human-level state human
    accelerating sharpening stabilizing structuring improves outperforms achieves reduces increases enables
    shows demonstrates yields leads provides offers surpasses matches remains becomes requires makes
    task tasks end end-to-end this that these those its their our your his her
    study apply use propose introduce present perform improve achieve enable address tackle explore investigate
    evaluate design develop consider support handle train leverage boost enhance reduce accelerate solve
    benchmark analyze analyse compare combine extend adapt guide drive bridge focus""".split()
)
_ED_OK = frozenset(
    """supervised unsupervised semi-supervised self-supervised weakly-supervised masked federated distributed
    structured grounded guided conditioned augmented weighted pretrained pre-trained fixed learned shared
    constrained open-ended fine-grained coarse-grained""".split()
)
_ING_OK = frozenset("learning training pre-training reasoning ranking tracking parsing computing processing".split())


def is_modifier(word: str) -> bool:
    """Whether ``word`` can modify a head noun inside a task/technique/metric name.

    >>> [is_modifier(w) for w in ["image", "open-ended", "KV", "self-supervised", "efficient", "improves"]]
    [True, True, True, True, False, False]
    """
    lower = word.lower()
    if lower in STOP_WORDS or lower in EVALUATIVE or lower.isdigit() or len(lower) < 2:
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


def head_pattern(heads: Iterable[str]) -> re.Pattern[str]:
    """A regex that finds any of ``heads`` as a whole word, case-insensitively."""
    alternatives = sorted({re.escape(h) for h in heads}, key=lambda h: (-len(h), h))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives or ["(?!)"]) + r")(?![\w-])", re.IGNORECASE)


def find_head_phrases(
    text: str,
    heads: dict[str, str],
    pattern: re.Pattern[str],
    *,
    max_modifiers: int = 3,
) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of each head word with one to ``max_modifiers`` modifiers before it.

    >>> heads = {"segmentation": "TASK", "pruning": "TECHNIQUE"}
    >>> text = "We study medical image segmentation and apply efficient token pruning."
    >>> [(text[s:e], label) for s, e, label in find_head_phrases(text, heads, head_pattern(heads))]
    [('medical image segmentation', 'TASK'), ('token pruning', 'TECHNIQUE')]
    """
    found = []
    for match in pattern.finditer(text):
        before = _TRAILING_WORDS.search(text, max(0, match.start() - 80), match.start())
        if not before:
            continue
        words = before.group(1).split()
        kept = 0
        for word in reversed(words[-max_modifiers:]):
            if not is_modifier(word):
                break
            kept += 1
        if kept == 0:
            continue
        start = match.start() - len(" ".join(words[-kept:])) - 1
        found.append((start, match.end(), heads[match.group().lower()]))
    return found
