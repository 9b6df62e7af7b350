"""Text clean-up applied to every title and abstract at ingest time."""

from __future__ import annotations

import html
import re
import unicodedata

from kgraph.ingest.latex import latex_to_text

# Zero-width and bidirectional control characters: invisible, yet they split
# words for the tokenizer and can reorder what a reader sees.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Only inline formatting tags are dropped; anything else in angle brackets ("<SEG> token",
# "<img ...>") is kept as text, and every exporter renders text inert.
_FORMAT_TAGS = "a|abbr|b|big|br|code|div|em|font|i|mark|p|small|span|strong|sub|sup|tt|u"
_HTML_TAG = re.compile(rf"</?(?:{_FORMAT_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
# Lone UTF-16 surrogates come from JSON escapes such as "\ud800"; no UTF-8 file can hold them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, the replacement character.

    >>> without_surrogates("a" + chr(0xD800)) == "a" + chr(0xFFFD)
    True
    """
    return _SURROGATE.sub("\ufffd", text)


def clean_text(text: str) -> str:
    """Return ``text`` as plain, single-spaced, NFC-normalized Unicode.

    Inline HTML formatting tags are dropped and entities decoded; invisible and control
    characters are removed; LaTeX markup becomes the text it prints
    (:func:`kgraph.ingest.latex.latex_to_text`).

    >>> clean_text("Deep\\u200b Learning <i>rocks</i> &amp;  more")
    'Deep Learning rocks & more'
    """
    text = without_surrogates(_HTML_TAG.sub("", text))
    text = latex_to_text(html.unescape(text))
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _SPACE.sub(" ", text).strip()
