"""The pattern folder (kgraph.extract.lexicon and config/patterns)."""

from __future__ import annotations

from pathlib import Path

from kgraph.extract.lexicon import NOT_ENTITY, build_lexicon, is_case_sensitive, plural, read_patterns
from kgraph.models import EntityType

PATTERNS = Path(__file__).resolve().parent.parent / "config" / "patterns"


def test_lexicon_sorts_records_by_kind() -> None:
    lexicon = build_lexicon(
        [
            {"label": "METHOD", "pattern": "BERT", "id": "methods"},
            {"label": "TASK", "head": "Segmentation"},
            {"label": "NONE", "pattern": "GPU"},
        ]
    )
    assert lexicon.phrases == [("METHOD", "BERT", "methods")]
    assert lexicon.heads == {"segmentation": "TASK"}
    assert lexicon.not_entities == frozenset({"GPU"})


def test_lexicon_case_and_plural_rules() -> None:
    assert is_case_sensitive("SAM") and not is_case_sensitive("diffusion model")
    assert plural("diffusion model") == "diffusion models"
    assert plural("knowledge distillation") is None


def test_lexicon_pattern_files_are_valid() -> None:
    records = read_patterns(PATTERNS)
    assert len(records) > 1000
    labels = {str(r["label"]) for r in records}
    assert labels <= {t.value for t in EntityType} | {NOT_ENTITY}
    for record in records:
        assert ("pattern" in record) != ("head" in record), record
        assert str(record.get("pattern", record.get("head"))).strip(), record
