"""Sentence boundaries: spaCy's rule-based sentencizer, computed on the Doc's arrays.

spaCy's ``Sentencizer.predict`` builds a Python ``Token`` for every token of every Doc
to read its text and punctuation flag. :class:`ArraySentencizer` applies the same rule to
the ``ORTH`` and ``IS_PUNCT`` columns of ``Doc.to_array``, in about half the time: a
sentence starts at the first token, and at every token that is neither punctuation nor a
sentence-final character and follows a sentence-final character with only punctuation in
between. The boundaries are the same as spaCy's.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import IS_PUNCT, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokens import Doc

__all__ = ["ArraySentencizer", "sentence_start_flags"]


def sentence_start_flags(rows: list[list[int]], final_orths: frozenset[int]) -> list[bool]:
    """For each token, whether a sentence starts there (spaCy's sentencizer rule).

    Args:
        rows: ``[ORTH, IS_PUNCT]`` of each token, as ``Doc.to_array(...).tolist()`` gives them.
        final_orths: the ``ORTH`` hashes of the sentence-final characters.

    >>> from spacy.strings import get_string_id as h
    >>> words = ["Hi", ".", '"', "Go", "!", "!", "x"]
    >>> rows = [[h(word), word in '."!'] for word in words]
    >>> sentence_start_flags(rows, frozenset({h("."), h("!")}))
    [True, False, False, True, False, False, True]
    """
    flags = [False] * len(rows)
    if flags:
        flags[0] = True
    after_final = False
    for i, (orth, is_punct) in enumerate(rows):
        if orth in final_orths:
            after_final = True
        elif after_final and not is_punct:
            flags[i] = True
            after_final = False
    return flags


class ArraySentencizer(Sentencizer):  # type: ignore[misc]
    """spaCy's ``Sentencizer`` with a ``predict`` that reads arrays instead of ``Token`` objects."""

    def predict(self, docs: Iterable[Doc]) -> list[list[bool]]:
        """Sentence-start flags per token of each Doc, as ``Sentencizer.predict`` returns them."""
        docs = list(docs)
        final_orths = self._final_orths()
        guesses: list[list[bool]] = []
        for doc in docs:
            if len(doc) == 0:
                guesses.append([])
                continue
            rows: list[list[int]] = doc.to_array([ORTH, IS_PUNCT]).reshape(-1, 2).tolist()  # type: ignore[assignment]
            guesses.append(sentence_start_flags(rows, final_orths))
        return guesses

    def _final_orths(self) -> frozenset[int]:
        """The ``ORTH`` hashes of ``punct_chars``, recomputed when the set changes (``from_bytes``)."""
        key = frozenset(self.punct_chars)
        cached = getattr(self, "_final_cache", None)
        if cached is None or cached[0] != key:
            cached = self._final_cache = (key, frozenset(get_string_id(char) for char in key))
        return cached[1]


@Language.factory(
    "kgraph_sentencizer",
    assigns=["token.is_sent_start", "doc.sents"],
    default_config={"punct_chars": None, "overwrite": False},
)
def make_array_sentencizer(
    nlp: Language, name: str, punct_chars: list[str] | None, overwrite: bool
) -> ArraySentencizer:
    """Build the ``kgraph_sentencizer`` component (the settings of spaCy's ``sentencizer``)."""
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite)
