"""Reproducible builds: every output but graph.html (its page is the HTML writer's) is
byte-identical across runs, --processes and PYTHONHASHSEED, built by real subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
RUNS = {
    "seed 0, 1 process": ("0", "1"),
    "seed 1, 2 processes": ("1", "2"),
    "seed 12345, 1 process": ("12345", "1"),
}


def build(corpus: Path, out: Path, seed: str, processes: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-m", "kgraph", "build", str(corpus), "--out", str(out)]
    command += ["--processes", processes, "--no-html"]
    process = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO_ROOT, check=False)
    assert process.returncode == 0, process.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def outputs(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("builds")
    return {
        name: build(corpus_dir, root / str(index), *args) for index, (name, args) in enumerate(RUNS.items())
    }


def test_reproducible_every_output_is_byte_identical(outputs: dict[str, dict[str, bytes]]) -> None:
    (first_name, first), *others = outputs.items()
    assert {"graph.json", "graph.graphml", "csv/aliases.csv", "extractions.jsonl.gz", "merged.jsonl"} <= set(
        first
    )
    for name, files in others:
        assert sorted(files) == sorted(first), name
        for path, content in files.items():
            assert content == first[path], f"{path} differs between {first_name!r} and {name!r}"
