"""Registry name lists: the generator's parsing rules, provenance lines and weak evidence."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kgraph.config import load_config
from kgraph.extract.lexicon import build_lexicon, read_patterns, read_sources
from kgraph.extract.pipeline import extract, load_pipeline
from kgraph.models import Paper
from kgraph.resolve import group_mentions
from kgraph.resources import copy_config, resource_path
from tools.gazetteers import registry_names as rn

PROVENANCE = {"package": "timm", "version": "1.0.11", "license": "Apache-2.0", "evidence": "weak"}


def _write(path: Path, *records: dict[str, Any]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_registries_written_forms_prefer_prose_over_identifiers() -> None:
    readme = "# GSM8k\nThe GSM8K benchmark (gsm8k) has 8.5K problems. GSM8K is hard."
    assert rn.written_forms("gsm8k", readme) == Counter({"GSM8K": 2, "GSM8k": 1, "gsm8k": 1})
    assert rn.best_form(rn.written_forms("gsm8k", readme)) == "GSM8K"
    assert rn.best_form(rn.written_forms("ai2_arc", "The AI2 ARC set, ai2_arc.")) == "AI2 ARC"
    assert rn.best_form(rn.written_forms("imagenet2012", "ILSVRC 2012 images")) is None


def test_registries_plausible_names_are_distinctive() -> None:
    kept = ["HellaSwag", "CIFAR-10", "Megatron-BERT", "mT5", "OpenAI GPT-2"]
    dropped = [
        "Beans",
        "Natural Questions",
        "Machine-Translation",
        "cifar10",
        "DART",
        "CocoConfig",
        "squad_v2",
    ]
    assert [f for f in kept + dropped if rn.is_plausible_name(f)] == kept


def test_registries_transformers_display_names() -> None:
    source = 'X = 1\nMODEL_NAMES_MAPPING = OrderedDict(\n    [\n        ("bert", "BERT"),\n'
    source += '        ("roberta", "RoBERTa"),\n        ("bark", "Bark"),\n'
    source += '        ("clip", "CLIPTextModel"),\n    ]\n)\n'
    assert rn.transformers_names(source) == ["RoBERTa"]
    with pytest.raises(ValueError, match="MODEL_NAMES_MAPPING not found"):
        rn.transformers_names("X = 1\n")


def test_registries_timm_classes_that_name_registered_models() -> None:
    source = '"""MaxViT: Multi-Axis Vision Transformer"""\n'
    source += "def _create(v, **kw):\n    return build_model_with_cfg(MaxxVit, v, **kw)\n"
    source += "def _other(v):\n    return build_model_with_cfg(VisionTransformer, v)\n"
    source += "@register_model\ndef maxxvit_rmlp_nano(pretrained=False):\n    pass\n"
    source += "@register_model\ndef vit_base_patch16_224(pretrained=False):\n    pass\n"
    assert rn.timm_names(source) == ["MaxxVit"]  # no written form "MaxxViT" in the docstring
    assert rn.timm_names(source.replace("MaxViT", "MaxxViT")) == ["MaxxViT"]


def test_registries_tfds_builders_and_metric_names() -> None:
    source = "class Cifar10(tfds.core.GeneratorBasedBuilder):\n  pass\nclass Helper(object):\n  pass\n"
    assert [rn.snake_case(c) for c in rn.builder_classes(source)] == ["cifar10"]
    assert rn.dunder_all('__all__ = ["BLEUScore", "BinaryAccuracy", "MetricCollection", "Dice"]') == [
        "BLEUScore",
        "BinaryAccuracy",
        "MetricCollection",
        "Dice",
    ]
    names = [
        n
        for cls in ["BLEUScore", "BinaryAccuracy", "MetricCollection", "Dice", "SQuAD"]
        for n in rn.metric_names(cls)
    ]
    assert names == ["BLEU score", "BLEU"]
    assert rn.metric_names("MatthewsCorrCoef") == ["matthews correlation coefficient"]
    assert rn.yaml_task_names("include: _default.yaml\ntask: arc_challenge\n") == ["arc_challenge"]


def test_lexicon_reads_a_provenance_line(tmp_path: Path) -> None:
    _write(
        tmp_path / "reg_timm.jsonl",
        {"source": PROVENANCE},
        {"label": "METHOD", "pattern": "ZorbNet", "id": "reg_timm"},
    )
    _write(tmp_path / "methods.jsonl", {"label": "METHOD", "pattern": "BERT", "id": "methods"})
    records = read_patterns(tmp_path)
    assert [r["pattern"] for r in records] == ["BERT", "ZorbNet"]
    assert read_sources(tmp_path) == {"reg_timm.jsonl": PROVENANCE}
    lexicon = build_lexicon(records)
    assert lexicon.phrases == [("METHOD", "BERT", "methods"), ("METHOD", "ZorbNet", "reg_timm")]
    assert lexicon.weak == frozenset({"reg_timm"})


def test_lexicon_provenance_only_on_the_first_line(tmp_path: Path) -> None:
    _write(tmp_path / "bad.jsonl", {"label": "METHOD", "pattern": "BERT"}, {"source": PROVENANCE})
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: .* must be the file's first line"):
        read_patterns(tmp_path)


def test_registries_shipped_files_carry_their_provenance() -> None:
    sources = read_sources(resource_path("patterns"))
    assert sorted(sources) == [
        f"reg_{n}.jsonl" for n in ["lm_eval", "tfds", "timm", "torchmetrics", "transformers"]
    ]
    for name, source in sources.items():
        assert {"package", "version", "license", "command"} <= source.keys(), name
        assert source["evidence"] == "weak", name
    ids = {
        r["id"] for r in read_patterns(resource_path("patterns")) if str(r.get("id", "")).startswith("reg_")
    }
    assert ids == {name.removesuffix(".jsonl") for name in sources}


def _roles(tmp_path: Path, evidence: str | None) -> dict[tuple[str, str], str | None]:
    copy_config(tmp_path)
    source = dict(PROVENANCE, evidence=evidence) if evidence else {"package": "timm"}
    _write(
        tmp_path / "patterns" / "reg_test.jsonl",
        {"source": source},
        {"label": "METHOD", "pattern": "ZorbFormer", "id": "reg_test"},
    )
    nlp = load_pipeline(load_config(tmp_path / "default.cfg"))
    paper = Paper(
        id="p",
        title="Token Mixing Is Enough for Vision",
        abstract="We propose ZorbFormer, a vision backbone.",
    )
    (extraction,) = extract([paper], nlp)
    return {(g.type.value, g.name): g.role for g in group_mentions(extraction.mentions)}


def test_registries_weak_lists_leave_the_role_to_the_rules(tmp_path: Path) -> None:
    """A weak list's name can still be a paper's proposal; a listed (known) name cannot."""
    assert _roles(tmp_path / "weak", "weak")[("METHOD", "ZorbFormer")] == "proposed"
    assert _roles(tmp_path / "known", None)[("METHOD", "ZorbFormer")] != "proposed"
