"""Word-list regexes (kgraph.extract.wordsets)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kgraph.extract.wordsets import find_all, is_word, trie_pattern

WORDS = st.lists(st.text(alphabet="ab-+.", min_size=1, max_size=4), min_size=1, max_size=8)


@given(WORDS, st.text(alphabet="ab-+.", max_size=5))
def test_wordsets_trie_pattern_matches_exactly_the_words(words: list[str], text: str) -> None:
    assert (re.fullmatch(trie_pattern(words), text) is not None) == (text in words)


def test_wordsets_find_all_and_is_word() -> None:
    assert find_all("a dataset, two datasets", "dataset") == [2, 15]
    assert find_all("aaaa", "aa") == [0, 2] and find_all("abc", "") == []
    assert is_word("fine-tuning") and is_word("don't") and not is_word("question answering")
