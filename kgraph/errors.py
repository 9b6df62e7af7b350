"""Exceptions raised by kgraph.

Every message says what failed, where, and what to do about it::

    KgraphError
    ├── InputError      a paper file cannot be read or parsed
    ├── ConfigError     a config file or override is wrong
    ├── PipelineError   the spaCy pipeline cannot be built or run
    └── ExportError     an output cannot be written (files, Neo4j, HTML)
"""

from __future__ import annotations

__all__ = ["ConfigError", "ExportError", "InputError", "KgraphError", "PipelineError"]


class KgraphError(Exception):
    """Base class of every error kgraph raises on purpose."""


class InputError(KgraphError):
    """An input file is missing, unreadable, or has a bad record.

    ``where`` is ``path`` or ``path:line``; the message ends with the fix.
    """

    def __init__(self, where: str, problem: str, fix: str) -> None:
        self.where, self.problem, self.fix = where, problem, fix
        super().__init__(f"{where}: {problem}. {fix}")


class ConfigError(KgraphError):
    """A config file, section, key or override is wrong."""


class PipelineError(KgraphError):
    """The extraction pipeline cannot be built or fails on a paper."""


class ExportError(KgraphError):
    """An export target (file, Neo4j, HTML) cannot be written."""
