"""Connect to Neo4j and say in one line what went wrong: unreachable, refused, or a bad URI.

The loader (:mod:`kgraph.export.neo4j_writer`) receives a driver; :func:`connect` makes one
for the command line and checks the connection and the credentials first.
"""

from __future__ import annotations

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from kgraph.errors import ExportError

__all__ = ["BOLT_SCHEMES", "Neo4jAuthError", "Neo4jUnavailableError", "connect", "translate_error"]

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jUnavailableError(ExportError):
    """The Neo4j server cannot be reached (not running, wrong host or port)."""

    exit_code = 3


class Neo4jAuthError(ExportError):
    """The server rejected the user name or password."""

    exit_code = 4


def _describe(error: Exception) -> str:
    if isinstance(error, Neo4jError):
        return f"{error.code}: {error.message}"
    return f"{type(error).__name__}: {error}"


def translate_error(error: Exception, uri: str | None, user: str | None) -> ExportError:
    """An :class:`ExportError` that says what went wrong and what to do."""
    where = f"Neo4j at {uri}" if uri else "Neo4j"
    if isinstance(error, AuthError):
        who = f"user {user!r}" if user else "a connection without credentials"
        return Neo4jAuthError(
            f"{where} rejected {who} ({error.message}). Check --user and pass the "
            "password with --password or the NEO4J_PASSWORD environment variable."
        )
    if isinstance(error, ServiceUnavailable | SessionExpired):
        return Neo4jUnavailableError(
            f"cannot reach {where} ({error}). Is the server running and is the URI "
            "right? A local one starts with: scripts/neo4j-server start"
        )
    if isinstance(error, ConfigurationError | ValueError):
        return ExportError(f"bad Neo4j URI {uri!r} ({error}); use e.g. bolt://127.0.0.1:7687.")
    return ExportError(
        f"{where} refused the load: {_describe(error)}. Whatever was written before stays; "
        "fix the cause and re-run (loading is idempotent)."
    )


def connect(uri: str, *, user: str = "neo4j", password: str | None = None) -> Driver:
    """A driver for ``uri`` whose connection and credentials were checked.

    Without a password no credentials are sent (for servers with authentication off).

    Raises:
        Neo4jUnavailableError: nothing answers at ``uri``.
        Neo4jAuthError: the server rejects the user or password.
        ExportError: the URI is malformed.
    """
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise ExportError(
            f"bad Neo4j URI {uri!r}: the scheme must be one of {', '.join(BOLT_SCHEMES)}, "
            "e.g. bolt://127.0.0.1:7687."
        )
    auth = (user, password) if password else None
    try:
        driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=10)
    except (ConfigurationError, ValueError) as error:
        raise translate_error(error, uri, user) from None
    try:
        driver.verify_connectivity()
    except (Neo4jError, DriverError, OSError, ValueError) as error:  # ValueError: unresolvable address
        driver.close()
        raise translate_error(error, uri, user if password else None) from None
    return driver
