"""Build the spaCy pipeline from a config and stream papers through it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kgraph.config import KgraphConfig, load_config
from kgraph.errors import PipelineError

# Importing the component modules registers their factories (the package also
# declares them as ``spacy_factories`` entry points for use outside kgraph).
from kgraph.extract import abbreviations, entities, links, parallel
from kgraph.models import EntityType, LinkMention, Mention, Paper, PaperExtraction, Repo, name_key

__all__ = ["extract", "load_pipeline", "extraction_from_doc"]


def load_pipeline(config: KgraphConfig | None = None) -> Language:
    """Build and initialize the extraction pipeline described by ``config``.

    Raises:
        PipelineError: when a component is unknown or its settings are invalid.
    """
    config = config or load_config()
    try:
        nlp = spacy.util.load_model_from_config(config.nlp, auto_fill=True, validate=True)
        nlp.initialize()
    except (ValueError, KeyError, OSError) as error:
        raise PipelineError(f"{config.path}: cannot build the spaCy pipeline: {error}") from error
    entities.register_extensions()
    return nlp


def extract(
    papers: Iterable[Paper],
    nlp: Language,
    *,
    batch_size: int = 256,
    n_process: int = 1,
) -> Iterator[PaperExtraction]:
    """Yield each paper's extraction, in input order, streaming.

    Args:
        papers: the papers to read.
        nlp: a pipeline from :func:`load_pipeline`.
        batch_size: documents per batch.
        n_process: worker processes (output is identical to one process).
    """
    if n_process > 1:
        yield from parallel.extract_in_processes(papers, nlp, n_process=n_process, batch_size=batch_size)
        return
    stream = ((paper.text, paper) for paper in papers)
    for doc, paper in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield extraction_from_doc(doc, paper)


def extraction_from_doc(doc: Doc, paper: Paper) -> PaperExtraction:
    """Convert a processed Doc into plain records: the only place spaCy types cross into the model."""
    title_end = len(paper.title)
    mentions = []
    abbreviation_forms = _abbreviation_forms(doc)
    for span in sorted(doc.spans.get(entities.SPANS_KEY, []), key=lambda s: (s.start_char, s.end_char)):
        field = "title" if span.start_char < title_end else "abstract"
        mentions.append(
            Mention(
                paper_id=paper.id,
                type=EntityType(span.label_),
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                sentence=_evidence(doc, span.start_char, span.end_char, title_end),
                found_by=span._.kgraph_found_by or "unknown",
                field=field,
                role=span._.kgraph_role,
                long_form=abbreviation_forms.get(name_key(span.text)),
            )
        )
    found_links = []
    for link in doc._.get(links.DOC_ATTR) or []:
        repo = None
        if link["repo"]:
            owner, name = link["repo"].split("/", 1)
            repo = Repo(owner=owner, name=name)
        found_links.append(LinkMention(paper.id, link["url"], link["kind"], link["start"], link["end"], repo))
    return PaperExtraction(paper=paper, mentions=tuple(mentions), links=tuple(found_links))


def _abbreviation_forms(doc: Doc) -> dict[str, str]:
    """Map the name key of each short form defined in the doc, and of each long form, to the long form."""
    forms: dict[str, str] = {}
    for long_start, long_end, short_start, short_end in doc._.get(abbreviations.DOC_ATTR) or []:
        long_form = doc.text[long_start:long_end]
        forms.setdefault(name_key(doc.text[short_start:short_end]), long_form)
        forms.setdefault(name_key(long_form), long_form)
    return forms


def _evidence(doc: Doc, start: int, end: int, title_end: int) -> str:
    """The sentence around a mention, never crossing from the title into the abstract."""
    if doc.has_annotation("SENT_START"):
        span = doc.char_span(start, end, alignment_mode="expand")
        sentence_start, sentence_end = (span.sent.start_char, span.sent.end_char) if span else (0, len(doc.text))
    else:
        sentence_start, sentence_end = 0, len(doc.text)
    if start < title_end:
        sentence_start, sentence_end = 0, title_end
    else:
        sentence_start = max(sentence_start, title_end + 1)
    return doc.text[sentence_start:sentence_end].strip()
