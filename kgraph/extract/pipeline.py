"""Build the spaCy pipeline from a config and stream papers through it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kgraph.config import KgraphConfig, load_config
from kgraph.errors import PipelineError

# Importing the component modules registers their factories and the tokenizer (the package
# also declares them as ``spacy_factories`` / ``spacy_tokenizers`` entry points).
from kgraph.extract import (  # noqa: F401
    abbreviations,
    entities,
    gazetteer,
    links,
    parallel,
    sentences,
    tokenizer,
)
from kgraph.models import EntityType, LinkMention, Mention, Paper, PaperExtraction, Repo, cached_name_key

__all__ = ["extract", "load_pipeline", "extraction_from_doc"]

_ENTITY_TYPES = {entity_type.value: entity_type for entity_type in EntityType}


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
    text = paper.text  # the Doc's text; doc.text would rebuild it from the tokens
    abbreviation_forms = _abbreviation_forms(doc, text)
    starts = _sentence_starts(doc)
    rows = sorted(entities.entity_rows(doc), key=_by_offsets)
    evidence: dict[str, str] = {}  # one string per sentence, shared by its mentions (memory)
    for start, end, label, found_by, role in rows:
        surface = text[start:end]
        mentions.append(
            Mention(
                paper.id,
                _entity_type(label),
                surface,
                start,
                end,
                evidence.setdefault(sentence := _evidence(text, start, end, title_end, starts), sentence),
                found_by,
                "title" if start < title_end else "abstract",
                role,
                abbreviation_forms.get(cached_name_key(surface)) if abbreviation_forms else None,
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


def _by_offsets(row: entities.EntityRow) -> tuple[int, int]:
    return row.start, row.end


def _entity_type(label: str) -> EntityType:
    """``EntityType(label)`` through a dict: the enum's own lookup is slow."""
    return _ENTITY_TYPES.get(label) or EntityType(label)


def _abbreviation_forms(doc: Doc, text: str) -> dict[str, str]:
    """Map the name key of each short form defined in the doc, and of each long form, to the long form."""
    forms: dict[str, str] = {}
    for long_start, long_end, short_start, short_end in doc._.get(abbreviations.DOC_ATTR) or []:
        long_form = text[long_start:long_end]
        forms.setdefault(cached_name_key(text[short_start:short_end]), long_form)
        forms.setdefault(cached_name_key(long_form), long_form)
    return forms


def _sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where sentences start (one pass over the Doc's arrays, not per mention)."""
    if not doc.has_annotation("SENT_START") or len(doc) == 0:
        return [0]
    array = doc.to_array([SENT_START, IDX])
    return [0, *array[1:, 1][array[1:, 0] == 1].tolist()]


def _evidence(text: str, start: int, end: int, title_end: int, starts: list[int]) -> str:
    """The sentence around a mention, never crossing from the title into the abstract.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds that string on every access.
    """
    index = bisect_right(starts, start) - 1
    sentence_start = starts[index]
    sentence_end = starts[index + 1] if index + 1 < len(starts) else len(text)
    while sentence_end < end and index + 2 < len(starts):  # a mention across a sentence break
        index += 1
        sentence_end = starts[index + 1]
    if start < title_end:
        sentence_start, sentence_end = 0, title_end
    else:
        sentence_start = max(sentence_start, title_end + 1)
    return text[sentence_start:sentence_end].strip()
