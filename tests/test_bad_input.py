"""Bad input through the real command line: a clear error, or with --skip-bad a counted skip."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = {"title": "A Good Paper", "abstract": "We propose GoodNet and evaluate it on ImageNet with accuracy."}

CASES = {
    "malformed_jsonl": (
        "bad.jsonl",
        b'{"title": "x", "abstract": "y"}\n{"title": \n',
        "bad.jsonl:2: is not valid JSON",
    ),
    "csv_without_abstract": (
        "bad.csv",
        b"title,text_body\nA,B\n",
        "bad.csv:1: the CSV header has no abstract column",
    ),
    "not_utf8": ("bad.csv", b"title,abstract\nCaf\xe9,Bonjour\n", "bad.csv:2: is not UTF-8"),
    "empty_file": ("bad.jsonl", b"", "bad.jsonl: the file is empty"),
    "binary_file": ("bad.jsonl", bytes(range(256)) * 4, "bad.jsonl: looks binary"),
    "empty_abstract": (
        "bad.jsonl",
        b'{"title": "T", "abstract": ""}\n',
        'bad.jsonl:1: the "abstract" field is empty',
    ),
    "duplicate_id": (
        "bad.jsonl",
        b'{"id": "1", "title": "One", "abstract": "a b c"}\n'
        b'{"id": "1", "title": "Two", "abstract": "d e f"}\n',
        'bad.jsonl:2: id "1" is used again for a different paper',
    ),
}


def run_kgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_clearly_and_writes_nothing(case: str, tmp_path: Path) -> None:
    name, content, message = CASES[case]
    bad = tmp_path / name
    bad.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.json").write_text('{"previous": "export"}')
    process = run_kgraph("build", str(bad), "--out", str(out), "--no-html")
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert message in process.stderr
    assert (out / "graph.json").read_text() == '{"previous": "export"}'


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_skip_bad_counts_and_reports(case: str, tmp_path: Path) -> None:
    name, content, _ = CASES[case]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(content)
    (tmp_path / "in" / "good.jsonl").write_text(json.dumps(GOOD) + "\n")
    out = tmp_path / "out"
    process = run_kgraph("build", str(tmp_path / "in"), "--out", str(out), "--skip-bad", "--no-html")
    assert process.returncode == 0, process.stderr
    skipped = [json.loads(line) for line in (out / "skipped.jsonl").read_text().splitlines()]
    assert skipped and all(name in s["where"] for s in skipped)
    assert "skipped inputs" in process.stdout
    graph = json.loads((out / "graph.json").read_text())
    assert "paper:" + __import__("kgraph").ingest.title_id(GOOD["title"]) in {n["id"] for n in graph["nodes"]}


def test_bad_input_missing_path_and_all_skipped(tmp_path: Path) -> None:
    process = run_kgraph("build", str(tmp_path / "nowhere.jsonl"), "--out", str(tmp_path / "o"))
    assert process.returncode == 1 and "no such file or directory" in process.stderr
    assert "Traceback" not in process.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    process = run_kgraph("build", str(empty), "--out", str(tmp_path / "o"), "--skip-bad")
    assert process.returncode == 1 and "no paper could be read (1 skipped" in process.stderr
    assert not (tmp_path / "o").exists()


def test_bad_input_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    process = run_kgraph("build", str(good), "--out", str(blocker / "out"), "--no-html")
    assert process.returncode == 1 and "Traceback" not in process.stderr
    assert str(blocker / "out") in process.stderr
