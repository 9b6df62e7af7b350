"""Files that ship inside the package: the default config, the name lists and the trained model.

They are read through :mod:`importlib.resources`, so an installed wheel works from any folder.
``config/`` at the top of the repository is the user-editable copy of the same files
(``kgraph init-config DIR`` writes one anywhere).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["CONFIG_FILES", "copy_config", "resource_path"]

#: The files ``kgraph init-config`` copies: the config and the name lists (not the model,
#: which the config finds in the package while ``[paths] model`` is null).
CONFIG_FILES = ("default.cfg", "patterns")


def resource_path(*parts: str) -> Path:
    """The path of a packaged resource on the file system.

    spaCy's config reader and the name-list loaders need real paths; a package installed
    from a wheel (or editable) is a folder, so ``files()`` gives one.

    >>> resource_path("default.cfg").name
    'default.cfg'
    """
    resource = files(__name__).joinpath(*parts)
    if not isinstance(resource, Path):  # e.g. a zipped install: not supported, say so
        raise RuntimeError(
            f"kgraph's package data is not on the file system ({resource}); install kgraph "
            "as a regular (unzipped) package."
        )
    return resource


def copy_config(folder: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Copy the packaged config and name lists into ``folder``; return the files written.

    Raises:
        ConfigError: when a file exists already and ``overwrite`` is false (nothing is written).
    """
    from kgraph.errors import ConfigError

    target = Path(folder)
    pairs: list[tuple[Path, Path]] = []
    for name in CONFIG_FILES:
        source = resource_path(name)
        members = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
        root = source.parent
        pairs.extend((member, target / member.relative_to(root)) for member in members)
    pairs = [(s, d) for s, d in pairs if "__pycache__" not in s.parts]
    existing = [d for _, d in pairs if d.exists()]
    if existing and not overwrite:
        raise ConfigError(
            f"{existing[0]}: exists already ({len(existing)} files would be overwritten). "
            "Choose an empty folder or pass --force."
        )
    for source, destination in pairs:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(source.read_bytes())
    return [d for _, d in pairs]
