"""The export set is replaced as a whole: real builds killed with SIGKILL at named stages leave
the complete previous set or the complete new one, never a mix, and no temporary folder
outlives the next run."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.build import is_export_file
from kgraph.errors import ExportError
from kgraph.export.swap import PAUSE_VARIABLE, clean_stale, replaced_folder

REPO_ROOT = Path(__file__).resolve().parent.parent
# Simulates a file system without renameat2(RENAME_EXCHANGE): the two-rename path.
NO_EXCHANGE = (
    "import sys, kgraph.export.swap as swap; swap._exchange = lambda a, b: False; "
    "from kgraph.cli import cli; sys.argv[0] = 'kgraph'; cli()"
)
EXTRAS = {"notes.txt": b"my notes\n", "neo4j-import/nodes.csv": b"id\n1\n", "csv/mine.csv": b"a,b\n"}


def kgraph_command(*args: str, exchange: bool = True) -> list[str]:
    if exchange:
        return [sys.executable, "-m", "kgraph", *args]
    return [sys.executable, "-c", NO_EXCHANGE, *args]


def checksums(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.kgraph"))


def build(inputs: Path, out: Path, *options: str, exchange: bool = True) -> None:
    command = kgraph_command("build", str(inputs), "--out", str(out), *options, exchange=exchange)
    process = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, check=False)
    assert process.returncode == 0, process.stderr


def kill_at(stage: str, inputs: Path, out: Path, *options: str, exchange: bool = True) -> None:
    """Start a real build, wait until it reports the stage, and SIGKILL it there."""
    command = kgraph_command("build", str(inputs), "--out", str(out), *options, exchange=exchange)
    env = {**os.environ, PAUSE_VARIABLE: stage}
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=REPO_ROOT, env=env
    )
    assert process.stderr is not None
    lines = []
    for line in process.stderr:  # blocks until the build writes a line or exits
        lines.append(line)
        if line.strip() == f"kgraph: paused at {stage}":
            break
    else:
        process.wait()
        pytest.fail(f"the build never reached {stage}: {''.join(lines)}")
    process.kill()
    process.wait()
    process.stderr.close()


@pytest.fixture(scope="module")
def inputs(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """An old input (20 papers), a new one (35 papers) and the new set's checksums (no HTML)."""
    folder = tmp_path_factory.mktemp("inputs")
    lines = (gold_dir / "corpus_input.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    old, new = folder / "old.jsonl", folder / "new.jsonl"
    old.write_text("".join(lines[:20]), encoding="utf-8")
    new.write_text("".join(lines[10:45]), encoding="utf-8")
    build(new, folder / "reference", "--no-html")
    return old, new, checksums(folder / "reference")


def old_export(old: Path, out: Path) -> dict[str, str]:
    build(old, out)
    for name, content in EXTRAS.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(content)
    assert (out / "graph.html").is_file()
    return checksums(out)


def with_extras(sums: dict[str, str]) -> dict[str, str]:
    return {**sums, **{name: hashlib.sha256(content).hexdigest() for name, content in EXTRAS.items()}}


@pytest.mark.parametrize(
    ("stage", "exchange"),
    [
        ("graph.json", True),
        ("csv", True),
        ("cache", True),
        ("staged", True),
        ("swapped", True),
        ("renamed-aside", False),
        ("swapped", False),
    ],
)
def test_swap_killed_build_leaves_a_complete_set(
    inputs: tuple[Path, Path, dict[str, str]], tmp_path: Path, stage: str, exchange: bool
) -> None:
    old, new, new_sums = inputs
    out = tmp_path / "exports"
    old_sums = old_export(old, out)

    kill_at(stage, new, out, "--no-html", exchange=exchange)
    if stage == "renamed-aside":
        # The one instant the two-rename path has no folder at OUT: the next run puts it back.
        assert not out.exists() and leftovers(out)
        clean_stale(out)
    after_kill = checksums(out)
    if stage == "swapped":
        assert after_kill == with_extras(new_sums), "a build killed after the swap leaves the new set"
    else:
        assert after_kill == old_sums, f"a build killed at {stage} must leave the old set untouched"

    build(new, out, "--no-html", exchange=exchange)
    assert checksums(out) == with_extras(new_sums)
    assert not (out / "graph.html").exists(), "--no-html must not leave an old graph.html"
    assert leftovers(out) == [], "no temporary folder outlives a later run"


def test_swap_killed_while_writing_html_leaves_the_old_set(
    inputs: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    old, new, _ = inputs
    out = tmp_path / "exports"
    old_sums = old_export(old, out)
    kill_at("html", new, out)
    assert checksums(out) == old_sums
    build(new, out)
    assert (out / "graph.html").is_file() and leftovers(out) == []


def test_swap_keeps_a_symlinked_export_folder(
    inputs: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    old, new, new_sums = inputs
    (tmp_path / "real").mkdir()
    (tmp_path / "exports").symlink_to(tmp_path / "real")
    build(new, tmp_path / "exports", "--no-html")
    assert (tmp_path / "exports").is_symlink()
    assert checksums(tmp_path / "exports") == new_sums


def test_swap_refuses_a_file_as_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "exports").write_text("a file")
    folder = replaced_folder(tmp_path / "exports", managed=is_export_file)
    with pytest.raises(ExportError, match="exists and is not a folder"), folder:
        pass
    assert (tmp_path / "exports").read_text() == "a file" and leftovers(tmp_path / "exports") == []
