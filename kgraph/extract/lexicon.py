"""The name lists of ``config/patterns``: gazetteer phrases, head words and non-entities.

Every ``*.jsonl`` file of the folder is read, in file-name order. A line is one of:

- ``{"label": "METHOD", "pattern": "BERT", "id": "methods"}``: a gazetteer name. A pattern
  with a capital letter matches with its case; an all-lowercase one matches in any case
  and also in the plural ("diffusion model" finds "Diffusion Models").
- ``{"label": "TASK", "head": "segmentation"}``: a head noun for the phrase rules
  ("medical image segmentation"); see :mod:`kgraph.extract.phrases`.
- ``{"label": "NONE", "pattern": "GPU"}``: a word that looks like a coined name but is not
  an entity (units, hardware, languages); it suppresses the coined-name rule.

Users extend the lists by adding lines or files; no code changes are needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import srsly

NOT_ENTITY = "NONE"


@dataclass(frozen=True)
class Lexicon:
    """The parsed pattern folder."""

    phrases: list[tuple[str, str, str]] = field(default_factory=list)  # (label, pattern, source id)
    heads: dict[str, str] = field(default_factory=dict)  # lower-cased head word -> label
    not_entities: frozenset[str] = frozenset()


def read_patterns(patterns_dir: str | Path) -> list[dict[str, Any]]:
    """All records of the JSONL files in ``patterns_dir``, in file-name order."""
    records: list[dict[str, Any]] = []
    for path in sorted(Path(patterns_dir).glob("*.jsonl")):
        records.extend(srsly.read_jsonl(path))
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
    for record in records:
        label = str(record["label"]).upper()
        if "head" in record:
            heads.setdefault(str(record["head"]).lower(), label)
        elif label == NOT_ENTITY:
            not_entities.add(str(record["pattern"]))
        elif isinstance(record.get("pattern"), str):
            phrases.append((label, record["pattern"], str(record.get("id", label.lower()))))
    return Lexicon(phrases=phrases, heads=heads, not_entities=frozenset(not_entities))


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
