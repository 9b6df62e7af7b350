"""Fixtures for a real Neo4j server, one per test session.

``KGRAPH_NEO4J_URI`` points the tests at a running server (user ``KGRAPH_NEO4J_USER``, default
``neo4j``; password ``KGRAPH_NEO4J_PASSWORD`` or ``NEO4J_PASSWORD``); its database is wiped.
Otherwise the session starts one with ``scripts/neo4j-server start`` on a free port in a
temporary home, with authentication on, and stops it at the end. When the server cannot
start, the tests that need it FAIL with the server's output: they are never skipped.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from neo4j import Driver, GraphDatabase

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_SCRIPT = REPO_ROOT / "scripts" / "neo4j-server"
TEST_PASSWORD = "kgraph-test-password"


@dataclass(frozen=True)
class Neo4jServer:
    """Where the test server listens and how to log in."""

    uri: str
    user: str
    password: str | None
    home: Path | None  # None for an external server

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_server_script(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/neo4j-server`` and return the finished process (output captured)."""
    # The script falls back on $NEO4J_PASSWORD; a test decides with --password or its absence.
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    return subprocess.run(
        [str(SERVER_SCRIPT), *args], capture_output=True, text=True, timeout=timeout, check=False, env=env
    )


def start_server(home: Path, password: str | None = TEST_PASSWORD) -> Neo4jServer:
    """Start a server in ``home`` on a free port; fail the test run if it does not come up."""
    args = ["start", "--port", str(free_port()), "--home", str(home)]
    if password:
        args += ["--password", password]
    done = run_server_script(*args)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("bolt://"):
        pytest.fail(
            f"could not start Neo4j with scripts/neo4j-server (exit {done.returncode}):\n"
            f"{done.stdout}\n{done.stderr}",
            pytrace=False,
        )
    return Neo4jServer(lines[-1], "neo4j", password, home)


def stop_server(server: Neo4jServer) -> None:
    if server.home is not None:
        done = run_server_script("stop", "--home", str(server.home))
        assert done.returncode == 0, done.stderr


def wipe(driver: Driver) -> None:
    """Delete all data, constraints and indexes (except the built-in lookup indexes)."""
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        for record in session.run("SHOW CONSTRAINTS YIELD name").data():
            session.run("DROP CONSTRAINT $name", name=record["name"]).consume()
        for record in session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'").data():
            session.run("DROP INDEX $name", name=record["name"]).consume()


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A running Neo4j 5.26 server (see the module docstring)."""
    uri = os.environ.get("KGRAPH_NEO4J_URI")
    if uri:
        password = os.environ.get("KGRAPH_NEO4J_PASSWORD") or os.environ.get("NEO4J_PASSWORD")
        yield Neo4jServer(uri, os.environ.get("KGRAPH_NEO4J_USER", "neo4j"), password, None)
        return
    server = start_server(tmp_path_factory.mktemp("neo4j-home"))
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server: Neo4jServer) -> Iterator[Driver]:
    """A driver connected to the session's server."""
    with GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        driver.verify_connectivity()
        yield driver


@pytest.fixture(scope="session")
def neo4j_corpus_graph() -> nx.DiGraph:
    """The graph built from the reference corpus (../shared/corpus), built once per session."""
    from kgraph.build import build_graph_from_inputs

    corpus = REPO_ROOT.parent / "shared" / "corpus"
    assert corpus.is_dir(), f"reference corpus missing at {corpus}"
    return build_graph_from_inputs([corpus]).graph


@pytest.fixture
def empty_neo4j(neo4j_driver: Driver) -> Driver:
    """The session's driver, on a database wiped of data, constraints and indexes."""
    wipe(neo4j_driver)
    return neo4j_driver
