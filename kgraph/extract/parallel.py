"""Extraction over worker processes that return plain records, not Docs.

spaCy's ``nlp.pipe(n_process=...)`` sends every Doc back to the parent as
bytes, and the parent rebuilds it before converting it: on a two-core machine
that serialization costs more than the second core gains. Here each worker
runs the whole pipeline *and* the Doc -> record conversion on a chunk of
papers, and sends back only the mentions and links (the parent already has
the papers). Chunks are submitted a few at a time and collected in input
order, so memory stays bounded and the output is identical to one process.

Workers are forked, so they inherit the loaded pipeline without pickling it;
where ``fork`` is unavailable, :func:`extract_in_processes` falls back to
spaCy's own ``n_process``.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from spacy.language import Language

from kgraph.models import LinkMention, Mention, Paper, PaperExtraction

_Found = tuple[tuple[Mention, ...], tuple[LinkMention, ...]]
FORKS = "fork" in multiprocessing.get_all_start_methods()  # else spaCy's n_process sends Docs back
_worker_nlp: Language | None = None  # set in each worker process by _start_worker


def extract_in_processes(
    papers: Iterable[Paper],
    nlp: Language,
    *,
    n_process: int,
    batch_size: int = 256,
) -> Iterator[PaperExtraction]:
    """Yield each paper's extraction in input order, computed by ``n_process`` forked workers."""
    if not FORKS:
        from kgraph.extract.pipeline import extraction_from_doc

        stream = ((paper.text, paper) for paper in papers)
        for doc, paper in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield extraction_from_doc(doc, paper)
        return
    context = multiprocessing.get_context("fork")
    pending: deque[tuple[list[Paper], Future[list[_Found]]]] = deque()
    # The workers inherit the parent's heap; frozen, their collector passes skip it instead of
    # touching (and so copying) every page of it. A heap the caller froze stays frozen.
    caller_froze = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            n_process, mp_context=context, initializer=_start_worker, initargs=(nlp,)
        ) as pool:
            for chunk in _chunks(papers, batch_size):
                pending.append((chunk, pool.submit(_extract_chunk, chunk, batch_size)))
                if len(pending) >= 2 * n_process:
                    yield from _collect(*pending.popleft())
            while pending:
                yield from _collect(*pending.popleft())
    finally:
        if not caller_froze:
            gc.unfreeze()


def _chunks(papers: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    iterator = iter(papers)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _collect(chunk: list[Paper], future: Future[list[_Found]]) -> Iterator[PaperExtraction]:
    for paper, (mentions, links) in zip(chunk, future.result(), strict=True):
        yield PaperExtraction(paper=paper, mentions=mentions, links=links)


def _start_worker(nlp: Language) -> None:
    global _worker_nlp
    _worker_nlp = nlp
    gc.enable()  # the parent pauses it during a build (kgraph.heap); a worker has its own heap


def _extract_chunk(chunk: list[Paper], batch_size: int) -> list[_Found]:
    from kgraph.extract.pipeline import extract

    assert _worker_nlp is not None, "worker started without a pipeline"
    return [(found.mentions, found.links) for found in extract(chunk, _worker_nlp, batch_size=batch_size)]
