"""The command line, through click's runner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kgraph.cli import cli

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_cli_build_writes_outputs_and_prints_summary(corpus_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(corpus_dir), "--out", str(tmp_path), "--no-html"])
    assert result.exit_code == 0, result.output
    assert "papers" in result.output and "408" in result.output
    assert "duplicates merged" in result.output and "86" in result.output
    for name in ("graph.json", "graph.graphml", "csv/papers.csv", "csv/aliases.csv"):
        assert (tmp_path / name).stat().st_size > 0


def test_cli_extract_writes_scorer_format(gold_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(gold_dir / "dev_input.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    with (gold_dir / "dev_input.jsonl").open() as stream:
        assert [r["id"] for r in records] == [json.loads(line)["id"] for line in stream]
    for record in records:
        assert set(record) >= {"id", "entities", "repos"}
        for entity in record["entities"]:
            assert entity["type"] in {"METHOD", "DATASET", "BENCHMARK", "METRIC", "TASK", "TECHNIQUE"}
            assert entity["name"] in entity["aliases"]
            assert ("role" in entity) == (entity["type"] == "METHOD")


def test_cli_bad_input_is_one_clear_line_and_exit_code_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "x", "abstract": "an abstract"}\n{broken\n')
    out = tmp_path / "out"
    process = subprocess.run(
        [sys.executable, "-m", "kgraph", "build", str(bad), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
    )
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert f"{bad}:2: is not valid JSON" in process.stderr and "--skip-bad" in process.stderr
    assert not out.exists()


def test_cli_skip_bad_reports_skipped_records(tmp_path: Path) -> None:
    bad = tmp_path / "mixed.jsonl"
    good = {"title": "A Good Paper", "abstract": "We propose GoodNet, which improves accuracy on ImageNet."}
    bad.write_text(json.dumps(good) + "\n{broken\n")
    result = CliRunner().invoke(
        cli, ["build", str(bad), "--out", str(tmp_path / "o"), "--skip-bad", "--no-html"]
    )
    assert result.exit_code == 0, result.output
    skipped = [json.loads(line) for line in (tmp_path / "o" / "skipped.jsonl").read_text().splitlines()]
    assert [s["where"] for s in skipped] == [f"{bad}:2"]


def test_cli_config_override_errors_name_the_key(corpus_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", str(corpus_dir), "--out", str(tmp_path), "--set", "kgraph.link.max_links=3"]
    )
    assert result.exit_code == 1
    assert "unknown key [kgraph.link.max_links]" in result.output and "max_links_per_paper" in result.output


def test_cli_every_command_has_help_with_an_example() -> None:
    def walk(group, prefix):  # type: ignore[no-untyped-def]
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from walk(command, [*prefix, name])
            else:
                yield [*prefix, name], command

    for path, command in walk(cli, []):
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example:" in (command.help or ""), f"kgraph {' '.join(path)} has no Example: in its help"
