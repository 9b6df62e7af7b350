"""spaCy's tokenizer for the language, without the special cases that switch off its cache.

spaCy's tokenizer caches how it split each whitespace-delimited chunk, but once a chunk in a
document matched a special case it stops caching for the rest of that document (spaCy issue
#1250). The English special cases include plain whitespace ("\\n", "\\t", " ") with no attributes
but the text itself, and kgraph's texts are "title\\nabstract": so the newline after the title
switched the cache off for every abstract, and tokenizing ran about ten times slower than it
does on the abstract alone. Without those rules a whitespace chunk still becomes one token of
the same text (the affix rules never split whitespace), so every Doc is identical.

The tokenizer also keeps the text it was given in ``doc.user_data`` (see
:mod:`kgraph.extract.doctext`): ``Doc.text`` would join every token again.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

from kgraph.extract.doctext import TEXT_KEY

__all__ = ["TextKeepingTokenizer", "create_cached_tokenizer", "drop_plain_whitespace_rules"]


class TextKeepingTokenizer(Tokenizer):  # type: ignore[misc]  # spaCy's Cython class is untyped
    """A spaCy tokenizer that stores each Doc's text for :func:`kgraph.extract.doctext.doc_text`."""

    def __call__(self, string: str) -> Doc:
        doc: Doc = super().__call__(string)
        doc.user_data[TEXT_KEY] = string
        return doc

    @classmethod
    def like(cls, tokenizer: Tokenizer) -> TextKeepingTokenizer:
        """A copy of ``tokenizer``'s settings (rules, affixes, token and URL matchers)."""
        return cls(
            tokenizer.vocab,
            rules=tokenizer.rules,
            prefix_search=tokenizer.prefix_search,
            suffix_search=tokenizer.suffix_search,
            infix_finditer=tokenizer.infix_finditer,
            token_match=tokenizer.token_match,
            url_match=tokenizer.url_match,
            faster_heuristics=tokenizer.faster_heuristics,
        )


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
    """spaCy's default tokenizer, minus the plain whitespace special cases, keeping texts."""
    create_default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def create(nlp: Language) -> Tokenizer:
        return TextKeepingTokenizer.like(drop_plain_whitespace_rules(create_default(nlp)))

    return create


registry.tokenizers.register("kgraph.CachedTokenizer.v1", func=create_cached_tokenizer)
