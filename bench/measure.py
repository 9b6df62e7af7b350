"""Time a stage and sample its peak memory (RSS of this process and its children).

A thread samples the resident set size every 20 ms (the list of child
processes every 500 ms) while the stage runs.
``peak_mb`` is the largest total seen: what the machine had to hold at that
point of the build, including what earlier stages still keep alive.
``added_mb`` is that peak minus the RSS when the stage began: the memory the
stage itself needed. Each corpus size runs in a fresh process, so stages of
one size never inherit another size's heap. Very short spikes (< 20 ms) can
escape the sampler; ``resource.getrusage``'s high-water mark bounds the whole run.

``cpu_s`` is the CPU time (user + system) of this process and of the worker
processes that ended during the stage. On a shared machine the wall time
stretches with other people's load, CPU time much less: ``papers_per_cpu_s``
is the throughput per busy core.
"""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import psutil

MB = 1024 * 1024


def rss_mb(processes: list[psutil.Process] | None = None) -> float:
    """Resident memory of this process and its children (or of ``processes``), in MiB."""
    if processes is None:
        processes = _tree()
    total = 0
    for process in processes:
        with suppress(psutil.Error):
            total += process.memory_info().rss
    return total / MB


def _tree() -> list[psutil.Process]:
    me = psutil.Process()
    return [me, *me.children(recursive=True)]


@contextmanager
def measure(papers: int, **extra: Any) -> Iterator[dict[str, Any]]:
    """Fill the yielded dict with ``papers_per_s``, ``wall_s``, ``peak_mb`` and ``added_mb``."""
    result: dict[str, Any] = {"papers": papers, **extra}
    start_mb = rss_mb()
    peak = [start_mb]
    done = threading.Event()

    def sample() -> None:
        # Listing the children scans /proc, so the list is refreshed every 25 samples (0.5 s) only.
        count, tree = 0, _tree()
        while not done.wait(0.02):
            count += 1
            if count % 25 == 0:
                tree = _tree()
            peak[0] = max(peak[0], rss_mb(tree))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cpu_before = _cpu_s()
    started = time.perf_counter()
    try:
        yield result
    finally:
        wall = time.perf_counter() - started
        cpu = _cpu_s() - cpu_before
        done.set()
        sampler.join()
        peak[0] = max(peak[0], rss_mb())
        result.update(
            wall_s=round(wall, 3),
            papers_per_s=round(papers / wall, 1) if wall > 0 else None,
            cpu_s=round(cpu, 3),
            papers_per_cpu_s=round(papers / cpu, 1) if cpu > 0 else None,
            peak_mb=round(peak[0], 1),
            added_mb=round(peak[0] - start_mb, 1),
        )


def _cpu_s() -> float:
    """User + system CPU seconds of this process and its reaped children."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
