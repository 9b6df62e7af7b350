"""Gazetteer: known names from ``config/patterns`` found with spaCy's PhraseMatcher.

Writes plain candidate records to ``doc._.kgraph_gazetteer``: ``(start_char, end_char,
label, source, exact)`` where the label is the entity type (or ``NONE`` for known
non-entities), ``source`` the list the name came from and ``exact`` whether the match was
case-sensitive. Plain tuples, not Spans: they are cheap to make and pickle. The entity
component (:mod:`kgraph.extract.entities`) decides which candidates become entities.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kgraph.extract.lexicon import Lexicon, build_lexicon, is_case_sensitive, plural, read_patterns

CANDIDATES_KEY = "kgraph_gazetteer"
GazetteerHit = tuple[int, int, str, str, bool]  # start_char, end_char, label, source, exact


class Gazetteer:
    """spaCy component: case-sensitive and case-insensitive phrase matching of name lists."""

    def __init__(self, nlp: Language, name: str, *, lexicon: Lexicon, attr: str = CANDIDATES_KEY) -> None:
        self.name = name
        self.attr = attr
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        groups: dict[tuple[str, str, bool], list[str]] = {}
        for label, pattern, source in lexicon.phrases:
            case_sensitive = is_case_sensitive(pattern)
            forms = [pattern] if case_sensitive else [pattern, plural(pattern)]
            groups.setdefault((label, source, case_sensitive), []).extend(f for f in forms if f)
        for pattern in lexicon.not_entities:
            groups.setdefault(("NONE", "not_entities", True), []).append(pattern)
        for (label, source, case_sensitive), texts in sorted(groups.items()):
            matcher = self.exact if case_sensitive else self.lower
            matcher.add(f"{label}|{source}", [nlp.make_doc(text) for text in sorted(set(texts))])

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(self.attr, find_names(doc, self.exact, self.lower))
        return doc


def find_names(doc: Doc, exact: PhraseMatcher, lower: PhraseMatcher) -> list[GazetteerHit]:
    """The hits of both matchers as ``(start_char, end_char, label, source, exact)``.

    Only the first and last token of each hit are read: a Doc has far more tokens than hits.
    """
    if not len(doc):
        return []
    strings = doc.vocab.strings
    hits = []
    for matcher, is_exact in ((exact, True), (lower, False)):
        for match_id, start, end in matcher(doc):
            label, source = strings[match_id].split("|", 1)
            last = doc[end - 1]
            hits.append((doc[start].idx, last.idx + len(last), label, source, is_exact))
    return hits


@Language.factory(
    "kgraph_gazetteer",
    assigns=[f"doc._.{CANDIDATES_KEY}"],
    default_config={"patterns_dir": "", "attr": CANDIDATES_KEY},
)
def make_gazetteer(nlp: Language, name: str, patterns_dir: str, attr: str) -> Gazetteer:
    """Build the ``kgraph_gazetteer`` component from the JSONL name lists in ``patterns_dir``."""
    lexicon = build_lexicon(read_patterns(patterns_dir)) if patterns_dir else Lexicon()
    return Gazetteer(nlp, name, lexicon=lexicon, attr=attr)
