"""Context cues for datasets, benchmarks, metrics and tasks (kgraph.extract.cues)."""

from __future__ import annotations

import pytest

from kgraph.extract.cues import find_data_cues, find_metric_cues, find_task_cues, is_benchmark_name, windows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "results on the PASCAL VOC and MS COCO datasets",
            [("PASCAL VOC", "DATASET"), ("MS COCO", "DATASET")],
        ),
        (
            "on benchmarks such as GLUE, SuperGLUE and MMLU.",
            [("GLUE", "BENCHMARK"), ("SuperGLUE", "BENCHMARK"), ("MMLU", "BENCHMARK")],
        ),
        ("we present UnifyBench, the first benchmark for concepts", [("UnifyBench", "BENCHMARK!")]),
        (
            "Experiments on Kinetics-400 and SSv2 show",
            [("Kinetics-400", "DATASET?"), ("SSv2", "DATASET?")],
        ),
        ("across 11 benchmarks and 3 datasets", []),
        ("Language Models Trained on Programs", []),
    ],
)
def test_cues_data_cues(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s:e], label) for s, e, label in find_data_cues(text)] == expected


def test_cues_metric_after_in_terms_of() -> None:
    text = "outperforms Top-P sampling, both in terms of diversity and human preferences."
    assert [text[s:e] for s, e, _ in find_metric_cues(text)] == ["diversity", "human preferences"]


def test_cues_task_of_and_task_word() -> None:
    text = "We study decompounding, the task of splitting words, on a summarization task."
    assert sorted(text[s:e] for s, e, _ in find_task_cues(text)) == ["decompounding", "summarization"]


def test_cues_plural_task_word_names_a_family_not_a_task() -> None:
    text = "It helps on reasoning tasks and generation tasks, and in planning task settings."
    assert find_task_cues(text) == []


def test_cues_benchmark_names_and_windows() -> None:
    assert (
        is_benchmark_name("LongBench")
        and is_benchmark_name("MT-Bench")
        and not is_benchmark_name("Benchmark")
    )
    assert windows("a dataset", ("dataset",), before=1, after=20) == [(1, 9)]
