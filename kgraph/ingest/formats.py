"""The input formats: detecting one from a file's content, and reading its records.

Each reader yields ``(where, record)`` pairs: ``where`` is ``path:line`` (or ``path:record N``),
``record`` a mapping, a :class:`RawPaper`, or an :class:`InputError` for a bad record, yielded
rather than raised so that ``--skip-bad`` goes on with the next record.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from kgraph.errors import InputError
from kgraph.ingest.listing import ListingOrphan, scan_listing
from kgraph.ingest.records import FIELD_NAMES, RawPaper

Format = Literal["listing", "jsonl", "json", "csv"]
FORMATS: tuple[str, ...] = ("listing", "jsonl", "json", "csv")
SKIP_FIX = "Fix it, or pass --skip-bad to skip bad records and list them in a report."
#: Keys of a JSON object that holds the list of papers (``{"papers": [...]}``).
CONTAINER_KEYS = ("papers", "data", "records", "items")
_MAX_FIELD = 1_000_000  # characters; longer fields are not abstracts
csv.field_size_limit(_MAX_FIELD * 4)


def detect_format(text: str) -> Format:
    """Guess the format from a file's content.

    A file starting with ``{`` is JSON Lines when its first line is a whole paper object (or
    the line after a broken first one starts another object); a pretty-printed object or a
    ``{"papers": [...]}`` container is JSON.

    >>> detect_format('{"title": "A", "abstract": "B"}\\n'), detect_format("[{}]")
    ('jsonl', 'json')
    >>> detect_format('{\\n  "papers": [{"title": "A"}]\\n}'), detect_format('{"papers": []}')
    ('json', 'json')
    >>> detect_format("title,abstract\\nA,B\\n"), detect_format("Subscribe\\nA title\\n")
    ('csv', 'listing')
    """
    head = text.lstrip()[:4096]
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return _json_kind(text.lstrip())
    first_line = head.split("\n", 1)[0].lower()
    if "title" in first_line and any(sep in first_line for sep in (",", "\t", ";")):
        return "csv"
    return "listing"


def _json_kind(text: str) -> Format:
    lines = iter(text.splitlines())
    first = next(lines, "")
    try:
        value = json.loads(first)
    except json.JSONDecodeError:
        following = next((line.strip() for line in lines if line.strip()), "")
        return "jsonl" if following.startswith("{") else "json"
    if isinstance(value, dict) and any(isinstance(value.get(k), list) for k in CONTAINER_KEYS):
        return "json"
    return "jsonl"


def read_records(path: Path, text: str, kind: Format) -> Iterator[tuple[str, object]]:
    """The records of one file read as ``kind``."""
    if kind == "listing":
        for item in scan_listing(text.splitlines()):
            where = f"{path}:{item.line}"
            if isinstance(item, ListingOrphan):
                yield where, InputError(where, item.problem, SKIP_FIX)
            else:
                yield where, RawPaper(title=item.title, abstract=item.abstract)
    elif kind == "jsonl":
        yield from _jsonl_records(path, text)
    elif kind == "json":
        yield from _json_records(path, text)
    else:
        yield from _csv_records(path, text)


def _jsonl_records(path: Path, text: str) -> Iterator[tuple[str, object]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record: object = json.loads(line)
        except json.JSONDecodeError as error:
            record = InputError(where, f"is not valid JSON ({error.msg}, column {error.colno})", SKIP_FIX)
        yield where, record


def _json_records(path: Path, text: str) -> Iterator[tuple[str, object]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}:{error.lineno}", f"is not valid JSON ({error.msg})", "Fix the file."
        ) from None
    if isinstance(data, dict):
        data = next((data[k] for k in CONTAINER_KEYS if isinstance(data.get(k), list)), [data])
    if not isinstance(data, list):
        raise InputError(str(path), "holds no list of papers", "Give a JSON array of objects.")
    for index, record in enumerate(data):
        yield f"{path}:record {index + 1}", record


def _csv_records(path: Path, text: str) -> Iterator[tuple[str, object]]:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    has_id = any(c in columns for c in _accepted("id") + _accepted("arxiv_id"))
    for needed in ("abstract",) if has_id else ("title", "abstract"):
        if not any(c in columns for c in _accepted(needed)):
            raise InputError(
                f"{path}:1",
                f"the CSV header has no {needed} column (columns: {', '.join(columns) or 'none'})",
                f'Name the column "{needed}".',
            )
    try:
        for row in reader:
            record = {(k or "").strip().lower(): v for k, v in row.items() if k}
            yield f"{path}:{reader.line_num}", record
    except csv.Error as error:
        raise InputError(f"{path}:{reader.line_num}", f"bad CSV ({error})", SKIP_FIX) from None


def _accepted(name: str) -> tuple[str, ...]:
    return tuple(n.lower() for n in FIELD_NAMES[name])
