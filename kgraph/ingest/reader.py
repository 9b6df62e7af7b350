"""Read paper files of any supported format into deduplicated Papers.

This is the only module that opens input files. Formats: Hugging Face listing
dumps (``listing``), JSON Lines (``jsonl``), JSON arrays (``json``) and CSV/TSV
(``csv``), each optionally gzip-compressed; directories and glob patterns expand
to the files they hold, in sorted order.
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from kgraph.errors import InputError
from kgraph.ingest.clean import clean_text
from kgraph.ingest.ids import arxiv_id_of, normalize_title, title_id
from kgraph.ingest.listing import parse_listing
from kgraph.ingest.records import FIELD_NAMES, RawPaper, RecordError, raw_paper_from_record
from kgraph.models import Paper

Format = Literal["listing", "jsonl", "json", "csv"]
OnError = Literal["raise", "skip"]
FORMATS: tuple[str, ...] = ("listing", "jsonl", "json", "csv")
_SKIP_FIX = "Fix it, or pass --skip-bad to skip bad records and list them in a report."
_MAX_FIELD = 1_000_000  # characters; longer fields are not abstracts
csv.field_size_limit(_MAX_FIELD * 4)


@dataclass(slots=True)
class Skipped:
    """One input record or file that was skipped, and why."""

    where: str
    problem: str


@dataclass(slots=True)
class IngestReport:
    """Counts of what ingest read, merged and skipped."""

    files: int = 0
    records: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Expand files, directories and glob patterns into a sorted list of files.

    Raises:
        InputError: for a path or pattern that matches nothing.
    """
    files: list[Path] = []
    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        elif path.is_file():
            files.append(path)
        elif any(ch in text for ch in "*?["):
            matched = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not matched:
                raise InputError(text, "the pattern matches no file", "Check the pattern and quote it.")
            files.extend(matched)
        else:
            raise InputError(text, "no such file or directory", "Check the path.")
    unique = dict.fromkeys(files)
    return list(unique)


def read_papers(
    inputs: Iterable[str | Path],
    *,
    fmt: Format | None = None,
    on_error: OnError = "raise",
    report: IngestReport | None = None,
) -> list[Paper]:
    """Read every paper of the inputs once, merging duplicates across files.

    Duplicates share an arXiv id or a normalized title; the merged paper keeps
    the first record's content and every source. Its id is the first given id
    (``id`` field, else arXiv id), else the SHA-1 of the normalized title.

    Args:
        inputs: files, directories or glob patterns.
        fmt: force a format instead of detecting it from the content.
        on_error: ``"raise"`` stops at the first bad record with an
            :class:`InputError`; ``"skip"`` records it in ``report.skipped``.
        report: filled with counts and skipped records when given.

    Example::

        papers = read_papers(["../shared/gold/dev_input.jsonl"])
    """
    report = report if report is not None else IngestReport()
    merged: dict[str, Paper] = {}
    by_key: dict[str, str] = {}  # dedupe key -> first paper's dedupe key
    for path in expand_inputs(inputs):
        report.files += 1
        try:
            for where, raw in _read_file(path, fmt, on_error, report):
                report.records += 1
                _merge(merged, by_key, _to_paper(raw, where), report, on_error)
        except InputError as error:
            if on_error == "raise":
                raise
            report.skipped.append(Skipped(error.where, error.problem))
    return list(merged.values())


def _merge(
    merged: dict[str, Paper],
    by_key: dict[str, str],
    paper: Paper,
    report: IngestReport,
    on_error: OnError,
) -> None:
    keys = [f"title:{normalize_title(paper.title)}"]
    if paper.arxiv_id:
        keys.append(f"arxiv:{paper.arxiv_id}")
    keys.append(f"id:{paper.id}")
    first = next((by_key[k] for k in keys if k in by_key), None)
    if first is None:
        merged[keys[0]] = paper
        for key in keys:
            by_key[key] = keys[0]
        return
    kept = merged[first]
    same_title = normalize_title(kept.title) == normalize_title(paper.title)
    if not same_title and not (paper.arxiv_id and paper.arxiv_id == kept.arxiv_id):
        problem = (
            f'id "{paper.id}" is used again for a different paper ("{paper.title[:60]}" vs '
            f'"{kept.title[:60]}", first at {kept.sources[0]})'
        )
        error = InputError(paper.sources[0], problem, "Give each paper its own id. " + _SKIP_FIX)
        if on_error == "raise":
            raise error
        report.skipped.append(Skipped(error.where, error.problem))
        return
    report.duplicates += 1
    merged[first] = _with_sources(kept, paper.sources)
    for key in keys:
        by_key.setdefault(key, first)


def _with_sources(paper: Paper, sources: tuple[str, ...]) -> Paper:
    return replace(paper, sources=tuple(dict.fromkeys(paper.sources + sources)))


def _to_paper(raw: RawPaper, where: str) -> Paper:
    title, abstract = clean_text(raw.title), clean_text(raw.abstract)
    if not title or not abstract:
        empty = "title" if not title else "abstract"
        raise InputError(where, f"the {empty} is empty after removing markup", _SKIP_FIX)
    arxiv_id = arxiv_id_of(raw.arxiv_id, raw.id, raw.url)
    paper_id = raw.id or arxiv_id or title_id(title)
    return Paper(
        id=paper_id,
        title=title,
        abstract=abstract,
        url=raw.url,
        arxiv_id=arxiv_id,
        date=raw.date,
        authors=raw.authors,
        categories=raw.categories,
        sources=(where,),
    )


def _read_file(
    path: Path, fmt: Format | None, on_error: OnError, report: IngestReport
) -> Iterator[tuple[str, RawPaper]]:
    text = _decode(path)
    if not text.strip():
        raise InputError(str(path), "the file is empty", "Remove it from the inputs. " + _SKIP_FIX)
    kind = fmt or detect_format(text)
    if kind not in FORMATS:
        raise InputError(str(path), f'unknown format "{kind}"', f"Use one of: {', '.join(FORMATS)}.")
    found = 0
    for where, record in _records(path, text, kind):
        try:
            if isinstance(record, InputError):
                raise record
            raw = record if isinstance(record, RawPaper) else raw_paper_from_record(record)  # type: ignore[arg-type]
            _check_size(raw)
        except RecordError as error:
            if on_error == "raise":
                raise InputError(where, str(error), _SKIP_FIX) from None
            report.skipped.append(Skipped(where, str(error)))
            continue
        except InputError as error:
            if on_error == "raise":
                raise
            report.skipped.append(Skipped(error.where, error.problem))
            continue
        found += 1
        yield where, raw
    if found == 0 and not any(s.where.startswith(f"{path}:") for s in report.skipped):
        hint = "Pass --format to choose the format" if fmt is None else "Check --format"
        raise InputError(str(path), f"no paper found (read as {kind})", f"{hint}. {_SKIP_FIX}")


def _check_size(raw: RawPaper) -> None:
    if len(raw.abstract) > _MAX_FIELD:
        raise RecordError(f"the abstract has {len(raw.abstract):,} characters (limit {_MAX_FIELD:,})")


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot be read ({error.strerror})", "Check its permissions.") from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise InputError(str(path), f"is a damaged gzip file ({error})", "Re-create it.") from None
    if b"\x00" in data[:8192]:
        raise InputError(
            str(path),
            "looks binary (it holds NUL bytes)",
            "Pass text files: JSONL, JSON, CSV or listing text.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}",
            f"is not UTF-8 (byte 0x{data[error.start]:02x})",
            "Convert it, e.g. iconv -f latin1 -t utf-8 IN > OUT.",
        ) from None


def detect_format(text: str) -> Format:
    """Guess the format from the first non-blank characters of a file.

    >>> detect_format('{"title": "A", "abstract": "B"}\\n'), detect_format("[{}]")
    ('jsonl', 'json')
    >>> detect_format("title,abstract\\nA,B\\n"), detect_format("Subscribe\\nA title\\n")
    ('csv', 'listing')
    """
    head = text.lstrip()[:4096]
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return "jsonl"
    first_line = head.split("\n", 1)[0].lower()
    if "title" in first_line and any(sep in first_line for sep in (",", "\t", ";")):
        return "csv"
    return "listing"


def _records(path: Path, text: str, kind: Format) -> Iterator[tuple[str, object]]:
    if kind == "listing":
        for entry in parse_listing(text.splitlines()):
            yield f"{path}:{entry.line}", RawPaper(title=entry.title, abstract=entry.abstract)
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
            # Yielded, not raised: with --skip-bad the next lines are still read.
            record = InputError(where, f"is not valid JSON ({error.msg}, column {error.colno})", _SKIP_FIX)
        yield where, record


def _json_records(path: Path, text: str) -> Iterator[tuple[str, object]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}:{error.lineno}", f"is not valid JSON ({error.msg})", "Fix the file."
        ) from None
    if isinstance(data, dict):
        data = data.get("papers", [data])
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
    for needed in ("title", "abstract"):
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
        raise InputError(f"{path}:{reader.line_num}", f"bad CSV ({error})", _SKIP_FIX) from None


def _accepted(name: str) -> tuple[str, ...]:
    return tuple(n.lower() for n in FIELD_NAMES[name])
