"""Rebuild the ``reg_*.jsonl`` gazetteers from the name registries of pinned ML packages.

Build-time only: the wheels are fetched with ``pip download --no-deps`` into a cache folder
(``build/registry-wheels``, not committed) and read as zip files; nothing is installed or
imported from them. The files are written into ``kgraph/resources/patterns`` and copied to
``config/patterns``. Each starts with a provenance line ``{"source": {...}}`` (package,
version, license, registry, command) that kgraph's reader skips. Usage::

    python tools/gazetteers/build_registries.py [WHEELS_DIR]

The name rules are in ``registry_names.py``. Names on the hand-made or Papers with Code lists
are left out (those lists decide their type), and a name is written only by the first file
in ``REGISTRIES`` order. Never add names from ../shared/gold.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import registry_names as rn  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PATTERNS = REPO / "kgraph" / "resources" / "patterns"
COPY = REPO / "config" / "patterns"
COMMAND = "python tools/gazetteers/build_registries.py"

# package, wheel name, pinned version, license (checked against the wheel's metadata).
PINS = {
    "transformers": ("transformers", "4.46.3", "Apache-2.0"),
    "timm": ("timm", "1.0.11", "Apache-2.0"),
    "torchmetrics": ("torchmetrics", "1.6.0", "Apache-2.0"),
    "lm-eval": ("lm_eval", "0.4.5", "MIT"),
    "tensorflow-datasets": ("tensorflow_datasets", "4.9.7", "Apache-2.0"),
}


def transformers(wheel: zipfile.ZipFile) -> list[str]:
    return rn.transformers_names(_text(wheel, "transformers/models/auto/configuration_auto.py"))


def timm(wheel: zipfile.ZipFile) -> list[str]:
    names: set[str] = set()
    for path in _members(wheel, "timm/models/", ".py"):
        names.update(rn.timm_names(_text(wheel, path)))
    return sorted(names)


def torchmetrics(wheel: zipfile.ZipFile) -> list[str]:
    domains = (
        "audio clustering detection image multimodal nominal regression retrieval segmentation shape text"
    )
    classes = set(rn.dunder_all(_text(wheel, "torchmetrics/__init__.py")))
    for domain in domains.split():
        classes.update(rn.dunder_all(_text(wheel, f"torchmetrics/{domain}/__init__.py")))
    return sorted({name for cls in classes for name in rn.metric_names(cls)})


def lm_eval(wheel: zipfile.ZipFile) -> list[str]:
    """Per task folder: the folder's and its YAML tasks' written forms in the folder's README."""
    names: set[str] = set()
    for readme in _members(wheel, "lm_eval/tasks/", "/README.md"):
        folder = readme.removesuffix("README.md")
        if folder.count("/") != 3:
            continue
        text = _text(wheel, readme)
        ids = {folder.split("/")[2]}
        for path in _members(wheel, folder, ".yaml"):
            ids.update(rn.yaml_task_names(_text(wheel, path)))
        names.update(form for i in sorted(ids) if (form := rn.best_form(rn.written_forms(i, text))))
    return sorted(names)


def tfds(wheel: zipfile.ZipFile) -> list[str]:
    """Dataset folders (README and builder strings) and old-style builder modules (their strings)."""
    texts: dict[str, str] = {}
    for path in _members(wheel, "tensorflow_datasets/", ".py"):
        parts = path.split("/")
        if path.endswith(("_test.py", "__init__.py")) or parts[1] in {"core", "testing", "scripts"}:
            continue
        source = _text(wheel, path)
        if parts[1] == "datasets" and len(parts) == 4 and path.endswith("_dataset_builder.py"):
            readme = "/".join(parts[:3]) + "/README.md"
            extra = _text(wheel, readme) if readme in wheel.namelist() else ""
            texts[parts[2]] = extra + "\n" + rn.string_literals(source)
        else:
            for cls in rn.builder_classes(source):  # the class name itself is code, not prose
                texts.setdefault(rn.snake_case(cls), rn.string_literals(source).replace(cls, " "))
    names = (rn.best_form(rn.written_forms(i, text)) for i, text in sorted(texts.items()))
    return sorted({name for name in names if name})


# File stem, label, package, registry described, extractor.
REGISTRIES: list[tuple[str, str, str, str, Callable[[zipfile.ZipFile], list[str]]]] = [
    (
        "reg_transformers",
        "METHOD",
        "transformers",
        "models/auto/configuration_auto.py MODEL_NAMES_MAPPING",
        transformers,
    ),
    ("reg_timm", "METHOD", "timm", "timm/models: classes built by build_model_with_cfg", timm),
    (
        "reg_torchmetrics",
        "METRIC",
        "torchmetrics",
        "__all__ of torchmetrics and its domain packages",
        torchmetrics,
    ),
    ("reg_lm_eval", "BENCHMARK", "lm-eval", "lm_eval/tasks: task folders and YAML task names", lm_eval),
    ("reg_tfds", "DATASET", "tensorflow-datasets", "dataset folders and builder classes", tfds),
]


def _text(wheel: zipfile.ZipFile, path: str) -> str:
    return wheel.read(path).decode("utf-8", errors="replace")


def _members(wheel: zipfile.ZipFile, prefix: str, suffix: str) -> list[str]:
    return sorted(n for n in wheel.namelist() if n.startswith(prefix) and n.endswith(suffix))


def fetch(package: str, wheels: Path) -> zipfile.ZipFile:
    """The pinned wheel of ``package`` from ``wheels``, downloaded there first if missing."""
    stem, version, license_id = PINS[package]
    path = wheels / f"{stem}-{version}-py3-none-any.whl"
    if not path.exists():
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "-d",
            str(wheels),
            f"{package}=={version}",
        ]
        subprocess.run(cmd, check=True)
    wheel = zipfile.ZipFile(path)
    metadata = _text(wheel, f"{stem}-{version}.dist-info/METADATA")
    if license_id.split("-")[0] not in metadata:
        raise SystemExit(f"{path.name}: license is no longer {license_id}; check it and update PINS")
    return wheel


def taken_names() -> set[str]:
    """Lower-cased names of the lists this script does not write (hand-made and Papers with Code)."""
    names = set()
    for path in PATTERNS.glob("*.jsonl"):
        if not path.name.startswith("reg_"):
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                if "pattern" in record:
                    names.add(str(record["pattern"]).lower())
    return names


def main() -> None:
    wheels = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "build" / "registry-wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    taken = taken_names()
    counts: Counter[str] = Counter()
    for stem, label, package, registry, extract in REGISTRIES:
        names = [n for n in extract(fetch(package, wheels)) if n.lower() not in taken]
        taken.update(n.lower() for n in names)
        _, version, license_id = PINS[package]
        source = {"package": package, "version": version, "license": license_id, "registry": registry}
        source["evidence"] = "weak"  # see the README: candidates for the rules and the model
        lines = [json.dumps({"source": source | {"command": COMMAND}})]
        lines += [json.dumps({"label": label, "pattern": n, "id": stem}) for n in names]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        for folder in (PATTERNS, COPY):
            (folder / f"{stem}.jsonl").write_bytes(data)
        counts[stem] = len(names)
    print(", ".join(f"{stem}: {n} names" for stem, n in counts.items()))


if __name__ == "__main__":
    main()
