"""Entity recognition: gazetteers from config/patterns plus rules for coined names.

Writes spans to ``doc.spans["kgraph"]`` labelled with :class:`EntityType`
values; ``span._.kgraph_role`` is "proposed" or "used" for methods and
``span._.kgraph_found_by`` names the rule or list that found the span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kgraph.models import EntityType

SPANS_KEY = "kgraph"
_COINED = re.compile(
    r"^(?=.*[A-Za-z])(?:[A-Z][a-z0-9]+[A-Z][A-Za-z0-9\-]*|[A-Z0-9][A-Z0-9\-]{1,}[A-Za-z0-9]*)$"
)
_PROPOSE = {"propose", "proposes", "introduce", "introduces", "present", "presents", "develop", "call", "dub"}


def register_extensions() -> None:
    """Declare the span attributes kgraph components write (idempotent)."""
    for attr in ("kgraph_role", "kgraph_found_by"):
        if not Span.has_extension(attr):
            Span.set_extension(attr, default=None)


def read_patterns(patterns_dir: str | Path) -> list[dict[str, str]]:
    """All ``{"label", "pattern"}`` records of the JSONL files in ``patterns_dir``, sorted by file."""
    folder = Path(patterns_dir)
    records: list[dict[str, str]] = []
    for path in sorted(folder.glob("*.jsonl")):
        records.extend(srsly.read_jsonl(path))
    return records


class EntityRecognizer:
    """Find entity mentions with phrase lists and coined-name rules."""

    def __init__(self, nlp: Language, name: str, *, patterns_dir: str) -> None:
        register_extensions()
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._add_patterns(nlp, read_patterns(patterns_dir) if patterns_dir else [])

    def _add_patterns(self, nlp: Language, records: Iterable[dict[str, str]]) -> None:
        by_label: dict[tuple[str, bool], list[str]] = {}
        for record in records:
            text, label = record["pattern"], record["label"]
            case_sensitive = any(c.isupper() for c in text[1:])
            by_label.setdefault((label, case_sensitive), []).append(text)
        for (label, case_sensitive), texts in sorted(by_label.items()):
            matcher = self.exact if case_sensitive else self.matcher
            matcher.add(label, list(nlp.tokenizer.pipe(texts)))

    def __call__(self, doc: Doc) -> Doc:
        spans = [*self._gazetteer(doc), *self._coined(doc)]
        doc.spans[SPANS_KEY] = filter_spans(spans)
        return doc

    def _gazetteer(self, doc: Doc) -> list[Span]:
        spans = []
        for matcher in (self.exact, self.matcher):
            for match_id, start, end in matcher(doc):
                span = Span(doc, start, end, label=doc.vocab.strings[match_id])
                span._.kgraph_found_by = f"{self.name}.gazetteer"
                if span.label_ == EntityType.METHOD:
                    span._.kgraph_role = "used"
                spans.append(span)
        return spans

    def _coined(self, doc: Doc) -> list[Span]:
        spans = []
        title_end = doc.text.find("\n")
        for token in doc:
            if not _COINED.match(token.text) or token.is_stop:
                continue
            span = doc[token.i : token.i + 1]
            role = "used"
            in_title_prefix = (
                token.idx < title_end
                and doc.text[token.idx + len(token.text) : token.idx + len(token.text) + 1] == ":"
            )
            previous = doc[max(token.i - 3, 0) : token.i].text.lower().split()
            if in_title_prefix or _PROPOSE & set(previous):
                role = "proposed"
            span = Span(doc, token.i, token.i + 1, label=EntityType.METHOD.value)
            span._.kgraph_role = role
            span._.kgraph_found_by = f"{self.name}.coined"
            spans.append(span)
        return spans


@Language.factory(
    "kgraph_entities",
    assigns=["doc.spans"],
    default_config={"patterns_dir": ""},
)
def make_entity_recognizer(nlp: Language, name: str, patterns_dir: str) -> EntityRecognizer:
    """Build the ``kgraph_entities`` component from the name lists in ``patterns_dir``."""
    return EntityRecognizer(nlp, name, patterns_dir=patterns_dir)
