"""spaCy's tokenizer for the language, without the special cases that switch off its cache.

spaCy's tokenizer caches how it split each whitespace-delimited chunk, but once a chunk in a
document matched a special case it stops caching for the rest of that document (spaCy issue
#1250). The English special cases include plain whitespace ("\\n", "\\t", " ") with no attributes
but the text itself, and kgraph's texts are "title\\nabstract": so the newline after the title
switched the cache off for every abstract, and tokenizing ran about ten times slower than it
does on the abstract alone. Without those rules a whitespace chunk still becomes one token of
the same text (the affix rules never split whitespace), so every Doc is identical.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

__all__ = ["create_cached_tokenizer", "drop_plain_whitespace_rules"]


def drop_plain_whitespace_rules(tokenizer: Tokenizer) -> Tokenizer:
    """Remove the special cases that are only whitespace and set nothing but their text.

    >>> import spacy
    >>> tokenizer = drop_plain_whitespace_rules(spacy.blank("en").tokenizer)
    >>> "\\n" in tokenizer.rules, "\\xa0" in tokenizer.rules  # "\\xa0" also sets a NORM: kept
    (False, True)
    """
    rules = tokenizer.rules or {}
    tokenizer.rules = {
        orth: attrs
        for orth, attrs in rules.items()
        if not (orth.isspace() and all(set(attr) == {ORTH} for attr in attrs))
    }
    return tokenizer


def create_cached_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's default tokenizer factory, minus the plain whitespace special cases."""
    create_default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def create(nlp: Language) -> Tokenizer:
        return drop_plain_whitespace_rules(create_default(nlp))

    return create


registry.tokenizers.register("kgraph.CachedTokenizer.v1", func=create_cached_tokenizer)
