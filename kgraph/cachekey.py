"""The extraction cache key: everything that decides what extraction finds in a paper.

An incremental build reuses a cached extraction only when every part of the key is equal:
the kgraph version, the extractor's source code (``kgraph/extract`` and the data model), the
model files (``[paths] model``, else ``kgraph/resources/model`` when it exists), the name lists
(``[paths] patterns``) and the resolved pipeline config. A changed part names itself, so an
update can say why it re-extracts ("extractor changed").
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from kgraph._version import __version__
from kgraph.config import KgraphConfig

_PACKAGE = Path(__file__).resolve().parent
#: The parts of the key, in the order an update names them.
PARTS = ("kgraph version", "extractor", "model", "name lists", "config")


@dataclass(frozen=True)
class ExtractionKey:
    """One digest per part of :data:`PARTS`; ``digest`` sums them up."""

    parts: dict[str, str]

    @property
    def digest(self) -> str:
        text = json.dumps(self.parts, sort_keys=True)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

    def changes_from(self, earlier: ExtractionKey) -> list[str]:
        """The parts that differ from an earlier key, e.g. ``["extractor", "name lists"]``."""
        return [part for part in PARTS if self.parts.get(part) != earlier.parts.get(part)]


def extraction_key(config: KgraphConfig) -> ExtractionKey:
    """The key of extractions made with ``config`` by this kgraph."""
    paths = dict(config.nlp.get("paths", {}))
    model = paths.get("model") or (_PACKAGE / "resources" / "model")
    return ExtractionKey(
        parts={
            "kgraph version": __version__,
            "extractor": _digest_files(_extractor_files()),
            "model": _digest_tree(Path(model)),
            "name lists": _digest_tree(Path(paths["patterns"])) if paths.get("patterns") else "none",
            "config": _config_digest(config, paths),
        }
    )


def _extractor_files() -> list[Path]:
    return [*sorted((_PACKAGE / "extract").rglob("*.py")), _PACKAGE / "models.py"]


def _config_digest(config: KgraphConfig, paths: dict[str, object]) -> str:
    """The pipeline config with its file paths named, not spelled: a moved folder is no change."""
    text = json.dumps(config.nlp, sort_keys=True, default=str)
    for name, value in sorted(paths.items(), key=lambda item: -len(str(item[1]))):
        if isinstance(value, str) and value:
            text = text.replace(json.dumps(value)[1:-1], f"${{paths.{name}}}")
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _digest_tree(root: Path) -> str:
    """Digest of a file, or of every file under a folder (names and bytes); "none" if absent."""
    if root.is_file():
        return _digest_files([root], base=root.parent)
    if not root.is_dir():
        return "none"
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return _digest_files(files, base=root)


def _digest_files(files: list[Path], *, base: Path | None = None) -> str:
    base = base or _PACKAGE
    digest = hashlib.sha1()
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(base).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha1(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
