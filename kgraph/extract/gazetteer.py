"""Gazetteer: known names from ``config/patterns`` found with spaCy's PhraseMatcher.

Writes candidate spans to ``doc.spans["kgraph_gazetteer"]``; the label is the entity type
(or ``NONE`` for known non-entities), ``span.id_`` the list the name came from and
``span.kb_id_`` "exact" for case-sensitive matches or "lower" for the others. The
entity component (:mod:`kgraph.extract.entities`) decides which candidates become entities.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kgraph.extract.lexicon import Lexicon, build_lexicon, is_case_sensitive, plural, read_patterns

CANDIDATES_KEY = "kgraph_gazetteer"
EXACT = "exact"  # span.kb_id_ of case-sensitive matches ("lower" for the others)


class Gazetteer:
    """spaCy component: case-sensitive and case-insensitive phrase matching of name lists."""

    def __init__(
        self, nlp: Language, name: str, *, lexicon: Lexicon, spans_key: str = CANDIDATES_KEY
    ) -> None:
        self.name = name
        self.spans_key = spans_key
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
            matcher.add(f"{label}|{source}", list(nlp.tokenizer.pipe(sorted(set(texts)))))

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        spans = []
        for matcher, case in ((self.exact, EXACT), (self.lower, "lower")):
            for match_id, start, end in matcher(doc):
                label, source = strings[match_id].split("|", 1)
                spans.append(Span(doc, start, end, label=label, span_id=source, kb_id=case))
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "kgraph_gazetteer",
    assigns=["doc.spans"],
    default_config={"patterns_dir": "", "spans_key": CANDIDATES_KEY},
)
def make_gazetteer(nlp: Language, name: str, patterns_dir: str, spans_key: str) -> Gazetteer:
    """Build the ``kgraph_gazetteer`` component from the JSONL name lists in ``patterns_dir``."""
    lexicon = build_lexicon(read_patterns(patterns_dir)) if patterns_dir else Lexicon()
    return Gazetteer(nlp, name, lexicon=lexicon, spans_key=spans_key)
