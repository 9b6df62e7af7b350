"""Files for ``neo4j-admin database import full``: the bulk path for big graphs.

:func:`write_neo4j_csv` writes, into one folder:

* ``nodes_<Label>.header.csv`` + ``nodes_<Label>.csv`` per label, keyed by ``key:ID(<Label>)``
  (one ID space per label, so equal keys of different kinds never clash);
* ``rels_<TYPE>_<Source>_<Target>.header.csv`` + ``.csv`` per relationship group;
* ``import.args``: the file arguments and CSV options, as a picocli argument file
  (``neo4j-admin database import full neo4j @import.args``, run inside the folder);
* ``constraints.cypher``: the constraints and full-text index to run once the server is up.

The properties are those of the Bolt loader (:mod:`kgraph.export.neo4j_rows`), so both paths
give the same database. Strings are always quoted (``""`` inside), missing values are empty
unquoted fields (no property), and list elements are joined with U+001F, a control character
that no text is expected to contain (one that does is an error, never silently split).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kgraph.errors import ExportError
from kgraph.export.atomic import atomic_write
from kgraph.export.neo4j_cypher import KEY, schema_queries
from kgraph.export.neo4j_rows import node_rows, relationship_rows

__all__ = ["ARRAY_DELIMITER", "column_types", "csv_field", "write_neo4j_csv"]

ARRAY_DELIMITER = "\x1f"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SCALAR_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _value_type(value: Any) -> str:
    if isinstance(value, list):
        element_types = {_value_type(v) for v in value}
        if not element_types:
            return "[]"
        return f"{element_types.pop()}[]"  # rows hold homogeneous lists only
    return _SCALAR_TYPES[type(value)]


def column_types(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    """The import type of each property over all rows, by name.

    Longs mixed with doubles become doubles; an all-empty list column is ``string[]``.

    >>> column_types([{"a": 1, "b": []}, {"a": 2.5, "b": ["x"]}, {"c": True}])
    {'a': 'double', 'b': 'string[]', 'c': 'boolean'}
    """
    seen: dict[str, set[str]] = {}
    for props in rows:
        for name, value in props.items():
            seen.setdefault(name, set()).add(_value_type(value))
    types = {}
    for name in sorted(seen):
        kinds = seen[name]
        if len(kinds) > 1 and "[]" in kinds:
            kinds.discard("[]")
        if kinds == {"long", "double"}:
            kinds = {"double"}
        elif kinds == {"long[]", "double[]"}:
            kinds = {"double[]"}
        if len(kinds) != 1:
            raise ExportError(
                f"property {name!r} has mixed types {sorted(kinds)}; Neo4j import needs one type "
                "per column. Make the attribute consistent in the graph."
            )
        kind = kinds.pop()
        types[name] = "string[]" if kind == "[]" else kind
    return types


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def csv_field(value: Any, where: str) -> str:
    """One CSV field: strings and lists quoted, numbers bare, ``None`` empty.

    >>> print(csv_field('a "b" c', "x"), csv_field(2.5, "x"), csv_field(None, "x") == "")
    "a ""b"" c" 2.5 True
    >>> csv_field(["a", "b"], "x") == '"a' + ARRAY_DELIMITER + 'b"'
    True
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _quote(value)
    parts = [v if isinstance(v, str) else csv_field(v, where) for v in value]
    if any(ARRAY_DELIMITER in part for part in parts):
        raise ExportError(f"{where}: a list element contains U+001F, the array delimiter.")
    return _quote(ARRAY_DELIMITER.join(parts))


def _check_name(name: str, where: str) -> str:
    if not _NAME.match(name):
        raise ExportError(
            f"{where}: property name {name!r} cannot be a CSV header for neo4j-admin import; "
            "use letters, digits and underscores."
        )
    return name


def _write_table(
    folder: Path,
    stem: str,
    id_columns: list[str],
    id_values: list[list[str]],
    props: list[dict[str, Any]],
) -> list[Path]:
    """Header and data file; a ``key:ID(...)`` column also stores the ``key`` property."""
    types = column_types(props)
    names = [n for n in types if not (n == KEY and id_columns[0].startswith(f"{KEY}:"))]
    header = id_columns + [f"{_check_name(n, stem)}:{types[n]}" for n in names]
    header_path, data_path = folder / f"{stem}.header.csv", folder / f"{stem}.csv"
    with atomic_write(header_path) as stream:
        stream.write(",".join(header) + "\n")
    with atomic_write(data_path) as stream:
        for ids, row in zip(id_values, props, strict=True):
            fields = [_quote(i) for i in ids] + [csv_field(row.get(n), f"{stem} {ids}") for n in names]
            stream.write(",".join(fields) + "\n")
    return [header_path, data_path]


def write_neo4j_csv(graph: nx.DiGraph, folder: str | Path) -> list[Path]:
    """Write the bulk-import files of ``graph`` into ``folder`` (created if needed).

    Import them into a stopped server's home with ``scripts/neo4j-server import FOLDER``,
    start the server, then run ``constraints.cypher``.

    Returns:
        The paths written, sorted.

    Raises:
        ExportError: the graph breaks the schema or a value cannot be written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in (*folder.glob("nodes_*.csv"), *folder.glob("rels_*.csv")):
        old.unlink()  # a re-export must not import stale groups
    written: list[Path] = []
    args = ["--array-delimiter=U+001F", "--multiline-fields=true", "--bad-tolerance=0"]
    for label, nodes in node_rows(graph).items():
        stem = f"nodes_{label}"
        written += _write_table(
            folder, stem, [f"{KEY}:ID({label})"], [[n.key] for n in nodes], [n.props for n in nodes]
        )
        args.append(f"--nodes={label}={stem}.header.csv,{stem}.csv")
    for group, rels in relationship_rows(graph).items():
        stem = f"rels_{group.type}_{group.source_label}_{group.target_label}"
        ids = [f":START_ID({group.source_label})", f":END_ID({group.target_label})"]
        written += _write_table(
            folder, stem, ids, [[r.source, r.target] for r in rels], [r.props for r in rels]
        )
        args.append(f"--relationships={group.type}={stem}.header.csv,{stem}.csv")
    for name, text in (
        ("import.args", "\n".join(args) + "\n"),
        ("constraints.cypher", ";\n".join(schema_queries()) + ";\n"),
    ):
        with atomic_write(folder / name) as stream:
            stream.write(text)
        written.append(folder / name)
    return sorted(written)
