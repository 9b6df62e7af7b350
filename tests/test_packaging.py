"""Packaging: the config, name lists and model ship inside the package; wheels install anywhere."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import cli
from kgraph.config import DEFAULT_CONFIG, load_config
from kgraph.errors import ConfigError
from kgraph.resources import resource_path
from tests.conftest import GOLD_DIR, REPO_ROOT


def _config_files(root: Path) -> dict[str, bytes]:
    """The config file and the name lists under ``root``, by relative path."""
    files = {"default.cfg": (root / "default.cfg").read_bytes()}
    for path in sorted((root / "patterns").glob("*")):
        if path.suffix in {".jsonl", ".md"}:
            files[f"patterns/{path.name}"] = path.read_bytes()
    return files


def test_packaging_default_config_is_package_data() -> None:
    assert resource_path("default.cfg") == DEFAULT_CONFIG
    assert DEFAULT_CONFIG.is_relative_to(Path(kgraph.__file__).parent)
    config = load_config()
    patterns = Path(config.nlp["paths"]["patterns"])
    assert patterns == resource_path("patterns")
    assert sorted(patterns.glob("*.jsonl")), "the packaged name lists are missing"


def test_packaging_repository_config_is_the_packaged_copy() -> None:
    """config/ is the documented, editable copy: it must not drift from what ships."""
    assert _config_files(REPO_ROOT / "config") == _config_files(resource_path())


def test_packaging_init_config_writes_an_editable_copy(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["init-config", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    assert _config_files(tmp_path / "mine") == _config_files(resource_path())
    copied = load_config(tmp_path / "mine" / "default.cfg")
    assert Path(copied.nlp["paths"]["patterns"]) == (tmp_path / "mine" / "patterns").resolve()

    (tmp_path / "mine" / "default.cfg").write_text("edited", encoding="utf-8")
    again = runner.invoke(cli, ["init-config", str(tmp_path / "mine")])
    assert again.exit_code == 1
    assert "exists already" in again.output and "--force" in again.output
    assert (tmp_path / "mine" / "default.cfg").read_text(encoding="utf-8") == "edited"
    forced = runner.invoke(cli, ["init-config", str(tmp_path / "mine"), "--force"])
    assert forced.exit_code == 0
    assert (tmp_path / "mine" / "default.cfg").read_bytes() == DEFAULT_CONFIG.read_bytes()


def test_packaging_version_is_one_string() -> None:
    assert kgraph.__version__ == importlib.metadata.version("kgraph")
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"kgraph, version {kgraph.__version__}"


def test_packaging_missing_config_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="init-config"):
        load_config(tmp_path / "nope.cfg")


def _build(kind: str, out: Path) -> Path:
    """Build a wheel or sdist of the repository with setuptools' PEP 517 backend."""
    code = f"import sys; from setuptools import build_meta as b; print(b.build_{kind}(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    return out / done.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_packaging_sdist_carries_the_package_data(tmp_path: Path) -> None:
    sdist = _build("sdist", tmp_path)
    with tarfile.open(sdist) as archive:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in archive.getnames()}
    for relative in _config_files(resource_path()):
        assert f"kgraph/resources/{relative}" in names
    assert "kgraph/export/assets/explorer.js" in names


@pytest.mark.slow
def test_packaging_wheel_installs_into_a_fresh_venv_and_builds(tmp_path: Path) -> None:
    """A plain ``pip install`` of the wheel builds a corpus from a folder outside the repo."""
    wheel = _build("wheel", tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "kgraph/resources/default.cfg" in names
    assert "kgraph/resources/patterns/methods.jsonl" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, str(wheel)], check=True, cwd=tmp_path)

    papers = tmp_path / "elsewhere" / "papers"
    papers.mkdir(parents=True)
    lines = (GOLD_DIR / "dev_input.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    (papers / "five.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    kgraph_bin = str(venv / "bin" / "kgraph")
    version = subprocess.run([kgraph_bin, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"kgraph, version {kgraph.__version__}"
    run = subprocess.run(
        [kgraph_bin, "build", "papers", "--out", "out", "--no-html"],
        cwd=papers.parent,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    graph = json.loads((papers.parent / "out" / "graph.json").read_text(encoding="utf-8"))
    assert sum(node.get("kind") == "Paper" for node in graph["nodes"]) == 5
    assert any(node.get("kind") == "Method" for node in graph["nodes"])
