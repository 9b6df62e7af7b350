"""Benchmark every kgraph stage on synthetic corpora of growing size, beside reference points.

Usage::

    python bench/run.py --papers 1000 10000 100000 --json bench/out/results.json \\
        [--link-papers 1000000] [--e2e 100000] [--neo4j-uri bolt://127.0.0.1:7687]

For each size, the corpus is synthesized (``synthesize.py``, cached under
``bench/out/data``) and every stage is measured in a fresh process
(``stages.py``). ``--link-papers`` times the linker alone on that many papers
(``link_scale.py``, run first); ``--e2e`` times a whole ``kgraph build --processes P``
as a subprocess, polling the RSS of its process tree.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from synthesize import write_corpus

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "out" / "data"
STAGES = ["ingest", "extract", "extract_parallel", "resolve", "graph", "link", "export_json"]
STAGES += ["export_graphml", "html", "neo4j"]


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")), "")
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return []


def child(script: str, *args: str) -> dict[str, Any]:
    """Run a bench script in a fresh Python process and parse the JSON it prints."""
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args], check=True, stdout=subprocess.PIPE, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def end_to_end(corpus: Path, processes: int) -> dict[str, Any]:
    """Time ``kgraph build`` as a user runs it, with the peak RSS of its whole process tree."""
    kgraph = Path(sys.executable).with_name("kgraph")
    out = tempfile.mkdtemp(prefix="kgraph-e2e-")
    command = [str(kgraph), "build", str(corpus), "--processes", str(processes), "--out", out]
    cpu_before = _children_cpu_s()
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _tree_rss_mb(process))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    cpu = _children_cpu_s() - cpu_before
    if process.returncode:
        raise RuntimeError(f"kgraph build failed: {process.stderr.read() if process.stderr else ''}")
    papers = sum(1 for _ in corpus.open(encoding="utf-8"))
    return {
        "papers": papers,
        "processes": processes,
        "command": " ".join(["kgraph", "build", corpus.name, "--processes", str(processes)]),
        "wall_s": round(wall, 1),
        "papers_per_s": round(papers / wall, 1),
        "cpu_s": round(cpu, 1),
        "papers_per_cpu_s": round(papers / cpu, 1),
        "peak_mb": round(peak, 1),
        "load_average": round(os.getloadavg()[0], 2),
    }


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree_rss_mb(process: psutil.Process) -> float:
    total = 0
    try:
        for member in [process, *process.children(recursive=True)]:
            total += member.memory_info().rss
    except psutil.Error:
        pass
    return total / 1024**2


def table(results: dict[str, Any]) -> str:
    """The measured figures as a Markdown table, plus the ratios to the references."""
    lines = [
        "| papers | stage | papers/s | wall s | CPU s | papers/CPU-s | peak MB |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for run in results["runs"]:
        for stage in STAGES:
            figures = run["stages"].get(stage)
            if not figures:
                continue
            if "skipped" in figures:
                lines.append(f"| {run['papers']:,} | {stage} | skipped: {figures['skipped']} | | | | |")
                continue
            name = stage
            if stage == "extract":
                name = f"extract (1 process, {figures['papers']:,} papers)"
            elif stage == "extract_parallel":
                name = f"extract ({figures['processes']} processes)"
            elif stage == "html" and figures.get("top"):
                name = f"html (top {figures['top']:,} nodes)"
            lines.append(f"| {run['papers']:,} | {name} | {_figures(figures)} |")
    if "link_scale" in results:
        scale = results["link_scale"]
        link = scale["link"]
        lines.append(f"| {scale['papers']:,} | link alone | {_figures(link)} |")
    if "e2e" in results:
        e2e = results["e2e"]
        name = f"`kgraph build --processes {e2e['processes']}` (end to end)"
        lines.append(f"| {e2e['papers']:,} | {name} | {_figures(e2e)} |")
    lines += ["", "| papers | reference | kgraph figure | ratio |", "|---:|---|---|---:|"]
    for run in results["runs"]:
        lines += [f"| {run['papers']:,} | {name} | {kg} | {ratio} |" for name, kg, ratio in ratios(run)]
    return "\n".join(lines)


def _figures(f: dict[str, Any]) -> str:
    return (
        f"{f['papers_per_s']:,.0f} | {f['wall_s']:,.1f} | {f['cpu_s']:,.1f} | {f['papers_per_cpu_s']:,.0f} "
        f"| {f['peak_mb']:,.0f}"
    )


def ratios(run: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(reference, kgraph figure, ratio) rows for one corpus size; rates per CPU-second and per second."""
    stages, ref = run["stages"], run["reference"]
    single, parallel = stages["extract"], stages["extract_parallel"]
    rows = [
        (
            f"bare spaCy tokenizer: {ref['tokenizer_papers_per_cpu_s']:,.0f} papers/CPU-s "
            f"({ref['tokenizer_papers_per_s']:,.0f}/s)",
            f"extract, 1 process: {single['papers_per_cpu_s']:,.0f} papers/CPU-s "
            f"({single['papers_per_s']:,.0f}/s)",
            f"{single['papers_per_cpu_s'] / ref['tokenizer_papers_per_cpu_s']:.0%} "
            f"({single['papers_per_s'] / ref['tokenizer_papers_per_s']:.0%} by wall time)",
        ),
        (
            f"extract, 1 process: {single['papers_per_s']:,.0f} papers/s",
            f"extract, {parallel['processes']} processes: {parallel['papers_per_s']:,.0f} papers/s"
            f" (identical output: {parallel['identical_to_1_process']})",
            f"{parallel['papers_per_s'] / single['papers_per_s']:.2f}x",
        ),
    ]
    if ref.get("sm_papers_per_s"):
        rows.append(
            (
                f"en_core_web_sm full pipeline: {ref['sm_papers_per_cpu_s']:,.1f} papers/CPU-s",
                f"extract, 1 process: {single['papers_per_cpu_s']:,.0f} papers/CPU-s",
                f"{single['papers_per_cpu_s'] / ref['sm_papers_per_cpu_s']:.0f}x faster",
            )
        )
    else:
        rows.append(("en_core_web_sm full pipeline", ref.get("sm_note", "not installed"), "n/a"))
    link = stages["link"]
    if ref.get("all_pairs_link_wall_s"):
        rows.append(
            (
                f"all-pairs linker: {ref['all_pairs_link_cpu_s']:,.1f} CPU-s",
                f"link: {link['cpu_s']:,.1f} CPU-s (identical links: {ref['all_pairs_link_identical']})",
                f"{ref['all_pairs_link_cpu_s'] / link['cpu_s']:.1f}x faster",
            )
        )
    else:
        rows.append(("all-pairs linker", f"link: {link['cpu_s']:,.1f} CPU-s", "skipped (quadratic)"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--neo4j-uri", help="also time loading each graph into this Neo4j server")
    parser.add_argument("--processes", type=int, default=2, help="extraction processes")
    parser.add_argument("--single-sample", type=int, default=10_000, help="papers for 1-process extraction")
    parser.add_argument("--link-papers", type=int, help="also time the linker alone on this many papers")
    parser.add_argument("--e2e", type=int, help="also time `kgraph build` end to end on this many papers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--append", action="store_true", help="add to (or replace) the runs already in --json"
    )
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine(), "runs": []}
    if args.append and args.json and args.json.is_file():
        results = json.loads(args.json.read_text())
    if args.link_papers:
        options = ["--papers", str(args.link_papers), "--seed", str(args.seed)]
        results["link_scale"] = child("link_scale.py", *options)
        _save(results, args.json)
    for n in args.papers:
        corpus = write_corpus(n, DATA / f"papers-{n}-seed{args.seed}.jsonl", seed=args.seed)
        options = ["--papers", str(n), "--processes", str(args.processes)]
        options += ["--single-sample", str(args.single_sample)]
        if args.neo4j_uri:
            options += ["--neo4j-uri", args.neo4j_uri]
        run = child("stages.py", str(corpus), *options)
        results["runs"] = sorted(
            [r for r in results["runs"] if r["papers"] != n] + [run], key=lambda r: r["papers"]
        )
        _save(results, args.json)
    if args.e2e:
        corpus = write_corpus(args.e2e, DATA / f"papers-{args.e2e}-seed{args.seed}.jsonl", seed=args.seed)
        results["e2e"] = end_to_end(corpus, args.processes)
        _save(results, args.json)
    print(table(results))
    return 0


def _save(results: dict[str, Any], path: Path | None) -> None:
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
