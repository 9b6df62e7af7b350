"""Proposal cues in abstracts (kgraph.extract.roles)."""

from __future__ import annotations

import pytest

from kgraph.extract.roles import component_spans, naming_spans, proposed_objects


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
        (
            "The core of our framework is the Cross-Modal Semantic Sieve (CS2).",
            ["Cross-Modal Semantic Sieve"],
        ),
    ],
)
def test_roles_proposed_objects(text: str, expected: list[str]) -> None:
    candidates = []  # names found by other rules: here, the defined or listed ones
    for name in ("Token Type Classification", "Cascade Group Strip Mixing Module", "Strip Mixing Module"):
        if name in text and not candidates:
            candidates.append((text.index(name), text.index(name) + len(name)))
    found = [text[s:e] for s, e in [*proposed_objects(text, candidates), *naming_spans(text)]]
    assert found == expected


def test_roles_naming_phrases_match_like_re_ignorecase() -> None:
    text = 'a model coıned MoRE, so-called experts and a method Named "Echo".'  # "ı" matches "i"
    assert [text[s:e] for s, e in naming_spans(text)] == ["MoRE", "Echo"]


def test_roles_proposing_verbs_are_whole_words() -> None:
    text = "(propose ToDRE) and _propose FooNet; we rebuild BarNet. Propose BazNet"
    assert [text[s:e] for s, e in proposed_objects(text, [])] == ["ToDRE", "FooNet", "BazNet"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Within it, a trainable Cluster module merges tokens.", ["Cluster module"]),
        ("we introduce a new MLP paradigm, the Strip MLP layer, that", ["Strip MLP layer"]),
        ("Our Mutual-guided alignment module aligns frames.", []),  # lower-case words: not a name
        ("a linear layer, the attention head and 12 Transformer blocks", []),
    ],
)
def test_roles_components_of_the_method_are_named_with_their_head(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in component_spans(text)] == expected


def test_roles_components_of_known_models_are_not_proposed(nlp) -> None:  # type: ignore[no-untyped-def]
    from kgraph.extract.pipeline import extract
    from kgraph.models import Paper

    text = "We add a Cluster module to the BERT layer stack."
    (extraction,) = extract([Paper(id="p", title="A study", abstract=text)], nlp)
    proposed = {m.text for m in extraction.mentions if m.role == "proposed"}
    assert proposed == {"Cluster module"}
