"""Proposal cues (kgraph.extract.roles)."""

from __future__ import annotations

import pytest

from kgraph.extract.roles import (
    naming_spans,
    proposed_objects,
    title_contribution,
    title_methods,
    title_name,
)


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
def test_roles_title_name(title: str, name: str | None) -> None:
    span = title_name(title)
    assert (title[span[0] : span[1]] if span else None) == name


def test_roles_naming_phrases_take_lower_case_only_after_refer_to_as() -> None:
    text = 'a process we refer to as hyperfitting, a model called "echo embeddings", such as named entities.'
    assert [text[s:e] for s, e in naming_spans(text)] == ["hyperfitting", "echo embeddings"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We propose a new model, Sylber, that produces units.", ["Sylber"]),
        ("To this end, we design ToDRE, a two-stage framework.", ["ToDRE"]),
        ("we devised a Class Token Contrast module (CTC) inspired by", ["Class Token Contrast module"]),
        ("using a novel Token Type Classification objective", ["Token Type Classification"]),
        ("We present evidence that language models learn meaning.", []),
        (
            "Secondly, a Cascade Group Strip Mixing Module (CGSMM) is proposed to",
            ["Cascade Group Strip Mixing Module"],
        ),
        ("The Strip Mixing Module is used by many.", []),
        ("Our first approach is Batch-Scheduled Sampling, where", ["Batch-Scheduled Sampling"]),
    ],
)
def test_roles_proposed_objects(text: str, expected: list[str]) -> None:
    candidates = []  # names found by other rules: here, the defined or listed ones
    for name in ("Token Type Classification", "Cascade Group Strip Mixing Module", "Strip Mixing Module"):
        if name in text and not candidates:
            candidates.append((text.index(name), text.index(name) + len(name)))
    found = [text[s:e] for s, e in [*proposed_objects(text, candidates), *naming_spans(text)]]
    assert found == expected


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
def test_roles_title_methods_name_the_method_after_via_or_with(
    title: str, abstract: str, expected: list[str]
) -> None:
    assert [title[s:e] for s, e in title_methods(title, abstract)] == expected


def test_roles_title_contribution_needs_a_proposal_and_a_name_like_head() -> None:
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


def test_roles_naming_phrases_match_like_re_ignorecase() -> None:
    text = 'a model coıned MoRE, so-called experts and a method Named "Echo".'  # "ı" matches "i"
    assert [text[s:e] for s, e in naming_spans(text)] == ["MoRE", "Echo"]


def test_roles_proposing_verbs_are_whole_words() -> None:
    text = "(propose ToDRE) and _propose FooNet; we rebuild BarNet. Propose BazNet"
    assert [text[s:e] for s, e in proposed_objects(text, [])] == ["ToDRE", "FooNet", "BazNet"]
