"""Acronym definitions (kgraph.extract.abbreviations, Schwartz & Hearst)."""

from __future__ import annotations

import pytest

from kgraph.extract.abbreviations import find_abbreviations, is_short_form


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("We study next token prediction (NTP) at scale.", [("next token prediction", "NTP")]),
        ("the recent Vision Transformer (ViT) can", [("Vision Transformer", "ViT")]),
        ("large vision-language models (LVLMs) use", [("large vision-language models", "LVLMs")]),
        ("NTP (next token prediction) is common", [("next token prediction", "NTP")]),
        ("results (see above) hold", []),
    ],
)
def test_abbreviations_find_pairs(text: str, pairs: list[tuple[str, str]]) -> None:
    found = [
        (text[a.long_start : a.long_end], text[a.short_start : a.short_end]) for a in find_abbreviations(text)
    ]
    assert found == pairs


@pytest.mark.parametrize(
    ("candidate", "ok"), [("NTP", True), ("ViT-B", True), ("e.g.", False), ("ours", False)]
)
def test_abbreviations_short_form_filter(candidate: str, ok: bool) -> None:
    assert is_short_form(candidate) is ok
