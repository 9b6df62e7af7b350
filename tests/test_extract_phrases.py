"""Head-noun phrases for tasks, techniques and metrics (kgraph.extract.phrases)."""

from __future__ import annotations

import pytest

from kgraph.extract.phrases import find_head_phrases, is_modifier

HEADS = {"segmentation": "TASK", "pruning": "TECHNIQUE", "decoding": "TECHNIQUE", "rate": "METRIC"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for medical image segmentation.", [("medical image segmentation", "TASK")]),
        ("we apply efficient token pruning", [("token pruning", "TECHNIQUE")]),
        ("It improves segmentation and greedy decoding.", [("greedy decoding", "TECHNIQUE")]),
        ("a higher acceptance rate of 2.6x", [("acceptance rate", "METRIC")]),
        ("the steep computational acceptance rate", [("acceptance rate", "METRIC")]),
    ],
)
def test_phrases_head_phrases(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s:e], label) for s, e, label in find_head_phrases(text, HEADS)] == expected


@pytest.mark.parametrize(
    ("word", "ok"),
    [
        ("image", True),
        ("open-ended", True),
        ("KV", True),
        ("novel", False),
        ("improves", False),
        ("2.6x", False),
    ],
)
def test_phrases_modifier_shapes(word: str, ok: bool) -> None:
    assert is_modifier(word) is ok


def test_phrases_heads_of_several_words_are_found_too() -> None:
    heads = {"question answering": "TASK", "answering": "TASK", "segmentation": "TASK"}
    text = "open-domain question answering and visual answering for image segmentation"
    found = [(text[s:e], label) for s, e, label in find_head_phrases(text, heads)]
    assert found == [
        ("open-domain question answering", "TASK"),  # by "question answering" and by "answering"
        ("open-domain question answering", "TASK"),
        ("visual answering", "TASK"),
        ("image segmentation", "TASK"),
    ]
