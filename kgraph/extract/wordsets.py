"""Find any of many words in one regex pass.

``re`` tries the branches of an alternation one by one at every position; factoring the
words into a trie of common prefixes ("rat(?:e(?:s)?|io)") lets it reject a position after
one or two characters. The rules use it for their word lists (head nouns, proposing verbs)
instead of one ``str.find`` pass per word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Trie = dict[str, "_Trie"]
_END = ""  # the key that marks the end of a word in a trie node


def trie_pattern(words: Iterable[str]) -> str:
    """A regex (without groups) that matches exactly the non-empty ``words``.

    >>> trie_pattern(["rate", "rates", "ratio", "time"])
    '(?:rat(?:e(?:s)?|io)|time)'
    >>> re.fullmatch(trie_pattern(["a+b", "a"]), "a+b") is not None
    True
    """
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        if word:
            node[_END] = {}
    return _branches(root)


def _branches(node: _Trie) -> str:
    """The regex of the words below ``node``."""
    branches = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if _END in node else body


def is_word(text: str) -> bool:
    """Whether ``text`` is one word: letters and digits, maybe joined by hyphens or apostrophes.

    >>> is_word("fine-tuning"), is_word("question answering"), is_word("")
    (True, False, False)
    """
    return bool(text) and all(char.isalnum() or char in "-'" for char in text)


def find_all(text: str, word: str) -> list[int]:
    """The start of each occurrence of ``word`` in ``text``, left to right, not overlapping.

    >>> find_all("a dataset, two datasets", "dataset")
    [2, 15]
    """
    found: list[int] = []
    position = text.find(word) if word else -1
    while position >= 0:
        found.append(position)
        position = text.find(word, position + len(word))
    return found
