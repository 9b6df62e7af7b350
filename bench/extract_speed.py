"""Extraction speed on one core: papers/s of spaCy's bare tokenizer vs kgraph's default pipeline.

Usage (from the repository root)::

    .venv/bin/python bench/extract_speed.py [PAPERS.jsonl] [--repeat N] [--config CFG]

All rates are measured in the same run, on the same texts (title, newline, abstract), single
process, best of ``--repeat`` interleaved rounds, in papers per CPU-second (= per core).
"kgraph tokenizer" is the pipeline's own tokenizer alone (same tokens as the bare one);
"pipeline" is ``nlp.pipe`` with every component; "extract" adds the conversion of each Doc
into kgraph's plain records (what ``kgraph extract`` does).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from kgraph.config import load_config
from kgraph.extract.pipeline import extract, load_pipeline
from kgraph.models import Paper

DEFAULT_PAPERS = Path(__file__).resolve().parents[2] / "shared" / "gold" / "corpus_input.jsonl"


def best_rates(runs: dict[str, Callable[[], object]], count: int, repeat: int) -> dict[str, float]:
    """The best papers per CPU-second of each run over ``count`` papers, ``repeat`` rounds.

    CPU time of this process (one core), not wall time: on a shared machine the wall clock
    also counts the time other processes hold the core. The runs take turns in each round,
    so a busy spell on the machine slows all of them alike.
    """
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - start)
    return {name: count / seconds for name, seconds in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("papers", nargs="?", default=str(DEFAULT_PAPERS))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--config", default=None)
    args = parser.parse_args()
    with open(args.papers, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    papers = [Paper(id=r["id"], title=r["title"], abstract=r["abstract"]) for r in rows]
    texts = [paper.text for paper in papers]

    blank = spacy.blank("en")
    nlp = load_pipeline(load_config(args.config))
    for _ in nlp.pipe(texts[:20]):  # warm up caches
        pass

    rates = best_rates(
        {
            "tokenizer": lambda: list(blank.tokenizer.pipe(texts)),
            "kgraph tokenizer": lambda: list(nlp.tokenizer.pipe(texts)),
            "pipeline": lambda: list(nlp.pipe(texts, batch_size=256)),
            "extract": lambda: list(extract(papers, nlp)),
        },
        len(texts),
        args.repeat,
    )
    tokenizer, pipeline, full = rates["tokenizer"], rates["pipeline"], rates["extract"]
    print(f"papers: {len(texts)}  components: {', '.join(nlp.pipe_names)}")
    print(f"tokenizer  {tokenizer:8.0f} papers/s  (spacy.blank('en'), the reference)")
    ours = rates["kgraph tokenizer"]
    print(f"kgraph tokenizer {ours:8.0f} papers/s  (same tokens, cache kept on: kgraph/extract/tokenizer.py)")
    print(f"pipeline   {pipeline:8.0f} papers/s  ({pipeline / tokenizer:.0%} of tokenizer)")
    print(f"extract    {full:8.0f} papers/s  ({full / tokenizer:.0%} of tokenizer)")


if __name__ == "__main__":
    main()
