"""The README stays true: its commands exist and the ones that need no server run as written."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import cli

REPO_ROOT = Path(__file__).resolve().parent.parent
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands(prefix: str) -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(prefix)]


KGRAPH_COMMANDS = readme_commands("kgraph ")


def test_docs_readme_names_the_two_setup_commands_and_ci_runs_the_test_one() -> None:
    assert "scripts/build" in readme_commands("scripts/build")
    assert "scripts/test" in readme_commands("scripts/test")
    assert "scripts/test" in (REPO_ROOT / ".ci" / "run").read_text()
    for script in ("scripts/build", "scripts/test", "scripts/setup-venv", "scripts/neo4j-server"):
        assert (REPO_ROOT / script).stat().st_mode & 0o111, f"{script} is not executable"


def test_docs_every_cli_command_is_in_the_readme() -> None:
    for name, command in cli.commands.items():
        names = [f"kgraph {name} {sub}" for sub in getattr(command, "commands", {})] or [f"kgraph {name}"]
        for full in names:
            assert any(c.startswith(full) for c in KGRAPH_COMMANDS), f"README does not show `{full}`"


@pytest.mark.parametrize("command", KGRAPH_COMMANDS)
def test_docs_readme_kgraph_commands_parse(command: str) -> None:
    args = shlex.split(command)[1:]
    words = [a for a in args if not a.startswith("-")]
    path = words[:2] if words and hasattr(cli.commands.get(words[0]), "commands") else words[:1]
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, f"`kgraph {' '.join(path)}` is not a command"
    options = {a.split("=")[0] for a in args if a.startswith("--")}
    for option in options:
        assert option in result.output, f"`{command}`: {option} is not an option of kgraph {' '.join(path)}"


def test_docs_readme_commands_run_as_written(tmp_path: Path, corpus_dir: Path) -> None:
    """Run every README `kgraph` command that needs no server, in a checkout-like folder."""
    work = tmp_path / "main"
    work.mkdir()
    (tmp_path / "shared").symlink_to(corpus_dir.parent)
    kgraph = shutil.which("kgraph", path=str(Path(__import__("sys").executable).parent))
    assert kgraph, "the kgraph script is not installed next to this python"
    for command in KGRAPH_COMMANDS:
        if " --uri " in command:
            continue  # needs a running server: covered by the Neo4j tests
        process = subprocess.run(
            [kgraph, *shlex.split(command)[1:]], cwd=work, capture_output=True, text=True, check=False
        )
        assert process.returncode == 0, f"`{command}` failed:\n{process.stderr[-2000:]}"
