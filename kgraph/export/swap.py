"""Replace a whole export folder at once: a killed build leaves the old set or the new one.

The new export is written into a fresh sibling folder (``.OUT.kgraph-PID-XXXX``), then the two
folders trade places in one ``renameat2(RENAME_EXCHANGE)`` call, so ``OUT`` is always a real,
complete folder: ``exports/graph.json`` names the old file until the instant it names the new
one. Files in ``OUT`` that kgraph does not write (``neo4j-import/``, notes) are carried over as
hard links first, and anything added during the build is moved across after the swap. The
old set is then deleted. Where the file system cannot exchange two folders, ``OUT`` is renamed
aside and the new folder renamed in; a build killed between the two renames is repaired by the
next one (``.OUT.kgraph-old-PID`` goes back). Every run first removes the sibling folders of
runs that died, so no temporary file outlives a later run.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kgraph.errors import ExportError

__all__ = ["checkpoint", "clean_stale", "replaced_folder"]

PAUSE_VARIABLE = "KGRAPH_PAUSE_AT"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def checkpoint(stage: str) -> None:
    """Test hook: with ``KGRAPH_PAUSE_AT=stage`` the build says so on stderr and waits to be killed.

    Tests kill real builds at named stages this way, with no timing guesses.
    """
    if os.environ.get(PAUSE_VARIABLE) == stage:
        sys.stderr.write(f"kgraph: paused at {stage}\n")
        sys.stderr.flush()
        while True:
            signal.pause()


def _sibling_pattern(out: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(out.name)}\.kgraph-(?P<old>old-)?(?P<pid>\d+)(?:-.*)?$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out: str | Path) -> list[Path]:
    """Repair and tidy what a killed build left beside ``out``; return the folders removed.

    A folder renamed aside (``-old-``) while ``out`` is missing goes back to ``out``; every
    other sibling of a dead build is a partial new set or an old set already replaced.
    """
    out = _target(Path(out))
    pattern = _sibling_pattern(out)
    if not out.parent.is_dir():
        return []
    stale = []
    for sibling in sorted(out.parent.iterdir()):
        match = pattern.match(sibling.name)
        if not match or _alive(int(match.group("pid"))):
            continue
        if match.group("old") and not os.path.lexists(out):
            os.rename(sibling, out)
            continue
        stale.append(sibling)
    for sibling in stale:
        shutil.rmtree(sibling)
    return stale


def _target(out: Path) -> Path:
    """The real folder behind ``out``: a symlinked export folder keeps its link."""
    return out.resolve() if out.is_symlink() else out.absolute()


@contextmanager
def replaced_folder(out: str | Path, *, managed: Callable[[str], bool]) -> Iterator[Path]:
    """Yield an empty folder to write the new export into; on success it becomes ``out``.

    Args:
        out: the export folder (created when missing).
        managed: whether a path relative to the folder (``csv/papers.csv``) is kgraph's:
            managed files of the old set are dropped, every other file is kept.

    Raises:
        ExportError: when ``out`` is not a folder or its parent cannot be written.
    """
    out = _target(Path(out))
    if os.path.lexists(out) and not out.is_dir():
        raise ExportError(f"{out}: exists and is not a folder. Choose another --out folder.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(out)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.kgraph-{os.getpid()}-", dir=out.parent))
    except OSError as error:
        raise ExportError(
            f"{out}: cannot write here ({error.strerror}). Choose another --out folder."
        ) from None
    swapped = False
    try:
        os.chmod(stage, (out.stat().st_mode & 0o7777) if out.is_dir() else 0o755)
        yield stage
        if out.is_dir():
            _copy_extras(out, stage, managed)
        checkpoint("staged")
        swapped = _swap(stage, out)
        checkpoint("swapped")
        if swapped:
            _move_extras(stage, out, managed)
    finally:
        if os.path.lexists(stage):
            shutil.rmtree(stage)


def _extras(folder: Path, managed: Callable[[str], bool]) -> Iterator[tuple[str, Path]]:
    """The entries under ``folder`` kgraph did not write: (relative path, path), parents first."""
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        base = Path(root)
        for name in sorted(names) + [d for d in dirs if (base / d).is_symlink()]:
            path = base / name
            relative = path.relative_to(folder).as_posix()
            if not managed(relative) and not _is_temporary(name):
                yield relative, path


def _is_temporary(name: str) -> bool:
    """A temporary file of kgraph's per-file atomic writes (``.graph.json.x1y2.tmp``)."""
    return name.startswith(".") and name.endswith(".tmp")


def _copy_extras(old: Path, new: Path, managed: Callable[[str], bool]) -> None:
    for relative, path in _extras(old, managed):
        destination = new / relative
        if os.path.lexists(destination):
            continue  # the new set wrote a file there itself
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            os.symlink(os.readlink(path), destination)
            continue
        try:
            os.link(path, destination)
        except OSError:  # hard links not allowed here: copy instead
            shutil.copy2(path, destination)


def _move_extras(old: Path, new: Path, managed: Callable[[str], bool]) -> None:
    """Files users added to the old folder while the build ran follow it into the new one."""
    for relative, path in _extras(old, managed):
        destination = new / relative
        if not os.path.lexists(destination):
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.rename(path, destination)


def _swap(stage: Path, out: Path) -> bool:
    """Put ``stage`` at ``out``; True when the old folder is now at ``stage``."""
    if not os.path.lexists(out):
        os.rename(stage, out)
        return False
    if _exchange(stage, out):
        return True
    aside = out.parent / f".{out.name}.kgraph-old-{os.getpid()}"
    os.rename(out, aside)
    checkpoint("renamed-aside")
    os.rename(stage, out)
    os.rename(aside, stage)
    return True


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))
