"""Synthesize a corpus of N papers from the real one, streamed, deterministic.

Each synthetic paper recombines the sentences of a real "primary" paper with
sentences of one to three "donor" papers (read at run time from
``../shared/corpus``; no corpus text is stored in the repository). Its own
method gets a fresh coined name (``ZorVexaNet``, ``KilMupa-7B``) wherever the
primary named its method, and donor method names become citations of earlier
synthetic papers' methods, chosen with a rich-get-richer skew, so popular
methods gain papers as the corpus grows. Some papers release a fresh dataset
(``QuilMorBench``) that later papers evaluate on. The real entities of the
sentences (BERT, ImageNet, ...) keep their corpus frequencies, so they become
hubs at scale, as in real corpora, while the number of distinct entities grows
with N.

Paper ``i`` depends only on ``(seed, i)``, so any prefix of the stream is the
smaller corpus and slices can be made in parallel.

Usage::

    python bench/synthesize.py 100000 --out bench/data/papers-100000.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kgraph.ingest import read_papers

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SLOT = "\x00"  # marks where a sentence names a method, replaced when rendering

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
_GITHUB = re.compile(r"(?:https?://)?(?:www\.)?github\.com/[\w.\-]+/[\w.\-]*\w", re.IGNORECASE)
_SYLLABLES = [c + v for c in "bdfgklmnprtvzcjh" for v in "aeiou"][:64]
_METHOD_SUFFIXES = ["Net", "Former", "-7B", "-XL", "GPT", "-R1", "Diff", "LM"]
_METHOD_SUFFIXES += ["-2", "Mamba", "Seg", "-VL", "Fusion", "-Lite", "Agent", ""]
_DATA_SUFFIXES = ["Bench", "-QA", "Set", "-1K", "Eval", "Corpus", "-Hard", "Arena"]
# Sentences that cite methods ({a}, {b}) and datasets ({d}); written for the benchmark.
_CITE = [
    "We compare against {a} and {b} under the same compute budget.",
    "Our approach improves over {a} while using fewer parameters.",
    "Unlike {a}, the method needs no additional supervision.",
]
_EVALUATE = [
    "Experiments on {d} show consistent gains over {a}.",
    "On {d}, the model outperforms {a} and {b}.",
]
_RELEASE = ["We also release {d}, a new benchmark for this setting."]


@dataclass(frozen=True, slots=True)
class Source:
    """A real paper cut into reusable parts: its named method (if any) is replaced by SLOT."""

    title: str
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """What synthetic paper ``i`` is made of, before any text is rendered."""

    index: int
    title: tuple[int, str]  # (source, name)
    sentences: tuple[tuple[int, int, str], ...]  # (source, sentence, name filling its SLOTs)
    extra: tuple[tuple[str, dict[str, str]], ...]  # (template, names)


def load_sources(corpus: str | Path = DEFAULT_CORPUS) -> list[Source]:
    """Read the real papers and mark their own method names as slots."""
    sources = []
    for paper in read_papers([corpus]):
        head, _, rest = paper.title.partition(":")
        name = head.strip() if rest and len(head.split()) <= 2 else None
        title = f"{SLOT}:{rest}" if name else f"{SLOT}: {paper.title}"
        sentences = _SENTENCE_END.split(paper.abstract.strip())
        if name:
            pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
            sentences = [pattern.sub(SLOT, s) for s in sentences]
        sources.append(Source(title=title, sentences=tuple(sentences)))
    return sources


def _stem(number: int, capacity: int) -> str:
    """A pronounceable CamelCase stem, distinct for every ``number < capacity``."""
    parts = []
    for _ in range(3):
        number, digit = divmod(number, 64)
        parts.append(_SYLLABLES[digit])
    extra = ""
    while number:
        number, digit = divmod(number - 1, 64)
        extra += _SYLLABLES[digit]
    return parts[0].capitalize() + (parts[1] + parts[2] + extra).capitalize()


def method_name(i: int) -> str:
    """The fresh name of synthetic paper ``i``'s method (distinct for every ``i``).

    >>> method_name(0) != method_name(1)
    True
    """
    x = (i * 387_420_489 + 12_345) % 4_194_304 + (i // 4_194_304) * 4_194_304
    x, suffix = divmod(x, len(_METHOD_SUFFIXES))
    return _stem(x, 262_144) + _METHOD_SUFFIXES[suffix]


def dataset_name(i: int) -> str:
    """The fresh name of the dataset synthetic paper ``i`` releases (if it does)."""
    x = (i * 1_162_261_467 + 777) % 2_097_152 + (i // 2_097_152) * 2_097_152
    x, suffix = divmod(x, len(_DATA_SUFFIXES))
    return _stem(x + 7, 262_144).replace("a", "o", 1) + _DATA_SUFFIXES[suffix]


def _earlier(i: int, rng: random.Random) -> int:
    """An earlier paper, skewed towards old ones (rich get richer: df(j) ~ sqrt(N / j))."""
    return int(i * rng.random() ** 2)


def plan_paper(i: int, sources: Sequence[Source], seed: int = 0) -> Plan:
    """Choose the parts of synthetic paper ``i``; depends only on ``(seed, i)``."""
    rng = random.Random(_mix(seed * 4_294_967_311 + i))
    own = method_name(i)
    primary = rng.randrange(len(sources))
    count = len(sources[primary].sentences)
    parts = [(primary, s, own) for s in range(count)]
    for _ in range(rng.randint(1, max(1, min(3, count // 3)))):
        donor = rng.randrange(len(sources))
        cited = method_name(_earlier(i, rng)) if i else own
        position = rng.randrange(1, len(parts)) if len(parts) > 1 else 1
        parts[position : position + 1] = [(donor, rng.randrange(len(sources[donor].sentences)), cited)]
    extra: list[tuple[str, dict[str, str]]] = []
    if i and rng.random() < 0.6:
        names = {"a": method_name(_earlier(i, rng)), "b": method_name(_earlier(i, rng))}
        extra.append((rng.choice(_CITE), names))
    released = _released(i, rng, seed) if i and rng.random() < 0.5 else None
    if released is not None:
        names = {"d": dataset_name(released), "a": method_name(_earlier(i, rng))}
        names["b"] = method_name(_earlier(i, rng))
        extra.append((rng.choice(_EVALUATE), names))
    if releases_dataset(i, seed):
        extra.append((_RELEASE[0], {"d": dataset_name(i)}))
    return Plan(index=i, title=(primary, own), sentences=tuple(parts), extra=tuple(extra))


def releases_dataset(j: int, seed: int = 0) -> bool:
    """Whether synthetic paper ``j`` releases a fresh dataset (one paper in ten)."""
    return _mix(j * 1_000_003 + seed) % 10 == 0


def _mix(x: int) -> int:
    """SplitMix64's finalizer: a cheap, well-spread hash of an integer."""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def _released(i: int, rng: random.Random, seed: int) -> int | None:
    """An earlier paper that released a dataset, skewed towards old ones; None if none is found."""
    for _ in range(20):
        j = _earlier(i, rng)
        if releases_dataset(j, seed):
            return j
    return None


def render(plan: Plan, sources: Sequence[Source]) -> dict[str, str]:
    """The JSONL record of a plan: ``id``, ``title`` and ``abstract``."""
    source, name = plan.title
    title = sources[source].title.replace(SLOT, name)
    sentences = []
    for s_source, s_index, s_name in plan.sentences:
        text = sources[s_source].sentences[s_index].replace(SLOT, s_name)
        sentences.append(_GITHUB.sub(f"https://github.com/{s_name.lower()}-lab/{s_name}", text))
    sentences.extend(template.format(**names) for template, names in plan.extra)
    return {"id": f"syn-{plan.index:07d}", "title": title, "abstract": " ".join(sentences)}


def synthesize(n: int, sources: Sequence[Source], *, seed: int = 0) -> Iterator[dict[str, str]]:
    """Stream ``n`` synthetic papers (constant memory)."""
    for i in range(n):
        yield render(plan_paper(i, sources, seed), sources)


def write_corpus(n: int, path: str | Path, *, seed: int = 0, corpus: str | Path = DEFAULT_CORPUS) -> Path:
    """Write ``n`` synthetic papers as JSONL to ``path`` (reused when it already exists)."""
    path = Path(path)
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    sources = load_sources(corpus)
    partial = path.with_suffix(".part")
    with partial.open("w", encoding="utf-8") as stream:
        for record in synthesize(n, sources, seed=seed):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("papers", type=int)
    parser.add_argument("--out", type=Path, help="JSONL file (default: stdout)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if args.out:
        write_corpus(args.papers, args.out, seed=args.seed, corpus=args.corpus)
        return 0
    for record in synthesize(args.papers, load_sources(args.corpus), seed=args.seed):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
