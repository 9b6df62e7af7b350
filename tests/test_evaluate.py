"""kgraph eval: the reference scorer's semantics inside the product."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import cli
from kgraph.errors import InputError
from kgraph.evaluate.score import read_records, score
from tests.conftest import GOLD_DIR, SHARED


def _gold(entities: list[dict[str, object]], repos: list[str] | None = None) -> dict[str, object]:
    return {"id": "p1", "entities": entities, "repos": repos or []}


def test_evaluate_score_matches_names_by_key_plural_and_alt_type() -> None:
    gold = {
        "p1": _gold(
            [
                {"type": "METHOD", "name": "Vision Transformer", "aliases": ["ViT"], "role": "proposed"},
                {"type": "DATASET", "name": "GLUE", "alt_type": "BENCHMARK"},
                {"type": "TASK", "name": "image classification"},
            ],
            ["Owner/Repo"],
        )
    }
    pred = {
        "p1": _gold(
            [
                {"type": "METHOD", "name": "ViTs", "role": "used"},
                {"type": "BENCHMARK", "name": "glue"},
                {"type": "TECHNIQUE", "name": "image classification"},
            ],
            ["owner/repo", "other/one"],
        )
    }
    table, errors = score(gold, pred)
    assert table["METHOD"]["f1"] == 1.0  # "ViTs" matches the alias "ViT" without its plural s
    assert table["PROPOSED"]["recall"] == 0.0  # predicted as used
    assert table["DATA"]["f1"] == 1.0
    assert table["BENCHMARK"]["precision"] == 1.0  # alt_type makes BENCHMARK correct too
    assert table["BENCHMARK"]["recall"] == 1.0 and table["BENCHMARK"]["gold"] == 0
    assert table["TASK"]["recall"] == 0.0 and table["TECHNIQUE"]["precision"] == 0.0
    assert table["REPO"]["precision"] == 0.5 and table["REPO"]["recall"] == 1.0
    assert errors["TASK"].missed == [("p1", "image classification")]


def test_evaluate_read_records_names_the_bad_line(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a", "entities": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl:2: not a JSON object"):
        read_records([bad])


@pytest.mark.slow
def test_evaluate_cli_agrees_with_the_reference_scorer(tmp_path: Path) -> None:
    """On the dev set, kgraph eval prints the figures of ../shared/tools/score.py (within 0.01)."""
    gold, papers = GOLD_DIR / "dev.jsonl", GOLD_DIR / "dev_input.jsonl"
    runner = CliRunner()
    ours = runner.invoke(cli, ["eval", str(gold), "--input", str(papers), "--json"])
    assert ours.exit_code == 0, ours.output
    mine = json.loads(ours.output)["scores"]
    out = tmp_path / "pred.jsonl"
    extracted = runner.invoke(cli, ["extract", str(papers), "-o", str(out)])
    assert extracted.exit_code == 0, extracted.output
    reference = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(gold), str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(reference.stdout)["scores"]
    assert set(theirs) <= set(mine)
    for label, row in theirs.items():
        for measure in ("precision", "recall", "f1"):
            assert abs(mine[label][measure] - row[measure]) <= 0.01, (label, measure)
        assert (mine[label]["gold"], mine[label]["predicted"]) == (row["gold"], row["predicted"])
    table = runner.invoke(cli, ["eval", str(gold), "--input", str(papers), "--show-errors", "2"])
    assert table.exit_code == 0
    assert table.output.startswith("papers: 50 gold, 50 predicted")
    assert "METHOD missed:" in table.output or "METHOD spurious:" in table.output
