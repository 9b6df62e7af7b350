"""Coined names: words whose shape marks them as proper names of artifacts.

Paper abstracts name models, datasets and benchmarks with invented words: CamelCase
(``HieraTok``, ``RoBERTa``), acronyms (``GRIFFIN``, ``ViT``), and names with digits or
size/version suffixes (``Mistral-7B``, ``GPT-4o``, ``LLaVA-NeXT-7B``, ``Llama 3``). Their
shape alone says "name"; the type comes from lists and context (see
:mod:`kgraph.extract.entities`). Pure functions over text, tested without spaCy.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kgraph.extract.words import word_set

# A word: letters/digits, optionally joined by hyphens, dots or plus signs inside.
# Only words that start with a capital or digit, or have one after a lower-case start ("rFID"):
# skipping plain lower-case words in the regex engine is what keeps this fast. The runs of
# letters and digits are possessive (``*+``, ``++``): giving characters back could never end a
# match (it would end before a letter or digit), so ``re`` need not try.
_WORD = re.compile(
    r"(?<![\w@/.\\-])(?:[A-Z0-9]|[a-z]++[A-Z0-9])[A-Za-z0-9]*+(?:[-.+][A-Za-z0-9]++)*\+{0,2}(?![\w@/\\])"
)
# A version or size written as a separate word: "Llama 3", "PaLM 2", "Something V2", "Qwen 7B".
_VERSION = re.compile(r" (?:[vV]?\d{1,3}(?:\.\d+)*[BMKk]?|[vV]\d+)(?![\w%-]|\.\d)")
_SIZE = re.compile(r"[\d.]+[A-Za-z]{0,2}(?:-[\d.]+[A-Za-z]{0,2})*")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]{2,}|[A-Z][a-z]+[A-Z]")
# Lower-case hyphen suffixes that make an adjective of a name: "ViT-based" names "ViT".
_ADJECTIVE_SUFFIX = re.compile(
    r"-(?:based|like|style|only|free|aware|level|specific|guided|driven|centric|augmented|enhanced|powered|"
    r"inspired|compatible|friendly|scale|wise|type|[a-z]+ed)$"
)
_LONGEST_NAME = 40  # longer runs of letters are no names ("XXXX..." in a broken record)
_METRIC_PREFIXED = re.compile(r"^[a-z]{1,2}(?:FID|FVD|KID|IS|PSNR|SSIM|BLEU|WER|CER|AUC|IoU|AP)$")


def is_coined(word: str) -> bool:
    """Whether ``word`` is shaped like a coined name.

    True for CamelCase, two or more capitals, or a capitalised word with digits; at least two
    letters, not a bare size ("7B") or ordinal ("2D").

    >>> [is_coined(w) for w in ["HieraTok", "BERT", "Mistral-7B", "GPT-4o", "S4", "ViT"]]
    [True, True, True, True, True, True]
    >>> [is_coined(w) for w in ["Cuckoo", "7B", "3D", "state-of-the-art", "x86", "Fig", "X" * 41]]
    [False, False, False, False, False, False, False]
    """
    letters = sum(map(str.isalpha, word))
    if letters < 1 or not word[0].isalnum() or len(word) > _LONGEST_NAME:
        return False
    uppers = sum(map(str.isupper, word))
    if _SIZE.fullmatch(word):  # 7B, 2D, 1.5x, 370M-2.7B
        return False
    parts = word.split("-")
    if len(parts) > 1 and all(p.isalpha() and (p.islower() or p[1:].islower()) for p in parts):
        return False  # Title-Case compounds: Multi-Scale, N-Gram, End-to-End
    if uppers >= 2 or _CAMEL.search(word):
        return letters >= 2 or any(map(str.isdigit, word))
    return uppers == 1 and word[0].isupper() and any(map(str.isdigit, word)) and letters >= 1


def find_coined(text: str, *, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Character spans of coined names in ``text[start:end]``, with a following version word.

    >>> text = "We compare Llama 3 and LLaVA-NeXT-7B with GPT-4o, not with the Cuckoo model."
    >>> [text[s:e] for s, e in find_coined(text)]
    ['Llama 3', 'LLaVA-NeXT-7B', 'GPT-4o']
    """
    spans: list[tuple[int, int]] = []
    end = len(text) if end is None else end
    for match in _WORD.finditer(text, start, end):
        shape = _name_shape(match.group())
        if shape is None:
            continue
        name, stripped, coined, capitalised = shape
        if capitalised and not text.startswith(" ", match.end()):
            continue  # "Cuckoo," or "Llama3.": a capitalised word is a name only before a space
        version = _VERSION.match(text, match.start() + len(name), end)
        if not coined and not version:
            continue
        stop = version.end() if version and stripped == name else match.start() + len(stripped)
        spans.append((match.start(), stop))
    return spans


@lru_cache(maxsize=1 << 14)
def _name_shape(word: str) -> tuple[str, str, bool, bool] | None:
    """What the shape of a word says: ``(name, stripped, coined, capitalised)``, or None.

    ``name`` is the word without an adjective suffix ("ViT-based": "ViT") and ``stripped``
    without a final dot or plus. ``coined``: ``stripped`` is a name by its shape alone;
    otherwise a version word after ``name`` makes it one ("Llama 3", not "Table 2").
    ``capitalised``: a capital and then lower case ("Llama3"), a name only before a space.
    None: the word is no name. Cached: the same words recur in every paper.
    """
    if word.islower() or word.isdigit():
        return None
    capitalised = word[1:].islower()
    if capitalised and len(word) <= 3:
        return None
    if "-" in word:
        word = _ADJECTIVE_SUFFIX.sub("", word)
    if _INITIALS.fullmatch(word):  # "U.S.", "e.g"
        return None
    stripped = word.rstrip(".+") if word.endswith(".") else word
    if is_coined(stripped):
        return word, stripped, True, capitalised
    if word[:1].isupper() and word[1:].islower() and len(word) > 3 and not _is_reference_word(word):
        return word, stripped, False, capitalised
    return None


def is_metric_variant(word: str) -> bool:
    """A known metric with a lower-case qualifier prefix: "rFID", "gFID", "sBLEU".

    >>> is_metric_variant("rFID"), is_metric_variant("FID"), is_metric_variant("ViT")
    (True, False, False)
    """
    return bool(_METRIC_PREFIXED.match(word))


_REFERENCE_WORDS = word_set("reference_words")


def _is_reference_word(word: str) -> bool:
    return word.lower() in _REFERENCE_WORDS
