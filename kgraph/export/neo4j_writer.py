"""Load a kgraph graph into Neo4j over Bolt: batched, idempotent, retrying transient errors.

:func:`write_neo4j` receives a driver and never creates one; :func:`connect` and
:func:`export_neo4j` are the conveniences the command line uses. The load:

1. creates the uniqueness constraints and the full-text index (:func:`ensure_schema`) before
   any write and waits for them to come online;
2. upserts every node, then every relationship, ``batch_size`` rows per ``UNWIND $rows ...
   MERGE`` statement on the constrained ``key``; ``workers`` sessions write batches side by
   side (the server runs each transaction on one thread), and the relationships start only
   once every node is written. Into a database with no kgraph node yet, batches ``CREATE``
   instead: nothing can exist to merge with, and it skips a lookup per row (the corpus graph
   loads about 1.8x faster);
3. retries a batch whose error the driver marks retryable (deadlocks, leader switches, a lost
   connection) with exponential back-off, always with the ``MERGE`` statement: re-running a
   batch is harmless, even one whose commit went through before the connection was lost.

Loading the same graph twice leaves the same nodes, relationships and properties; loading a
graph built from more papers adds the new ones and updates the rest.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar, cast

import networkx as nx
from neo4j import WRITE_ACCESS, Driver, Session, SummaryCounters
from neo4j.exceptions import (
    DriverError,
    Neo4jError,
)

from kgraph.errors import ExportError
from kgraph.export import neo4j_cypher as cypher
from kgraph.export.neo4j_connect import (
    Neo4jAuthError,
    Neo4jUnavailableError,
    connect,
    translate_error,
)
from kgraph.export.neo4j_prune import PruneSummary, prune_neo4j
from kgraph.export.neo4j_rows import (
    RelGroup,
    node_plan,
    node_props,
    relationship_plan,
    relationship_props,
)

__all__ = [
    "LoadSummary",
    "Neo4jAuthError",
    "Neo4jUnavailableError",
    "RetryPolicy",
    "connect",
    "ensure_schema",
    "export_neo4j",
    "run_with_retries",
    "text_progress",
    "write_neo4j",
]

T = TypeVar("T")
Progress = Callable[[str, int, int], None]  # (what is being written, rows done, rows total)
DEFAULT_BATCH_SIZE = 5000
DEFAULT_WORKERS = 3
_SIDE_BY_SIDE_ATTEMPTS = 2  # then a retried batch runs alone (see _write_batch)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently a batch is retried after a retryable error."""

    attempts: int = 5
    first_delay: float = 0.5
    factor: float = 2.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)


@dataclass(frozen=True, slots=True)
class LoadSummary:
    """What a load wrote: rows sent, and how many nodes and relationships were new."""

    nodes: int
    relationships: int
    nodes_created: int
    relationships_created: int
    seconds: float
    retries: int
    nodes_deleted: int = 0
    relationships_deleted: int = 0

    @property
    def rate(self) -> float:
        """Nodes plus relationships written per second."""
        return (self.nodes + self.relationships) / self.seconds if self.seconds else 0.0

    def describe(self, target: str) -> str:
        """One line for the command line."""
        pruned = (
            f"; removed {self.nodes_deleted} nodes and {self.relationships_deleted} relationships "
            "no longer in the graph"
            if self.nodes_deleted or self.relationships_deleted
            else ""
        )
        return (
            f"loaded {self.nodes} nodes ({self.nodes_created} new) and {self.relationships} "
            f"relationships ({self.relationships_created} new) into {target} in "
            f"{self.seconds:.1f} s ({self.rate:,.0f}/s){pruned}"
        )


def run_with_retries(work: Callable[[], T], policy: RetryPolicy, on_retry: Callable[[], None]) -> T:
    """Run ``work``; retry it while it fails with an error the driver calls retryable.

    Errors that are not retryable, and the last retryable one, are raised unchanged.
    """
    delay = policy.first_delay
    for attempt in range(1, policy.attempts + 1):
        try:
            return work()
        except (Neo4jError, DriverError) as error:
            if not error.is_retryable() or attempt == policy.attempts:
                raise
            on_retry()
            policy.sleep(delay)
            delay *= policy.factor
    raise AssertionError("unreachable")  # pragma: no cover


def _run(session: Session, query: str, **parameters: Any) -> Any:
    return session.run(query, parameters).consume()


def ensure_schema(driver: Driver, *, database: str | None = None) -> None:
    """Create the constraints and the full-text index if missing, and wait until online.

    One query reads what exists; on a database that already has the whole schema online
    (every re-load) nothing else is sent.
    """
    with driver.session(database=database) as session:
        online = {
            record["name"]
            for record in session.run("SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name")
        }
        missing = [query for name, query in cypher.schema_statements().items() if name not in online]
        for query in missing:
            _run(session, query)
        if missing:
            _run(session, "CALL db.awaitIndexes(300)")


Batch = tuple[str, str, str, list[dict[str, Any]]]  # (what is written, query, retry query, rows)


@dataclass(frozen=True, slots=True)
class _Plan:
    nodes: int
    relationships: int
    node_batches: Iterator[Batch]
    relationship_batches: Iterator[Batch]


def _batches(
    graph: nx.DiGraph,
    nodes: dict[str, list[tuple[str, str]]],
    relationships: dict[RelGroup, list[tuple[str, str, str, str]]],
    batch_size: int,
    *,
    fresh: bool,
) -> _Plan:
    """Node and relationship counts, and their batches, converted lazily from the plans.

    With ``fresh`` (no kgraph node in the database), the first attempt of each batch creates.
    """

    def node_batches() -> Iterator[Batch]:
        for label, plan in nodes.items():
            merge = cypher.merge_nodes_query(label)
            query = cypher.create_nodes_query(label) if fresh else merge
            for start in range(0, len(plan), batch_size):
                chunk = plan[start : start + batch_size]
                rows = [{"key": k, "props": node_props(graph, n)} for k, n in chunk]
                yield f"{label} nodes", query, merge, rows

    def relationship_batches() -> Iterator[Batch]:
        for group, rel_plan in relationships.items():
            ends = (group.type, group.source_label, group.target_label)
            merge = cypher.merge_relationships_query(*ends)
            query = cypher.create_relationships_query(*ends) if fresh else merge
            what = f"{group.type} ({group.source_label}->{group.target_label})"
            for start in range(0, len(rel_plan), batch_size):
                rows = [
                    {"source": sk, "target": tk, "props": relationship_props(graph, s, t)}
                    for sk, tk, s, t in rel_plan[start : start + batch_size]
                ]
                yield what, query, merge, rows

    return _Plan(
        nodes=sum(map(len, nodes.values())),
        relationships=sum(map(len, relationships.values())),
        node_batches=node_batches(),
        relationship_batches=relationship_batches(),
    )


def prefetch(items: Iterator[T], depth: int = 2) -> Generator[T, None, None]:
    """Yield ``items`` computed by a background thread up to ``depth`` ahead.

    The thread converts the next batches while the server writes the current one (the driver
    waits on the socket without holding the GIL). Its exceptions are raised here, in order.
    """
    slots: queue.Queue[tuple[bool, T | BaseException | None]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple[bool, T | BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                slots.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
            put((False, None))
        except BaseException as error:  # handed to the consumer, which raises it
            put((False, error))

    thread = threading.Thread(target=produce, name="kgraph-neo4j-rows", daemon=True)
    thread.start()
    try:
        while True:
            more, value = slots.get()
            if isinstance(value, BaseException):
                raise value
            if not more:
                return
            yield cast(T, value)
    finally:
        stop.set()
        thread.join()


def write_neo4j(
    graph: nx.DiGraph,
    driver: Driver,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    retry: RetryPolicy = RetryPolicy(),
    prune: bool = False,
) -> LoadSummary:
    """Upsert every node and relationship of ``graph`` (see :mod:`kgraph.schema`).

    ``workers`` sessions write batches concurrently: nodes first, then relationships. Two
    node batches never hold the same key; a relationship batch that deadlocks with another on
    a shared node is retried like any transient error, and alone if it fails twice
    (see :class:`_Turns`).

    With ``prune``, then delete the kgraph nodes and relationships the graph no longer has
    (:func:`kgraph.export.neo4j_prune.prune_neo4j`), so the database mirrors ``graph``.
    ``seconds`` in the summary covers everything: converting the graph, the schema, the
    batches and the prune.

    Raises:
        ExportError: the graph breaks the schema, or Neo4j refuses a batch (after retries for
            transient errors); what was written before stays, and re-running is safe.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    started = time.perf_counter()
    nodes, relationships = node_plan(graph), relationship_plan(graph)  # check the whole graph first
    try:
        ensure_schema(driver, database=database)
        fresh = not driver.execute_query(cypher.any_node_query(), database_=database).records
    except (Neo4jError, DriverError, OSError) as error:
        raise translate_error(error, None, None) from None
    plan = _batches(graph, nodes, relationships, batch_size, fresh=fresh)
    tally = _Tally(plan.nodes + plan.relationships, progress)
    for batches in (plan.node_batches, plan.relationship_batches):  # relationships MATCH the nodes
        _write_concurrently(batches, driver, database, workers, retry, tally)
    pruned = _prune(graph, driver, database, batch_size) if prune else None
    return LoadSummary(
        nodes=plan.nodes,
        relationships=plan.relationships,
        nodes_created=tally.nodes_created,
        relationships_created=tally.relationships_created,
        seconds=time.perf_counter() - started,
        retries=tally.retries,
        nodes_deleted=pruned.nodes_deleted if pruned else 0,
        relationships_deleted=pruned.relationships_deleted if pruned else 0,
    )


class _Turns:
    """Batches run side by side, except a batch that keeps failing, which runs alone.

    Two relationship batches that lock the same nodes in opposite orders deadlock, and the
    server aborts one of them. Retried while no other batch runs, it cannot deadlock again.
    A batch waiting to run alone keeps new batches from starting, so it is never starved.
    """

    def __init__(self) -> None:
        self._change = threading.Condition()
        self._running = 0
        self._alone = False
        self._waiting_alone = 0

    @contextmanager
    def side_by_side(self) -> Iterator[None]:
        with self._change:
            self._change.wait_for(lambda: not self._alone and not self._waiting_alone)
            self._running += 1
        try:
            yield
        finally:
            with self._change:
                self._running -= 1
                self._change.notify_all()

    @contextmanager
    def alone(self) -> Iterator[None]:
        with self._change:
            self._waiting_alone += 1
            self._change.wait_for(lambda: not self._alone and not self._running)
            self._waiting_alone -= 1
            self._alone = True
        try:
            yield
        finally:
            with self._change:
                self._alone = False
                self._change.notify_all()


class _Tally:
    """Rows written, what they created and the retries, counted across sessions (thread-safe)."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.progress = total, progress
        self.done = self.nodes_created = self.relationships_created = self.retries = 0
        self._lock = threading.Lock()

    def add(self, what: str, rows: int, counters: SummaryCounters) -> None:
        with self._lock:
            self.done += rows
            self.nodes_created += counters.nodes_created
            self.relationships_created += counters.relationships_created
            if self.progress:
                self.progress(what, self.done, self.total)

    def count_retry(self) -> None:
        with self._lock:
            self.retries += 1


def _write_concurrently(
    batches: Iterator[Batch],
    driver: Driver,
    database: str | None,
    workers: int,
    retry: RetryPolicy,
    tally: _Tally,
) -> None:
    """Write ``batches`` over ``workers`` sessions; the first failure stops every session.

    The batches are converted by :func:`prefetch`'s thread while the sessions wait on the
    server; each session takes the next batch when it is done with its last one.
    """
    source = prefetch(batches, depth=workers + 1)
    turns = _Turns()
    take = threading.Lock()
    stop = threading.Event()
    failures: list[BaseException] = []

    def lane() -> None:
        with driver.session(database=database, default_access_mode=WRITE_ACCESS) as session:
            while not stop.is_set():
                with take:
                    item = next(source, None)
                if item is None:
                    return
                what, query, retry_query, rows = item
                try:
                    counters = _write_batch(
                        session, turns, query, rows, retry, tally.count_retry, retry_query=retry_query
                    )
                except (Neo4jError, DriverError, OSError) as error:
                    raise _interrupted(error, what, tally.done, tally.total) from None
                tally.add(what, len(rows), counters)

    def guarded() -> None:
        try:
            lane()
        except BaseException as error:  # kept for the caller, which raises the first one
            stop.set()
            with take:
                failures.append(error)

    threads = [threading.Thread(target=guarded, name=f"kgraph-neo4j-{i}") for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with take:
        source.close()  # stops the converting thread when a failure left batches unread
    if failures:
        raise failures[0]


def _interrupted(error: Exception, what: str, done: int, total: int) -> ExportError:
    """The error for a load that stopped after ``done`` of ``total`` rows."""
    failed = translate_error(error, None, None)
    where = f"while writing {what}, after {done} of {total} rows"
    if isinstance(failed, Neo4jUnavailableError):
        return Neo4jUnavailableError(
            f"lost the connection to Neo4j {where} ({error}). The rows written so far are "
            "committed and nothing is duplicated; once the server is back, re-run the same "
            "command: the load is idempotent and finishes the graph."
        )
    return type(failed)(f"{failed} ({where})")


def _prune(graph: nx.DiGraph, driver: Driver, database: str | None, batch_size: int) -> PruneSummary:
    try:
        return prune_neo4j(graph, driver, database=database, batch_size=batch_size)
    except (Neo4jError, DriverError, OSError) as error:
        failed = translate_error(error, None, None)
        raise type(failed)(
            f"{failed} (while removing what the graph no longer has; the load itself is complete, "
            "re-run to finish the removal)"
        ) from None


def _write_batch(
    session: Session,
    turns: _Turns,
    query: str,
    rows: list[dict[str, Any]],
    retry: RetryPolicy,
    on_retry: Callable[[], None],
    *,
    retry_query: str | None = None,
) -> SummaryCounters:
    """Run one batch beside the others; retry it beside them once, then alone.

    A deadlock usually clears on its own when retried, and batches retried side by side keep
    the load fast; from the third attempt on, the batch runs alone, where it cannot deadlock.
    Retries run ``retry_query`` when given: the ``MERGE`` form of a ``CREATE`` batch, since
    a lost connection may hide a commit that went through.
    """
    attempts = 0

    def attempt() -> SummaryCounters:
        nonlocal attempts
        attempts += 1
        text = query if attempts == 1 else retry_query or query
        with turns.side_by_side() if attempts <= _SIDE_BY_SIDE_ATTEMPTS else turns.alone():
            return _counters(session, text, rows)

    return run_with_retries(attempt, retry, on_retry)


def _counters(session: Session, query: str, rows: list[dict[str, Any]]) -> SummaryCounters:
    counters: SummaryCounters = session.run(query, {"rows": rows}).consume().counters
    return counters


def export_neo4j(
    graph: nx.DiGraph,
    uri: str,
    *,
    user: str = "neo4j",
    password: str | None = None,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    prune: bool = False,
) -> LoadSummary:
    """Connect to ``uri``, load ``graph`` with :func:`write_neo4j` and close the connection."""
    with connect(uri, user=user, password=password) as driver:
        return write_neo4j(
            graph,
            driver,
            database=database,
            batch_size=batch_size,
            workers=workers,
            progress=progress,
            prune=prune,
        )


def text_progress(stream: TextIO = sys.stderr, *, every: float = 1.0) -> Progress:
    """A progress callback printing ``what: done/total rows`` at most once per ``every`` s."""
    last = [0.0]

    def report(what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= every:
            last[0] = now
            print(f"neo4j: {what}: {done}/{total} rows", file=stream, flush=True)

    return report
