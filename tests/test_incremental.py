"""Incremental builds: only new or changed papers are re-extracted; the result equals a full rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgraph.build import build_graph_from_inputs, write_outputs
from kgraph.errors import InputError
from kgraph.incremental import CACHE_NAME, load_extractions, save_extractions


def write_papers(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus_lines(gold_dir: Path) -> list[str]:
    with (gold_dir / "corpus_input.jsonl").open(encoding="utf-8") as stream:
        return stream.readlines()


def test_incremental_update_equals_full_rebuild(corpus_lines: list[str], tmp_path: Path) -> None:
    first = write_papers(tmp_path / "first.jsonl", corpus_lines[:30])
    write_outputs(build_graph_from_inputs([first]), tmp_path / "out")

    changed = json.loads(corpus_lines[20])
    changed["abstract"] += " We compare against BERT on ImageNet."
    second = write_papers(tmp_path / "second.jsonl", [json.dumps(changed) + "\n", *corpus_lines[21:50]])
    updated = build_graph_from_inputs([second], update_from=tmp_path / "out")
    assert updated.update is not None and updated.update.full_rebuild_reason is None
    assert len(updated.update.added) == 20
    assert updated.update.changed == [changed["id"]]
    assert len(updated.update.removed) == 20
    assert len(updated.update.unchanged) == 9
    write_outputs(updated, tmp_path / "out")

    write_outputs(build_graph_from_inputs([second]), tmp_path / "full")
    for name in ("graph.json", "graph.graphml", "csv/relations.csv", "csv/aliases.csv", CACHE_NAME):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name
    removed = json.loads(corpus_lines[0])["id"]
    assert f"paper:{removed}" not in updated.graph


def test_incremental_changed_config_re_extracts_everything(corpus_lines: list[str], tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "p.jsonl", corpus_lines[:5])
    result = build_graph_from_inputs([papers])
    write_outputs(result, tmp_path / "out")
    fingerprint, cached = load_extractions(tmp_path / "out" / CACHE_NAME)
    assert fingerprint == result.fingerprint and len(cached) == 5
    save_extractions(tmp_path / "out" / CACHE_NAME, result.extractions, "another-pipeline")
    again = build_graph_from_inputs([papers], update_from=tmp_path / "out")
    assert again.update is not None and again.update.full_rebuild_reason
    assert len(again.update.added) == 5


def test_incremental_damaged_cache_is_a_clear_error(corpus_lines: list[str], tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "p.jsonl", corpus_lines[:2])
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / CACHE_NAME).write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match="Run a full build without --update"):
        build_graph_from_inputs([papers], update_from=tmp_path / "out")
