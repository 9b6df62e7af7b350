"""Coined-name morphology (kgraph.extract.coined)."""

from __future__ import annotations

import pytest

from kgraph.extract.coined import find_coined, is_coined, is_metric_variant


@pytest.mark.parametrize(
    "word",
    ["HieraTok", "BERT", "RoBERTa", "GPT-4o", "Mistral-7B", "S4", "ViT", "ERNIE-Gram", "LLaVA-NeXT-7B"],
)
def test_coined_is_coined_accepts_name_shapes(word: str) -> None:
    assert is_coined(word)


@pytest.mark.parametrize("word", ["Cuckoo", "7B", "3D", "370M-2.7B", "Multi-Scale", "End-to-End", "tokens"])
def test_coined_is_coined_rejects_words_sizes_and_title_compounds(word: str) -> None:
    assert not is_coined(word)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We compare Llama 3 with PaLM 2.", ["Llama 3", "PaLM 2"]),
        ("a ViT-based tokenizer and a BIO-tagged corpus", ["ViT", "BIO"]),
        ("Since 2020, in Table 3 and e.g. the U.S. market", []),
        ("Qwen2.5-VL-7B beats GPT-3.5 on ImageNet-1K.", ["Qwen2.5-VL-7B", "GPT-3.5", "ImageNet-1K"]),
        ("see https://github.com/a/ToCo", []),
        ("Llama3, Llama3 is, Cuckoo 2, Table 2", ["Llama3", "Cuckoo 2"]),
    ],
)
def test_coined_find_coined_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in find_coined(text)] == expected


def test_coined_metric_variants() -> None:
    assert is_metric_variant("rFID") and is_metric_variant("gFID")
    assert not is_metric_variant("FID") and not is_metric_variant("HieraTok")
