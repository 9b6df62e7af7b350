"""The collector pause: safe only because a build makes no reference cycles per paper."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest

from kgraph.build import build_graph_from_inputs
from kgraph.heap import collector_paused


def cyclic_garbage(work: Callable[[], object]) -> int:
    """Objects that ``work`` left in unreachable reference cycles (only the collector frees them)."""
    gc.collect()
    with collector_paused():
        work()
        return gc.collect()  # collects even while paused


def papers_file(gold_dir: Path, tmp_path: Path, count: int) -> Path:
    lines = (gold_dir / "corpus_input.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / f"papers-{count}.jsonl"
    path.write_text("".join(lines[:count]), encoding="utf-8")
    return path


def test_heap_collector_paused_restores_the_previous_state() -> None:
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


@pytest.mark.parametrize("n_process", [1, 2])
def test_heap_build_leaves_no_cycles_that_grow_with_the_papers(
    gold_dir: Path, tmp_path: Path, n_process: int
) -> None:
    few, many = papers_file(gold_dir, tmp_path, 50), papers_file(gold_dir, tmp_path, 408)

    def build(path: Path) -> Callable[[], object]:
        return lambda: build_graph_from_inputs([path], n_process=n_process)

    cyclic_garbage(build(few))  # the first build also fills caches and imports modules
    garbage_few, garbage_many = cyclic_garbage(build(few)), cyclic_garbage(build(many))
    # Loading the spaCy config leaves a few thousand objects in cycles, once per build. Any
    # cycle made per paper or per mention would add hundreds more for the 358 extra papers.
    assert garbage_many - garbage_few < 100, (garbage_few, garbage_many)
