"""Document-level scoring with the semantics of ``../shared/tools/score.py``.

Per paper and per type, names match when their keys are equal: Unicode NFKC, lower case,
only letters and digits, optionally without one trailing "s". A predicted entity is correct
when one of its names matches an alias of a gold entity of its type (or of that entity's
``alt_type``); a gold entity is found when a prediction of its type matches it. DATA merges
DATASET and BENCHMARK; PROPOSED scores methods whose role is "proposed"; REPO compares
``owner/repo`` case-insensitively.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.errors import InputError

LABELS = ("METHOD", "PROPOSED", "DATA", "DATASET", "BENCHMARK", "METRIC", "TASK", "TECHNIQUE", "ANY", "REPO")
_GROUPS = {"DATA": {"DATASET", "BENCHMARK"}}
_NON_WORD = re.compile(r"[\W_]+")

Record = Mapping[str, Any]


def norm(name: str) -> str:
    """The scorer's key of a name: NFKC, lower case, letters and digits only.

    >>> norm("Text-to-Image  Generation"), norm("F\\u2081")
    ('texttoimagegeneration', 'f1')
    """
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", str(name)).lower())


def name_keys(names: Iterable[str]) -> set[str]:
    """Every key of ``names``, each also without a trailing "s" when longer than three.

    >>> sorted(name_keys(["LLMs", "GANs", "bus"]))
    ['bus', 'gan', 'gans', 'llm', 'llms']
    """
    out: set[str] = set()
    for name in names:
        key = norm(name)
        if key:
            out.add(key)
            if len(key) > 3 and key.endswith("s"):
                out.add(key[:-1])
    return out


def read_records(paths: Iterable[str | Path]) -> dict[str, Record]:
    """Paper records by id from one or more JSONL files (a later file wins on a repeated id).

    Raises:
        InputError: for a missing file or a line that is not a JSON object with an ``id``.
    """
    docs: dict[str, Record] = {}
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise InputError(str(path), "file not found", "Pass an existing JSONL file.") from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                docs[str(record["id"])] = record
            except (ValueError, KeyError, TypeError) as error:
                raise InputError(
                    f"{path}:{number}",
                    f"not a JSON object with an id ({error})",
                    "Each line needs one paper as in the scorer's format.",
                ) from None
    return docs


def _types(entity: Record, with_alt: bool) -> set[str]:
    types = {str(entity.get("type", "")).upper()}
    if with_alt and entity.get("alt_type"):
        types.add(str(entity["alt_type"]).upper())
    return types


def counted(entities: Iterable[Record], label: str, with_alt: bool) -> list[tuple[str, set[str]]]:
    """The entities that count for ``label``, each as (name, its keys)."""
    out = []
    for entity in entities:
        types = _types(entity, with_alt)
        if label == "ANY":
            ok = True
        elif label == "PROPOSED":
            ok = "METHOD" in types and entity.get("role") == "proposed"
        elif label in _GROUPS:
            ok = bool(types & _GROUPS[label])
        else:
            ok = label in types
        if ok:
            name = str(entity.get("name", ""))
            keys = name_keys([name, *(entity.get("aliases") or [])])
            if keys:
                out.append((name, keys))
    return out


@dataclass
class Errors:
    """Missed gold names and spurious predicted names of one label, as (paper id, name)."""

    missed: list[tuple[str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str]] = field(default_factory=list)


def _repo_counts(gold: Record, pred: Record, errors: Errors, doc_id: str) -> tuple[int, int, int, int]:
    gold_repos = {str(r).lower() for r in gold.get("repos", [])}
    pred_repos = {str(r).lower() for r in pred.get("repos", [])}
    errors.missed += [(doc_id, r) for r in sorted(gold_repos - pred_repos)]
    errors.spurious += [(doc_id, r) for r in sorted(pred_repos - gold_repos)]
    hits = len(gold_repos & pred_repos)
    return hits, len(pred_repos), hits, len(gold_repos)


def _entity_counts(
    gold: Record, pred: Record, label: str, errors: Errors, doc_id: str
) -> tuple[int, int, int, int]:
    gold_entities = counted(gold.get("entities", []), label, False)
    gold_alt = counted(gold.get("entities", []), label, True)
    predicted = counted(pred.get("entities", []), label, False)
    tp_p = tp_g = 0
    for name, keys in predicted:
        hit = any(keys & gold_keys for _, gold_keys in gold_alt)
        tp_p += hit
        if not hit:
            errors.spurious.append((doc_id, name))
    for name, keys in gold_entities:
        hit = any(keys & pred_keys for _, pred_keys in predicted)
        tp_g += hit
        if not hit:
            errors.missed.append((doc_id, name))
    return tp_p, len(predicted), tp_g, len(gold_entities)


def score(
    gold: Mapping[str, Record], pred: Mapping[str, Record], labels: Iterable[str] = LABELS
) -> tuple[dict[str, dict[str, float]], dict[str, Errors]]:
    """Precision, recall, F1 and counts per label over the papers of ``gold``, and the errors.

    Papers missing from ``pred`` predict nothing; papers only in ``pred`` are ignored.
    """
    table: dict[str, dict[str, float]] = {}
    errors: dict[str, Errors] = {}
    for label in labels:
        errors[label] = found = Errors()
        tp_p = n_p = tp_g = n_g = 0
        for doc_id, gold_doc in gold.items():
            pred_doc = pred.get(doc_id, {})
            if label == "REPO":
                counts = _repo_counts(gold_doc, pred_doc, found, doc_id)
            else:
                counts = _entity_counts(gold_doc, pred_doc, label, found, doc_id)
            tp_p, n_p, tp_g, n_g = (tp_p + counts[0], n_p + counts[1], tp_g + counts[2], n_g + counts[3])
        precision = tp_p / n_p if n_p else (1.0 if n_g == 0 else 0.0)
        recall = tp_g / n_g if n_g else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "gold": n_g,
            "predicted": n_p,
        }
    return table, errors
