"""The text of a Doc, computed once per Doc.

``Doc.text`` joins every token's text on each access, which costs as much as a regex pass
over the abstract; kgraph's components share one copy in ``doc.user_data``. Retokenizing
never changes a Doc's text, so the copy stays valid.
"""

from __future__ import annotations

from spacy.tokens import Doc

TEXT_KEY = "kgraph.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached in ``doc.user_data``."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
