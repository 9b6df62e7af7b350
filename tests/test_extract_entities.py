"""End-to-end entity recognition on hand-made and real corpus text (kgraph.extract.entities)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kgraph.extract.candidates import token_bounds
from kgraph.extract.entities import Candidate, classify_phrase, coined_type, select, unify_types
from kgraph.extract.pipeline import extract
from kgraph.models import Paper
from kgraph.resolve import group_mentions

CORPUS_INPUT = Path(__file__).resolve().parents[2] / "shared" / "gold" / "corpus_input.jsonl"


def entities_of(nlp: Any, title: str, abstract: str) -> dict[tuple[str, str], Any]:
    """The paper's document-level entities keyed by (type, name)."""
    (extraction,) = extract([Paper(id="p", title=title, abstract=abstract)], nlp)
    return {(group.type.value, group.name): group for group in group_mentions(extraction.mentions)}


def test_entities_title_prefix_is_proposed_method(nlp: Any) -> None:
    found = entities_of(nlp, "GRIFFIN: Effective Token Alignment", "We evaluate GRIFFIN on LLaMA and Vicuna.")
    assert found[("METHOD", "GRIFFIN")].role == "proposed"
    assert found[("METHOD", "LLaMA")].role == "used"


def test_entities_acronym_long_form_is_an_alias(nlp: Any) -> None:
    found = entities_of(nlp, "A study", "In this work, we propose Token Contrast (ToCo). ToCo is simple.")
    group = found[("METHOD", "Token Contrast")]
    assert set(group.aliases) == {"Token Contrast", "ToCo"} and group.role == "proposed"


def test_entities_lowercase_long_form_is_technique(nlp: Any) -> None:
    found = entities_of(nlp, "A study", "We revisit next token prediction (NTP) and masked image modeling.")
    assert "NTP" in found[("TECHNIQUE", "next token prediction")].aliases


def test_entities_evaluative_word_leaves_a_long_form_only_when_the_acronym_skips_it(nlp: Any) -> None:
    found = entities_of(
        nlp,
        "A study",
        "Large Language Models (LLMs) help. We propose a novel Token Type Classification (TTC).",
    )
    assert "LLMs" in found[("TECHNIQUE", "Large Language Models")].aliases
    assert "TTC" in found[("METHOD", "Token Type Classification")].aliases


def test_entities_a_capitalised_qualifier_joins_a_listed_model(nlp: Any) -> None:
    found = entities_of(
        nlp, "Fine-tuning BERT for Control", "It beats the Decision Transformer. Using BERT helps."
    )
    assert ("METHOD", "Decision Transformer") in found and ("METHOD", "BERT") in found
    assert ("METHOD", "Fine-tuning BERT") not in found and ("METHOD", "Using BERT") not in found


def test_entities_generic_llms_are_technique_not_method(nlp: Any) -> None:
    found = entities_of(
        nlp, "On LLMs", "Large language models (LLMs) and CNNs are strong. LLMs and VLMs grow."
    )
    assert not [key for key in found if key[0] == "METHOD"]
    assert ("TECHNIQUE", "Large language models") in found


def test_entities_gazetteer_and_cues(nlp: Any) -> None:
    found = entities_of(
        nlp,
        "Better Segmentation",
        "We report mIoU on the PASCAL VOC and Foo-2K datasets and accuracy on ImageNet, "
        "and present FooBench, a new benchmark for semantic segmentation.",
    )
    assert {("DATASET", "PASCAL VOC"), ("DATASET", "Foo-2K"), ("DATASET", "ImageNet")} <= set(found)
    assert {("METRIC", "mIoU"), ("METRIC", "accuracy"), ("BENCHMARK", "FooBench")} <= set(found)
    assert ("TASK", "semantic segmentation") in found


def test_entities_pure_helpers() -> None:
    heads = {"segmentation": "TASK"}
    assert classify_phrase("Class Activation Map", heads, {}) == "METHOD"
    assert classify_phrase("Text-Attributed Graphs", heads, {}) == "TECHNIQUE"
    assert coined_type("LongBench") == ("BENCHMARK", 2)
    chosen = select(
        [Candidate(0, 5, "METHOD", 5, "a"), Candidate(0, 9, "TASK", 3, "b"), Candidate(6, 9, "X", 0, "c")]
    )
    assert [(c.start, c.end) for c in chosen] == [(6, 9)] or [(c.start, c.end) for c in chosen] == [
        (0, 5),
        (6, 9),
    ]
    text = "ToCo and toco"
    unified = unify_types(
        [Candidate(0, 4, "METHOD", 0, "x"), Candidate(9, 13, "TASK", 3, "y")], text, {(0, 4)}
    )
    assert [c.label for c in unified] == ["METHOD", "METHOD"] and all(c.proposed for c in unified)
    assert token_bounds([0, 6, 9], [5, 8, 12], 0, 3) is None  # "FID" glued in "FID<2"


@pytest.fixture(scope="module")
def corpus_extractions(nlp: Any) -> list[Any]:
    with CORPUS_INPUT.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle][:120]
    return list(extract([Paper(id=r["id"], title=r["title"], abstract=r["abstract"]) for r in rows], nlp))


def test_entities_corpus_offsets_are_valid(corpus_extractions: list[Any]) -> None:
    mentions = [m for extraction in corpus_extractions for m in extraction.mentions]
    assert len(mentions) > 1000
    for extraction in corpus_extractions:
        text = extraction.paper.text
        for mention in extraction.mentions:
            assert text[mention.start : mention.end] == mention.text
            assert mention.found_by.startswith("kgraph_entities.")
            assert (mention.role is not None) == (mention.type.value == "METHOD")


def test_entities_corpus_output_is_deterministic(nlp: Any, corpus_extractions: list[Any]) -> None:
    again = list(extract([e.paper for e in corpus_extractions[:40]], nlp))
    assert [e.mentions for e in again] == [e.mentions for e in corpus_extractions[:40]]


def test_entities_corpus_proposed_names(corpus_extractions: list[Any]) -> None:
    """Most papers whose title is "Name: ..." get that name as a proposed method."""
    hits = total = 0
    for extraction in corpus_extractions:
        title = extraction.paper.title
        prefix = title.split(":")[0]
        if ":" in title and len(prefix.split()) == 1 and not prefix.lower().endswith("bench"):
            total += 1
            proposed = {m.text for m in extraction.mentions if m.role == "proposed"}
            hits += prefix in proposed
    assert total >= 10 and hits / total > 0.9


def test_entities_spans_carry_role_and_provenance(nlp: Any) -> None:
    doc = nlp("GRIFFIN: Effective Token Alignment\nWe evaluate GRIFFIN on LLaMA and report BLEU.")
    spans = doc.spans["kgraph"]
    found = {(span.text, span.label_): (span._.kgraph_role, span._.kgraph_found_by) for span in spans}
    assert found[("GRIFFIN", "METHOD")][0] == "proposed"
    assert found[("LLaMA", "METHOD")][0] == "used"
    role, found_by = found[("BLEU", "METRIC")]
    assert role is None and found_by.startswith("kgraph_entities.")
    rows = doc._.kgraph_entity_rows
    assert [(row.start, row.end, row.label) for row in rows] == [
        (span.start_char, span.end_char, span.label_) for span in spans
    ]
    assert doc[0:1]._.kgraph_role is None  # a span kgraph did not find has no role


def test_entities_rows_survive_doc_serialization(nlp: Any) -> None:
    from spacy.tokens import Doc

    from kgraph.extract.entities import EntityRow, entity_rows

    doc = nlp("GRIFFIN: Effective Token Alignment\nWe evaluate GRIFFIN on LLaMA and report BLEU.")
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert entity_rows(copy) == entity_rows(doc) and all(isinstance(r, EntityRow) for r in entity_rows(copy))
    assert [s._.kgraph_role for s in copy.spans["kgraph"]] == [s._.kgraph_role for s in doc.spans["kgraph"]]
