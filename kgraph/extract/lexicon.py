"""The name lists of ``config/patterns``: gazetteer phrases, head words and non-entities.

Every ``*.jsonl`` file of the folder is read, in file-name order. A line is one of:

- ``{"label": "METHOD", "pattern": "BERT", "id": "methods"}``: a gazetteer name. A pattern
  with a capital letter matches with its case; an all-lowercase one matches in any case
  and also in the plural ("diffusion model" finds "Diffusion Models").
- ``{"label": "TASK", "head": "segmentation"}``: a head noun for the phrase rules
  ("medical image segmentation"); see :mod:`kgraph.extract.phrases`.
- ``{"label": "NONE", "pattern": "GPU"}``: a word that looks like a coined name but is not
  an entity (units, hardware, languages); it suppresses the coined-name rule.
- ``{"source": {"package": "timm", "version": "1.0.11", "license": "Apache-2.0", ...}}``: the
  provenance of a generated file, on its first line; :func:`read_sources` returns it and
  :func:`read_patterns` skips it. With ``"evidence": "weak"`` in it, the file's names are
  weak evidence (:attr:`Lexicon.weak`): candidates for the entity rules, not known names.

Users extend the lists by adding lines or files; no code changes are needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import srsly

NOT_ENTITY = "NONE"
SOURCE = "source"  # the key of a generated file's provenance line
WEAK = "weak"  # its evidence value for lists that only propose candidates


@dataclass(frozen=True)
class Lexicon:
    """The parsed pattern folder."""

    phrases: list[tuple[str, str, str]] = field(default_factory=list)  # (label, pattern, source id)
    heads: dict[str, str] = field(default_factory=dict)  # lower-cased head word -> label
    not_entities: frozenset[str] = frozenset()
    weak: frozenset[str] = frozenset()  # source ids of the lists that are weak evidence


def read_patterns(patterns_dir: str | Path) -> list[dict[str, Any]]:
    """All name records of the JSONL files in ``patterns_dir``, in file-name order (without
    the provenance lines)."""
    records: list[dict[str, Any]] = []
    for path in sorted(Path(patterns_dir).glob("*.jsonl")):
        file_records = _read_file(path)
        weak = bool(file_records) and file_records[0].get(SOURCE, {}).get("evidence") == WEAK
        records.extend(r | {WEAK: True} if weak else r for r in file_records if SOURCE not in r)
    return records


def read_sources(patterns_dir: str | Path) -> dict[str, dict[str, Any]]:
    """The provenance record of each generated file in ``patterns_dir``, by file name."""
    sources = {}
    for path in sorted(Path(patterns_dir).glob("*.jsonl")):
        first = next(iter(_read_file(path)), {})
        if SOURCE in first:
            sources[path.name] = dict(first[SOURCE])
    return sources


def _read_file(path: Path) -> list[dict[str, Any]]:
    """The records of one file; a provenance line is allowed only as the first line."""
    records = list(srsly.read_jsonl(path))
    for number, record in enumerate(records[1:], 2):
        if SOURCE in record:
            raise ValueError(f'{path}:{number}: a {{"source": ...}} line must be the file\'s first line')
    return records


def build_lexicon(records: list[dict[str, Any]]) -> Lexicon:
    """Sort pattern records into gazetteer phrases, head words and non-entities.

    >>> lex = build_lexicon([{"label": "TASK", "head": "Segmentation"}, {"label": "NONE", "pattern": "GPU"}])
    >>> lex.heads, sorted(lex.not_entities)
    ({'segmentation': 'TASK'}, ['GPU'])
    """
    phrases: list[tuple[str, str, str]] = []
    heads: dict[str, str] = {}
    not_entities: set[str] = set()
    weak: set[str] = set()
    for record in records:
        label = str(record["label"]).upper()
        if "head" in record:
            heads.setdefault(str(record["head"]).lower(), label)
        elif label == NOT_ENTITY:
            not_entities.add(str(record["pattern"]))
        elif isinstance(record.get("pattern"), str):
            phrases.append((label, record["pattern"], str(record.get("id", label.lower()))))
            if record.get(WEAK):
                weak.add(phrases[-1][2])
    return Lexicon(phrases=phrases, heads=heads, not_entities=frozenset(not_entities), weak=frozenset(weak))


def is_case_sensitive(pattern: str) -> bool:
    """Patterns with a capital letter keep their case: "SAM" is not "sam"."""
    return any(c.isupper() for c in pattern)


def plural(pattern: str) -> str | None:
    """The regular plural of a lower-case pattern's last word, or None.

    >>> plural("diffusion model"), plural("knowledge distillation"), plural("accuracy")
    ('diffusion models', None, None)
    """
    last = pattern.rsplit(" ", 1)[-1]
    if not last.isalpha() or last.endswith(("s", "y", "ing", "tion", "sion", "ment", "ness")):
        return None
    return pattern + "s"
