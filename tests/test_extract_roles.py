"""Proposal cues (kgraph.extract.roles)."""

from __future__ import annotations

import pytest

from kgraph.extract.roles import naming_spans, proposed_objects, title_contribution, title_name


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
    ],
)
def test_roles_proposed_objects(text: str, expected: list[str]) -> None:
    candidates = [(14, 39)] if "novel" in text else []  # the defined name "Token Type Classification"
    assert [text[s:e] for s, e in proposed_objects(text, candidates)] == expected


def test_roles_title_contribution_needs_a_proposal_and_a_name_like_head() -> None:
    title = "A Global Context Mechanism for Sequence Labeling"
    span = title_contribution(title, "In this work, we propose a simple module.")
    assert span and title[span[0] : span[1]] == "Global Context Mechanism"
    assert title_contribution(title, "We analyse sequence labeling.") is None
    assert title_contribution("Efficient Fine-Tuning of Models", "We propose a method.") is None


def test_roles_naming_phrases_match_like_re_ignorecase() -> None:
    text = 'a model coıned MoRE, so-called experts and a method Named "Echo".'  # "ı" matches "i"
    assert [text[s:e] for s, e in naming_spans(text)] == ["MoRE", "Echo"]


def test_roles_proposing_verbs_are_whole_words() -> None:
    text = "(propose ToDRE) and _propose FooNet; we rebuild BarNet. Propose BazNet"
    assert [text[s:e] for s, e in proposed_objects(text, [])] == ["ToDRE", "FooNet", "BazNet"]
