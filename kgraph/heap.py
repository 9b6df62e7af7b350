"""Control of Python's cyclic garbage collector during a build.

Reference counting frees what kgraph allocates; the cyclic collector is only needed for
objects in reference cycles, and a build makes none per paper (``tests/test_heap.py`` checks
it: loading the spaCy config leaves a few thousand, once). Yet each full collection walks every
live container, and a build keeps adding long-lived ones, so the collector ran again and again
over a growing heap: at 100,000 papers it cost resolve 30 s instead of 15, and graph and link
a third of their time (measured; see docs/performance.md).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block; reference counting goes on.

    Cycles made inside are freed by the first collection after the block. Nested pauses
    resume only when the outermost one ends.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
