"""Context cues that type a name: "on the X and Y datasets", "in terms of X", "the X task".

Each function returns ``(start, end, label)`` character spans. Names in dataset and
benchmark cues must look like names (capitalised or coined words); metric and task cues
take short common-noun phrases. Pure functions over text.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from kgraph.extract.phrases import is_function_word
from kgraph.extract.words import word_labels

Cue = tuple[int, int, str]

_NAME = r"[A-Z0-9](?:[\w.+/-]*[\w+])?(?: [A-Z0-9](?:[\w.+/-]*[\w+])?){0,3}"
_LIST = rf"{_NAME}(?:(?:, |,? and |,? or |, and the |,? and the )(?:{_NAME}))*"
_DATA_WORDS = word_labels("data_cues")
_CUE_WORD = "|".join(sorted(_DATA_WORDS, key=len, reverse=True))
_BEFORE_CUE = re.compile(rf"(?<![\w-])({_LIST})\s+(?:[a-z][\w-]+\s+)?({_CUE_WORD})\b")
_EXPERIMENT_STEMS = ("experiment", "result", "evaluat", "tested", "trained", "tuned")
_CUE_STEMS = ("dataset", "corpus", "corpora", "benchmark", "leaderboard", "challenge", "suite", "testbed")
_AFTER_CUE = re.compile(
    rf"\b({_CUE_WORD})\s*,?\s*(?:such as|including|like|namely|e\.g\.,?|i\.e\.,?|:)\s+(?:the\s+)?({_LIST})"
)
_EXPERIMENTS_ON = re.compile(
    rf"\b(?i:experiments|results|evaluations?|evaluated|tested|trained|fine-tuned)\s+(?:\w+\s+)?on\s+(?:the\s+)?"
    rf"({_LIST})(?!\s+(?:models?|backbones?|architectures?|LLMs?))"
)
_APPOSITION = re.compile(rf"(?<![\w-])({_NAME}), (?:a|an|the|our) (?:[\w-]+ ){{0,4}}?({_CUE_WORD})\b")
_PLAIN_WORD = re.compile(r"[A-Z][a-z]+")
_SEPARATOR = re.compile(r",? and the |, and |,? or |, | and ")
_IN_TERMS_OF = re.compile(r"\bin terms of (?:both |the )?([a-z][\w-]*(?: (?!and\b|or\b)[a-z][\w-]*){0,2})")
_TASK_OF = re.compile(
    r"\b(?:the )?task of ([a-z][\w-]*(?: [a-z][\w-]*){0,2})|\b([a-z][\w-]*(?:ing|tion|sion)) tasks?\b"
)
_BENCH_SUFFIX = re.compile(r"(?:[Bb]ench|[A-Za-z]-Bench|[A-Za-z]Eval)(?:[-\d.]*)$")


def _split_names(text: str, start: int) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for part in _SEPARATOR.split(text):
        offset = text.find(part, position)
        position = offset + len(part)
        name = part.strip()
        if name and any(c.isalpha() for c in name) and not is_function_word(name.split()[0].lower()):
            spans.append((start + offset, start + offset + len(name)))
    return spans


def find_data_cues(text: str) -> list[Cue]:
    """Dataset and benchmark names typed by a nearby cue word.

    Labels end in "!" for an apposition ("X, a new benchmark"), the strongest cue, and in
    "?" for "experiments on X", the weakest.

    >>> text = "Experiments on the PASCAL VOC and MS COCO datasets and on benchmarks such as GLUE and MTEB."
    >>> [(text[s:e], label) for s, e, label in find_data_cues(text)]
    [('PASCAL VOC', 'DATASET'), ('MS COCO', 'DATASET'), ('GLUE', 'BENCHMARK'), ('MTEB', 'BENCHMARK')]
    """
    cues: list[Cue] = []
    lower = text.lower()
    for start, end in windows(lower, _CUE_STEMS, before=150, after=200):
        for match in _APPOSITION.finditer(text, start, end):  # "UnifyBench, the first benchmark for ..."
            cues.append((match.start(1), match.end(1), _DATA_WORDS[match.group(2)] + "!"))
        for match in _BEFORE_CUE.finditer(text, start, end):
            label = _DATA_WORDS[match.group(2)]
            cues.extend((s, e, label) for s, e in _split_names(match.group(1), match.start(1)))
        for match in _AFTER_CUE.finditer(text, start, end):
            label = _DATA_WORDS[match.group(1)]
            cues.extend((s, e, label) for s, e in _split_names(match.group(2), match.start(2)))
    seen = {(s, e) for s, e, _ in cues}
    for start, end in windows(lower, _EXPERIMENT_STEMS, before=0, after=200):
        for match in _EXPERIMENTS_ON.finditer(text, start, end):
            for s, e in _split_names(match.group(1), match.start(1)):
                if (s, e) not in seen and not _PLAIN_WORD.fullmatch(text[s:e]):  # "Trained on Programs"
                    cues.append((s, e, "DATASET?"))
    return sorted(set(cues))


def windows(lower: str, stems: tuple[str, ...], *, before: int, after: int) -> list[tuple[int, int]]:
    """Merged character windows around each occurrence of ``stems`` in the lower-cased text.

    The cue regexes run only there: ``str.find`` is far cheaper than a regex over the text.

    >>> windows("a dataset and a benchmark", ("dataset", "benchmark"), before=2, after=9)
    [(0, 11), (14, 25)]
    """
    spans = []
    for stem in stems:
        position = lower.find(stem)
        while position >= 0:
            spans.append((max(0, position - before), min(len(lower), position + after)))
            position = lower.find(stem, position + len(stem))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def is_benchmark_name(name: str) -> bool:
    """Names built on "Bench" or "Eval" are benchmarks: "LongBench", "MT-Bench", "HumanEval".

    >>> is_benchmark_name("UnifyBench"), is_benchmark_name("Benchmark"), is_benchmark_name("BERT")
    (True, False, False)
    >>> is_benchmark_name("AlpacaEval"), is_benchmark_name("Eval"), is_benchmark_name("Evaluation")
    (True, False, False)
    """
    return bool(_BENCH_SUFFIX.search(name)) and name.lower() not in {"bench", "benchmark"}


def find_metric_cues(text: str) -> list[Cue]:
    """Metrics after "in terms of": "in terms of diversity and human preferences".

    >>> text = "It wins both in terms of diversity and human preferences, at no cost."
    >>> [text[s:e] for s, e, _ in find_metric_cues(text)]
    ['diversity', 'human preferences']
    """
    cues: list[Cue] = []
    if "in terms of" not in text:
        return cues
    for match in _IN_TERMS_OF.finditer(text):
        start = match.start(1)
        phrase = match.group(1)
        tail = text[match.end(1) : match.end(1) + 40]
        second = re.match(
            r" and ([a-z][\w-]*(?: [a-z][\w-]*)?)(?=[,.;)]| while| with| compared| than|$)", tail
        )
        for s, part in ((start, phrase), (match.end(1) + 5, second.group(1) if second else "")):
            words = part.split()
            while words and is_function_word(words[-1]):
                words.pop()
            if words and words[0] not in STOP_WORDS:
                cues.append((s, s + len(" ".join(words)), "METRIC"))
    return cues


def find_task_cues(text: str) -> list[Cue]:
    """Tasks named by "X, the task of ..." or "the X task" (not "X tasks": a family of tasks).

    >>> text = "We study decompounding, the task of splitting words, and the decompounding task."
    >>> [text[s:e] for s, e, _ in find_task_cues(text)]
    ['decompounding', 'decompounding']
    """
    cues: list[Cue] = []
    spans = windows(text, ("task",), before=60, after=60)
    for match in (m for s, e in spans for m in _TASK_OF.finditer(text, s, e)):
        group = 2 if match.group(2) else 1
        word = match.group(group)
        if group == 1:
            before = text[max(0, match.start() - 40) : match.start()]
            named = re.search(r"([a-z][\w-]+), $", before)
            if not named:
                continue
            start = match.start() - len(before) + named.start(1)
            cues.append((start, start + len(named.group(1)), "TASK"))
        elif (
            not is_function_word(word)
            and text.endswith(("the ", "a ", "an "), 0, match.start(group))  # "the decompounding task"
            and not match.group().endswith("s")  # "reasoning tasks": a kind of task, seldom one task
        ):
            cues.append((match.start(group), match.end(group), "TASK"))
    return sorted(set(cues))
