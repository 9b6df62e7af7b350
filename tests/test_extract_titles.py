"""Names a title gives the paper's contribution (kgraph.extract.titles)."""

from __future__ import annotations

import pytest

from kgraph.extract.titles import title_contribution, title_methods, title_name


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("GRIFFIN: Effective Token Alignment for Faster Speculative Decoding", "GRIFFIN"),
        ("ICL Markup: Structuring In-Context Learning using Soft-Token Tags", "ICL Markup"),
        ("Gradient Boosting Neural Networks: GrowNet", "GrowNet"),
        ("The Hyperfitting Phenomenon: Sharpening LLMs", None),
        ("Augmented Language Models: a Survey", None),
        ("Needle Threading: Can LLMs Follow Threads?", None),
        ("A Title Without Any Colon", None),
        ("QuickSilver -- Speeding up LLM Inference", "QuickSilver"),
        ("YUAN 2.0 \u2014 A Large Language Model", "YUAN 2.0"),
        ("Fishing for Magikarp: Detecting Under-trained Tokens", None),
        ("Pre-Training -- a Survey", None),
    ],
)
def test_titles_name(title: str, name: str | None) -> None:
    span = title_name(title)
    assert (title[span[0] : span[1]] if span else None) == name


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        (
            "Faster Inference via Local Determinism Propagation",
            "We propose LocalLeap.",
            ["Local Determinism Propagation"],
        ),
        ("Faster Inference via Local Determinism Propagation", "We study decoding.", []),
        (
            "QS: Speed through Token Halting, KV Skipping, and Token Fusion",
            "We propose QS.",
            ["Token Halting", "KV Skipping", "Token Fusion"],
        ),
        ("Negation-Aware VLMs via Structured Reasoning and Token Merging", "We propose X.", []),
        ("Reasoning with Large Language Models", "We propose X.", []),
        ("Pre-Training with Explicitly N-Gram Masked Language Modeling", "We propose X.", []),
        ("Inference with Training-Free Dynamic Attention Patterns", "We propose X.", []),
        ("Retrieval by Leveraging Self-Generated Tokens", "We propose X.", []),
    ],
)
def test_titles_methods_name_the_method_after_via_or_with(
    title: str, abstract: str, expected: list[str]
) -> None:
    assert [title[s:e] for s, e in title_methods(title, abstract)] == expected


def test_titles_contribution_needs_a_proposal_and_a_name_like_head() -> None:
    title = "A Global Context Mechanism for Sequence Labeling"
    span = title_contribution(title, "In this work, we propose a simple module.")
    assert span and title[span[0] : span[1]] == "Global Context Mechanism"
    assert title_contribution(title, "We analyse sequence labeling.") is None
    assert title_contribution("Efficient Fine-Tuning of Models", "We propose a method.") is None
    assert title_contribution("Logits are All We Need to Adapt Models", "We propose a method.") is None
    assert title_contribution("Enhancing Latent Computation in Transformers", "We propose X.") is None
    assert title_contribution("Data-efficient LLM Fine-tuning for Code", "We propose X.") is None
    title = "Does it need a boost? Convergent boosted smoothing on graphs"
    span = title_contribution(title, "We propose a generalized framework.")
    assert span and title[span[0] : span[1]] == "Convergent boosted smoothing"
