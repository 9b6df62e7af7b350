"""Entity recognition: combine gazetteer hits, coined names, acronym definitions and cues.

Writes spans to ``doc.spans["kgraph"]`` labelled with :class:`EntityType` values;
``span._.kgraph_role`` is "proposed" or "used" for methods and ``span._.kgraph_found_by``
names the rule or list that found the span. The same facts, one :class:`EntityRow` per
span, are in ``doc._.kgraph_entity_rows``: the span attributes are read from there, which
spares a write per span and attribute. Needs ``kgraph_gazetteer`` (candidates),
``kgraph_abbreviations`` and ``kgraph_links`` earlier in the pipeline.

Candidates compete by evidence rank, then length: acronym definitions and proposal cues
beat exact-case list entries, which beat context cues, then case-insensitive list entries
and head-noun phrases, then the bare shape of a coined name (typed METHOD by default).
Within a paper a name keeps one type: the one of its best evidence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.extract import abbreviations, links
from kgraph.extract.candidates import Candidate, candidate_spans, select, unify_types
from kgraph.extract.coined import find_coined, is_metric_variant
from kgraph.extract.cues import find_data_cues, find_metric_cues, find_task_cues, is_benchmark_name
from kgraph.extract.doctext import doc_text
from kgraph.extract.gazetteer import CANDIDATES_KEY
from kgraph.extract.lexicon import NOT_ENTITY, Lexicon, build_lexicon, read_patterns
from kgraph.extract.phrases import EVALUATIVE, find_head_phrases, is_function_word
from kgraph.extract.roles import component_spans, naming_spans, proposed_objects
from kgraph.extract.titles import title_contribution, title_methods, title_name
from kgraph.models import EntityType, Role, cached_name_key

SPANS_KEY = "kgraph"
ROWS_ATTR = "kgraph_entity_rows"
_DATA_TYPES = {"DATASET", "BENCHMARK"}
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
_YEAR_SUFFIX = re.compile(r"[A-Za-z][-_ ]?(?:19[6-9]\d|20[0-4]\d)$")
_ENTITY_LABELS = frozenset(EntityType.__members__)


class EntityRow(NamedTuple):
    """One entity span of a Doc as plain values: character offsets, label and provenance."""

    start: int
    end: int
    label: str
    found_by: str
    role: Role | None


def register_extensions() -> None:
    """Declare ``doc._.kgraph_entity_rows`` and the span attributes read from it (idempotent)."""
    if not Doc.has_extension(ROWS_ATTR):
        Doc.set_extension(ROWS_ATTR, default=None)
    Span.set_extension("kgraph_found_by", getter=lambda span: _row_field(span, "found_by"), force=True)
    Span.set_extension("kgraph_role", getter=lambda span: _row_field(span, "role"), force=True)


def entity_rows(doc: Doc) -> list[EntityRow]:
    """The :class:`EntityRow` of each entity span of ``doc`` (none before ``kgraph_entities`` ran).

    spaCy's Doc serialization (``Doc.to_bytes``, ``nlp.pipe(n_process=...)`` without fork)
    turns the rows into lists; they are made rows again here, so every reader gets named fields.
    """
    rows = doc._.get(ROWS_ATTR) or []
    if rows and not isinstance(rows[0], EntityRow):
        rows = [EntityRow(*row) for row in rows]
    return rows


def _row_field(span: Span, field: str) -> str | None:
    """A field of the :class:`EntityRow` of ``span``, or None when kgraph did not find it."""
    for row in entity_rows(span.doc):
        if (row.start, row.end, row.label) == (span.start_char, span.end_char, span.label_):
            return getattr(row, field)  # type: ignore[no-any-return]
    return None


def classify_phrase(phrase: str, heads: dict[str, str], known: dict[str, str]) -> str:
    """The type of a long form or proposed phrase from lists, its head word and its case.

    ``known`` maps list names to types, exact-case names as written and lower-case ones
    lower-cased.

    >>> heads = {"segmentation": "TASK", "prediction": "TECHNIQUE"}
    >>> [classify_phrase(p, heads, {}) for p in ["Weakly-Supervised Semantic Segmentation",
    ...  "Class Activation Map", "next token prediction", "soft prompt"]]
    ['TASK', 'METHOD', 'TECHNIQUE', 'TECHNIQUE']
    """
    label = known.get(phrase) or known.get(phrase.lower())
    if label:
        return label
    words = phrase.split()
    head = words[-1].lower() if words else ""
    if head in heads:
        return heads[head]
    if head.endswith("s") and not head.endswith("ss"):
        return "TECHNIQUE"  # a plural names a family: "Text-Attributed Graphs", "Masked Language Models"
    content = [
        w for w in words if w.lower() not in {"of", "for", "and", "the", "a", "an", "with", "to", "in"}
    ]
    capitals = sum(w[:1].isupper() for w in content)
    return "METHOD" if content and capitals * 2 >= len(content) and words[0][:1].isupper() else "TECHNIQUE"


def coined_type(word: str) -> tuple[str, int]:
    """The type a coined name's shape suggests, and the rank of that evidence.

    >>> [coined_type(w) for w in ["UnifyBench", "rFID", "LMMs", "HieraTok", "CoNLL-2003"]]
    [('BENCHMARK', 2), ('METRIC', 2), ('TECHNIQUE', 4), ('METHOD', 5), ('DATASET', 5)]
    """
    if is_benchmark_name(word):
        return "BENCHMARK", 2
    if is_metric_variant(word):
        return "METRIC", 2
    if _PLURAL_ACRONYM.fullmatch(word):  # "LMMs", "VLMs": the plural of an acronym is a family
        return "TECHNIQUE", 4
    if _YEAR_SUFFIX.search(word):  # "CoNLL-2003", "WNUT2017": shared tasks and data carry years
        return "DATASET", 5
    return "METHOD", 5


_coined_type = lru_cache(maxsize=1 << 14)(coined_type)  # coined names recur across papers


class EntityRecognizer:
    """spaCy component: turn the candidates of a Doc into typed entity spans."""

    def __init__(
        self, nlp: Language, name: str, *, lexicon: Lexicon, candidates_key: str = CANDIDATES_KEY
    ) -> None:
        register_extensions()
        self.name = name
        self.candidates_key = candidates_key
        self.heads = dict(lexicon.heads)
        self.known: dict[str, str] = {}
        self.weak = lexicon.weak  # lists whose hits are candidates only, not known names
        for label, pattern, source in lexicon.phrases:
            if source not in self.weak:
                self.known.setdefault(
                    pattern if any(c.isupper() for c in pattern) else pattern.lower(), label
                )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        candidates = self.candidates(doc, text)
        proposed = {(c.start, c.end) for c in candidates if c.proposed}
        chosen = [c for c in unify_types(select(candidates), text, proposed) if c.label in _ENTITY_LABELS]
        spans, rows = [], []
        for cand, span in zip(chosen, candidate_spans(doc, chosen), strict=True):
            if span is not None:
                spans.append(span)
                found_by = f"{self.name}.{cand.found_by}"
                rows.append(EntityRow(span.start_char, span.end_char, cand.label, found_by, _role(cand)))
        doc.spans[SPANS_KEY] = spans
        doc._.set(ROWS_ATTR, rows)
        return doc

    def candidates(self, doc: Doc, text: str | None = None) -> list[Candidate]:
        """Every typed span the rules propose for ``doc`` (they may overlap)."""
        text = doc_text(doc) if text is None else text
        title_end = text.find("\n") if "\n" in text else 0
        blocked = [(link["start"], link["end"]) for link in doc._.get(links.DOC_ATTR) or []]
        cands: list[Candidate] = []
        exact: dict[tuple[int, int], str] = {}
        weak_starts: dict[int, tuple[int, str]] = {}  # exact hits of weak lists: candidates only
        for start, end, label, source, is_exact in doc._.get(self.candidates_key) or []:
            weak = source in self.weak
            cands.append(Candidate(start, end, label, 3 if weak or not is_exact else 1, source))
            if is_exact and weak:
                weak_starts[start] = (end, label)
            elif is_exact:
                exact[(start, end)] = label
        exact_starts = {start: (end, label) for (start, end), label in exact.items()}
        for (start, end), label in exact.items():
            # "Decision Transformer", "Stanford CoreNLP": a name qualifying a listed model. Not
            # in the title, where every word is capitalised.
            if label == "METHOD" and start > title_end and (q := _qualifier_before(text, start)) is not None:
                cands.append(Candidate(q, end, label, 1, "qualified_known"))
        coined = find_coined(text)
        for start, end in coined:
            word = text[start:end]
            known_end, known_label = exact_starts.get(start) or weak_starts.get(start, (0, ""))
            if known_label and known_label != NOT_ENTITY and end > known_end:
                # A listed name with a size or version suffix: "ERNIE-Gram", "Qwen2.5-VL-7B".
                cands.append(
                    Candidate(start, end, known_label, 1 if start in exact_starts else 3, "coined_known")
                )
                continue
            label, rank = _coined_type(word)
            cands.append(Candidate(start, end, label, rank, "coined"))
        for start, end, label in find_head_phrases(text, self.heads):
            cands.append(Candidate(start, end, label, 3, "head_phrase"))
        for start, end, label in find_data_cues(text):
            rank = 0 if label.endswith("!") else 4 if label.endswith("?") else 2
            cands.append(Candidate(start, end, label.rstrip("!?"), rank, "data_cue"))
        for start, end, label in [*find_metric_cues(text), *find_task_cues(text)]:
            cands.append(Candidate(start, end, label, 3, "context_cue"))
        definitions = [tuple(d) for d in doc._.get(abbreviations.DOC_ATTR) or []]
        long_forms = [(d[0], d[1]) for d in definitions]
        proposals = self._proposals(text, title_end, coined, long_forms, exact, cands)
        cands.extend(proposals)
        proposed = {(c.start, c.end) for c in proposals if c.proposed}
        cands.extend(self._definitions(text, definitions, exact, proposed))
        if blocked:
            cands = [c for c in cands if not any(s <= c.start < e for s, e in blocked)]
        return [_trim_metric(c, text) if c.label == "METRIC" else c for c in cands]

    def _definitions(
        self,
        text: str,
        definitions: list[tuple[int, ...]],
        exact: dict[tuple[int, int], str],
        proposed: set[tuple[int, int]],
    ) -> list[Candidate]:
        """Acronym definitions: long and short form share one type, from the long form."""
        found = []
        for long_start, long_end, short_start, short_end in definitions:
            long_form = text[long_start:long_end]
            if exact.get((short_start, short_end)) == NOT_ENTITY and long_form.lower() not in self.known:
                continue
            first = long_form.split()[0]
            short_form = text[short_start:short_end]
            if first.lower() in EVALUATIVE and first[:1].lower() != short_form[:1].lower():
                # "a novel Token Type Classification (TTC)", but "Large Language Models (LLMs)"
                long_start += len(first) + 1
                long_form = text[long_start:long_end]
            if {(long_start, long_end), (short_start, short_end)} & proposed:
                label = "METHOD"
            else:
                label = exact.get((long_start, long_end)) or classify_phrase(
                    long_form, self.heads, self.known
                )
            if label == NOT_ENTITY:
                continue
            is_proposed = label == "METHOD" and bool(
                {(long_start, long_end), (short_start, short_end)} & proposed
            )
            found.append(Candidate(long_start, long_end, label, 0, "acronym_long_form", is_proposed))
            found.append(Candidate(short_start, short_end, label, 0, "acronym_short_form", is_proposed))
        return found

    def _proposals(
        self,
        text: str,
        title_end: int,
        coined: list[tuple[int, int]],
        long_forms: list[tuple[int, int]],
        exact: dict[tuple[int, int], str],
        cands: list[Candidate],
    ) -> list[Candidate]:
        """The paper's own names: the title's "X:" name, named or proposed objects.

        A listed name ("we construct Transformer models") is proposed only by the title.
        """
        spans: list[tuple[int, int, str]] = []
        title = text[:title_end]
        named = title_name(title)
        if named:
            spans.append((*named, "title_name"))
        objects = proposed_objects(text, sorted({*coined, *long_forms}), title)
        if named:  # "we propose the Fourier head" names the title's "Fourier Head"
            objects = [_extended_to(text, s, e, title[named[0] : named[1]]) for s, e in objects]
        spans.extend((s, e, "proposed_object") for s, e in objects if (s, e) not in exact)
        spans.extend((s, e, "naming_phrase") for s, e in naming_spans(text) if (s, e) not in exact)
        for start, end in component_spans(text):
            owner = text[start:end].rsplit(" ", 1)[0]  # "BERT layer": a part of a known model
            if owner not in self.known and owner.lower() not in self.known:
                spans.append((start, end, "component"))
        if not any(rule != "title_name" for *_, rule in spans) and not named:
            contribution = title_contribution(title, text[title_end:])
            if contribution and text[contribution[0] : contribution[1]].lower() not in self.known:
                spans.append((*contribution, "title_contribution"))
        for start, end in title_methods(title, text[title_end:]):
            phrase = text[start:end]
            head = phrase.rsplit(" ", 1)[-1].lower()
            if phrase.lower() not in self.known and self.heads.get(head) != "TASK":
                spans.append((start, end, "title_method"))
        typed = {
            cached_name_key(text[c.start : c.end]): c.label
            for c in cands
            if c.label in _DATA_TYPES and c.rank < 3
        }
        found = []
        for start, end, rule in spans:
            phrase = text[start:end]
            if not phrase or phrase.lower() in EVALUATIVE or phrase.isdigit():
                continue
            if rule != "title_name" and phrase.istitle() and " " in phrase and phrase.endswith("s"):
                continue  # a plural phrase names a family: "we refer to them as Augmented Language Models"
            label = typed.get(cached_name_key(phrase)) or (
                "BENCHMARK" if is_benchmark_name(phrase) else "METHOD"
            )
            found.append(Candidate(start, end, label, 0, rule, proposed=label == "METHOD"))
        return found


def _extended_to(text: str, start: int, end: int, name: str) -> tuple[int, int]:
    """``(start, end)``, or the longer span where the text spells ``name`` (any case) from ``start``."""
    if end - start < len(name) and text[start : start + len(name)].lower() == name.lower():
        return start, start + len(name)
    return start, end


_QUALIFIER = re.compile(r"([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*) $")


def _qualifier_before(text: str, start: int) -> int | None:
    """Where a capitalised word just before ``start`` begins, if it qualifies the name there.

    Not at a sentence start ("Using BERT"), not a stop or evaluative word ("The", "Large").

    >>> text = "It beats the Decision Transformer. Using BERT helps."
    >>> _qualifier_before(text, text.index("Transformer")), _qualifier_before(text, text.index("BERT"))
    (13, None)
    """
    match = _QUALIFIER.search(text, max(0, start - 40), start)
    if not match:
        return None
    word = match.group(1)
    before = text[: match.start()].rstrip()
    lower = word.lower()
    if not before or before[-1] in ".!?\n:;" or is_function_word(lower):
        return None
    if lower.endswith("ing"):  # "... by Fine-tuning BERT": a verb, not a qualifier
        return None
    return match.start()


def _role(cand: Candidate) -> Role | None:
    """A method's role: "proposed" or "used"; None for other types."""
    if cand.label != "METHOD":
        return None
    return "proposed" if cand.proposed else "used"


def _trim_metric(cand: Candidate, text: str) -> Candidate:
    """ "BLEU score" and "F1 scores" name the metrics BLEU and F1."""
    if cand.label == "METRIC":
        head, _, last = text[cand.start : cand.end].rpartition(" ")
        if last.lower() in {"score", "scores"} and head and not head.islower():
            return cand._replace(end=cand.start + len(head))
    return cand


@Language.factory(
    "kgraph_entities",
    assigns=["doc.spans", f"doc._.{ROWS_ATTR}"],
    requires=["doc._.kgraph_abbreviations", "doc._.kgraph_links", f"doc._.{CANDIDATES_KEY}"],
    default_config={"patterns_dir": "", "candidates_key": CANDIDATES_KEY},
)
def make_entity_recognizer(
    nlp: Language, name: str, patterns_dir: str, candidates_key: str
) -> EntityRecognizer:
    """Build the ``kgraph_entities`` component; ``patterns_dir`` supplies head words and lists."""
    lexicon = build_lexicon(read_patterns(patterns_dir)) if patterns_dir else Lexicon()
    return EntityRecognizer(nlp, name, lexicon=lexicon, candidates_key=candidates_key)
