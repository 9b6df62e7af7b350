"""Rebuild the ``pwc_*.jsonl`` gazetteers from the Papers with Code name lists.

Sources (see ../shared/names/README.md): ``pwc_tasks_2025-07.txt`` (Papers with Code task
names, July 2025, from World-Snapshot/papers-with-code ``data/all_tasks.txt``, no license
stated) and ``pwc_leaderboard_{datasets,metrics}.txt`` (paperswithcode/sota-extractor,
CC-BY-SA-4.0). The lists are noisy, so this script keeps only entries that read like names
of their type; the rules are below. The files are written into ``kgraph/resources/patterns``
and copied to ``config/patterns``. Usage::

    python tools/gazetteers/build_pwc.py ../shared/names
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = REPO / "kgraph" / "resources" / "patterns"
COPY = REPO / "config" / "patterns"
# Task-list entries with these heads are techniques in kgraph's guidelines, not tasks.
TECHNIQUE_HEADS = re.compile(
    r"(learning|distillation|pruning|decoding|tuning|training|sampling|augmentation|compression|"
    r"quantization|search|optimization|attention|embedding|embeddings|models?|networks?|rag)$",
    re.IGNORECASE,
)
METRIC_WORDS = re.compile(
    r"\b(accuracy|error|f1|f-score|f-1|bleu|rouge|precision|recall|auc|map|mrr|perplexity|wer|em|hits@|"
    r"meteor|gleu|smatch|uas|las|bpc|ssim|bits)\b",
    re.IGNORECASE,
)
GENERIC = {
    "datasets",
    "metrics",
    "supervised",
    "platforms",
    "social media",
    "scholar",
    "sentiment",
    "knowledge-based",
    "experimental results",
    "smaller datasets",
    "google dataset",
    "computer chess",
    "score",
    "test",
    "dev",
    "all",
    "data",
    "average",
    "overall",
    "local",
    "joint",
    "slot",
    "request",
}


def tasks(lines: list[str]) -> list[str]:
    """Task names: 2-5 words, no parentheses or digits-only junk, not a technique, lower-cased.

    Single words ("Segmentation", "Blocking", "Nutrition") are too ambiguous in prose.
    """
    out = []
    for line in lines:
        name = line.strip()
        if (
            not name
            or re.search(r"[()/:,+_*]| - |\d| on | to [a-z]{3}$|^translation \w+-\w+$", name.lower())
            or name.lower() in GENERIC
        ):
            continue
        if re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", name):  # slug style: named-entity-recognition
            name = name.replace("-", " ")
        words = name.split()
        if not 2 <= len(words) <= 5 or TECHNIQUE_HEADS.search(name):
            continue
        out.append(name.lower())
    return sorted(set(out) - hand_listed())


def hand_listed(but: str = "TASK") -> set[str]:
    """Lower-cased names of the hand-made lists of other types than ``but``: those lists decide
    their type ("GLUE" is a benchmark there, a leaderboard dataset in Papers with Code)."""
    names = set()
    for path in HERE.glob("*.jsonl"):
        if not path.name.startswith(("pwc_", "reg_")):
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                if "pattern" in record and record["label"] != but:
                    names.add(str(record["pattern"]).lower())
    return names


def datasets(lines: list[str]) -> list[str]:
    """Dataset names: at most 3 words, no parenthesised glosses or colons."""
    out = []
    for line in lines:
        name = line.strip()
        if not name or re.search(r"[():]", name) or len(name.split()) > 3 or name.lower() in GENERIC:
            continue
        if name.startswith("Atari 2600") or re.search(r"\b(WER|BLEU|test|Recognition)\b", name):
            continue
        out.append(name)
    return sorted({name for name in out if name.lower() not in hand_listed("DATASET")})


def metrics(lines: list[str]) -> list[str]:
    """Metric names: at most 3 words that name a measure, without split prefixes (Test, Validation)."""
    out = []
    for line in lines:
        name = line.strip()
        if not name or "->" in name or re.search(r"[():]", name) or len(name.split()) > 3:
            continue
        if re.match(r"(%|Test|Validation|TEST|CHALLENGE|JOINT|SUP|ANS|Overall|Shen|Error$)\b", name):
            continue
        if re.search(r"\b(Full|Newswire)$", name) or not METRIC_WORDS.search(name):
            continue
        out.append(name)
    return sorted(set(out))


def write(path: Path, label: str, names: list[str], source: str) -> None:
    data = "".join(json.dumps({"label": label, "pattern": name, "id": source}) + "\n" for name in names)
    for folder in (path.parent, COPY):
        (folder / path.name).write_bytes(data.encode("utf-8"))


def main() -> None:
    names = Path(sys.argv[1] if len(sys.argv) > 1 else REPO.parent / "shared" / "names")
    read = lambda f: (names / f).read_text(encoding="utf-8").splitlines()  # noqa: E731
    write(HERE / "pwc_tasks.jsonl", "TASK", tasks(read("pwc_tasks_2025-07.txt")), "pwc_tasks")
    write(
        HERE / "pwc_datasets.jsonl", "DATASET", datasets(read("pwc_leaderboard_datasets.txt")), "pwc_datasets"
    )
    write(HERE / "pwc_metrics.jsonl", "METRIC", metrics(read("pwc_leaderboard_metrics.txt")), "pwc_metrics")


if __name__ == "__main__":
    main()
