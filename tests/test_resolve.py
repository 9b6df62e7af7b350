"""Resolve: one entity per real thing, in a paper and across the corpus."""

from __future__ import annotations

from kgraph.models import EntityType, name_key
from kgraph.resolve import group_mentions, resolve
from tests.helpers import extraction, mention

T = EntityType


def test_resolve_groups_acronym_with_long_form_in_a_paper() -> None:
    groups = group_mentions(
        [
            mention("p", "Next Token Prediction", T.TECHNIQUE, start=0, long_form="Next Token Prediction"),
            mention("p", "NTP", T.TECHNIQUE, start=30, long_form="Next Token Prediction"),
            mention("p", "NTP", T.TECHNIQUE, start=60, long_form="Next Token Prediction"),
        ]
    )
    assert len(groups) == 1
    assert groups[0].name == "Next Token Prediction"
    assert groups[0].aliases == ("Next Token Prediction", "NTP")
    assert len(groups[0].mentions) == 3


def test_resolve_folds_case_hyphens_spaces_and_plurals() -> None:
    variants = ["Vision Transformer", "vision-transformers", "VisionTransformer", "vision  transformer"]
    assert len({name_key(v) for v in variants}) == 1
    result = resolve([extraction(f"p{i}", mention(f"p{i}", v)) for i, v in enumerate(variants)])
    assert list(result.entities) == ["METHOD:visiontransformer"]
    assert set(result.entities["METHOD:visiontransformer"].aliases) == set(variants)


def test_resolve_keeps_versions_apart() -> None:
    result = resolve(
        [
            extraction("a", mention("a", "Llama 2")),
            extraction("b", mention("b", "Llama 3")),
            extraction("c", mention("c", "GPT-3.5")),
            extraction("d", mention("d", "GPT-4")),
        ]
    )
    assert len(result.entities) == 4


def test_resolve_bare_acronym_joins_the_corpus_definition() -> None:
    result = resolve(
        [
            extraction(
                "a",
                mention("a", "Vision Transformer", long_form="Vision Transformer"),
                mention("a", "ViT", start=20, long_form="Vision Transformer"),
            ),
            extraction("b", mention("b", "ViT")),
        ]
    )
    assert list(result.entities) == ["METHOD:visiontransformer"]
    assert [key for key, _ in result.paper_entities["b"]] == ["METHOD:visiontransformer"]


def test_resolve_ambiguous_acronym_stays_apart() -> None:
    result = resolve(
        [
            extraction(
                "a",
                mention("a", "Segment Anything Model", long_form="Segment Anything Model"),
                mention("a", "SAM", start=30, long_form="Segment Anything Model"),
            ),
            extraction(
                "b",
                mention("b", "Sharpness-Aware Minimization", long_form="Sharpness-Aware Minimization"),
                mention("b", "SAM", start=40, long_form="Sharpness-Aware Minimization"),
            ),
            extraction("c", mention("c", "SAM")),
        ]
    )
    assert set(result.entities) == {
        "METHOD:segmentanythingmodel",
        "METHOD:sharpnessawareminimization",
        "METHOD:sam",
    }


def test_resolve_role_is_proposed_when_any_mention_proposes() -> None:
    (group,) = group_mentions(
        [mention("p", "QTSeg", role="used"), mention("p", "QTSeg", start=9, role="proposed")]
    )
    assert group.role == "proposed"


def test_resolve_is_deterministic_and_lists_aliases() -> None:
    extractions = [
        extraction("b", mention("b", "BERT"), mention("b", "ImageNet", T.DATASET, start=10)),
        extraction("a", mention("a", "bert")),
    ]
    first, second = resolve(extractions), resolve(list(reversed(extractions)))
    assert first.entities == second.entities
    assert first.aliases == [
        ("BERT", "METHOD:bert"),
        ("ImageNet", "DATASET:imagenet"),
        ("bert", "METHOD:bert"),
    ]


def test_resolve_merges_a_papers_groups_that_share_an_entity() -> None:
    result = resolve(
        [
            extraction(
                "a",
                mention("a", "Vision Transformer", long_form="Vision Transformer"),
                mention("a", "ViT", start=20, long_form="Vision Transformer"),
            ),
            extraction(
                "b", mention("b", "ViT", role="proposed"), mention("b", "Vision Transformer", start=30)
            ),
        ]
    )
    (only,) = result.paper_entities["b"]
    assert only[0] == "METHOD:visiontransformer"
    assert only[1].role == "proposed" and len(only[1].mentions) == 2
