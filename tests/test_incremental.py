"""Incremental builds: only new or changed papers are re-extracted; the result equals a full rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph import cachekey
from kgraph.build import build_graph_from_inputs, write_outputs
from kgraph.cachekey import PARTS, ExtractionKey, extraction_key
from kgraph.cli import cli
from kgraph.config import load_config
from kgraph.errors import InputError
from kgraph.incremental import CACHE_NAME, load_extractions, save_extractions
from kgraph.resources import copy_config


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


def test_incremental_changed_key_re_extracts_everything_and_says_why(
    corpus_lines: list[str], tmp_path: Path
) -> None:
    papers = write_papers(tmp_path / "p.jsonl", corpus_lines[:5])
    result = build_graph_from_inputs([papers])
    write_outputs(result, tmp_path / "out")
    key, cached = load_extractions(tmp_path / "out" / CACHE_NAME)
    assert key == result.fingerprint and len(cached) == 5
    older = ExtractionKey(parts={**key.parts, "extractor": "an-older-extractor"})
    save_extractions(tmp_path / "out" / CACHE_NAME, result.extractions, older)
    again = build_graph_from_inputs([papers], update_from=tmp_path / "out")
    assert again.update is not None
    assert again.update.describe() == "extractor changed: re-extracting 5 papers"
    assert again.update.added == [] and again.summary()["reused"] == 0

    command = ["build", str(papers), "--out", str(tmp_path / "out"), "--update", "--no-html"]
    process = CliRunner().invoke(cli, command)
    assert process.exit_code == 0, process.output
    assert "extractor changed: re-extracting 5 papers" in process.output
    assert "re-extracting" not in CliRunner().invoke(cli, command).output  # current again: a true update


def test_incremental_key_covers_version_code_model_names_and_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_config(tmp_path / "cfg")
    config_file = tmp_path / "cfg" / "default.cfg"
    base = extraction_key(load_config(config_file))
    assert set(base.parts) == set(PARTS)

    moved = tmp_path / "moved"
    copy_config(moved)
    assert extraction_key(load_config(moved / "default.cfg")) == base, "a moved config folder is no change"

    names = tmp_path / "cfg" / "patterns" / "datasets.jsonl"
    names.write_text(names.read_text() + '{"label": "DATASET", "pattern": "QuokkaSet"}\n')
    assert extraction_key(load_config(config_file)).changes_from(base) == ["name lists"]

    tuned = load_config(config_file, {"nlp.batch_size": 64})
    assert "config" in extraction_key(tuned).changes_from(base)

    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x00\x01")
    with_model = extraction_key(load_config(config_file, {"paths.model": str(model)}))
    assert "model" in with_model.changes_from(base)
    (model / "weights.bin").write_bytes(b"\x00\x02")
    assert extraction_key(load_config(config_file, {"paths.model": str(model)})).changes_from(with_model) == [
        "model"
    ]

    code = tmp_path / "extract"
    code.mkdir()
    monkeypatch.setattr(cachekey, "_PACKAGE", tmp_path)
    (tmp_path / "models.py").write_text("x = 1\n")
    (code / "rules.py").write_text("RULES = 1\n")
    first = extraction_key(load_config(config_file))
    (code / "rules.py").write_text("RULES = 2\n")
    assert extraction_key(load_config(config_file)).changes_from(first) == ["extractor"]
    monkeypatch.setattr(cachekey, "__version__", "99.0")
    assert extraction_key(load_config(config_file)).changes_from(first) == ["kgraph version", "extractor"]


def test_incremental_edit_to_the_second_copy_of_a_duplicated_paper_counts(
    corpus_lines: list[str], tmp_path: Path
) -> None:
    record = json.loads(corpus_lines[3])
    copy = {"title": record["title"].upper(), "abstract": record["abstract"]}  # no id: a copy
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_papers(inputs / "a.jsonl", [json.dumps(record) + "\n", *corpus_lines[4:8]])
    write_papers(inputs / "b.jsonl", [json.dumps(copy) + "\n"])
    write_outputs(build_graph_from_inputs([inputs]), tmp_path / "out")

    copy["abstract"] += " We also evaluate QuokkaNet on the COCO benchmark."
    write_papers(inputs / "b.jsonl", [json.dumps(copy) + "\n"])
    updated = build_graph_from_inputs([inputs], update_from=tmp_path / "out")
    assert updated.update is not None and updated.update.changed == [record["id"]]
    assert updated.graph.nodes[f"paper:{record['id']}"]["abstract"].endswith("COCO benchmark.")
    write_outputs(updated, tmp_path / "out")
    write_outputs(build_graph_from_inputs([inputs]), tmp_path / "full")
    for name in ("graph.json", "csv/relations.csv", CACHE_NAME):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name


def test_incremental_damaged_cache_is_a_clear_error(corpus_lines: list[str], tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "p.jsonl", corpus_lines[:2])
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / CACHE_NAME).write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match="Run a full build without --update"):
        build_graph_from_inputs([papers], update_from=tmp_path / "out")
