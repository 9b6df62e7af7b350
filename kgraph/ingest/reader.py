"""Read paper files of any supported format into deduplicated Papers.

This is the only module that opens input files. Formats: Hugging Face listing
dumps (``listing``), JSON Lines (``jsonl``), JSON arrays (``json``) and CSV/TSV
(``csv``), each optionally gzip-compressed (:mod:`kgraph.ingest.formats`). Named
files are always read; folders and glob patterns expand to the files in them
that look like paper data, in sorted order, and list the others as ignored.
"""

from __future__ import annotations

import glob
import gzip
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kgraph.errors import InputError
from kgraph.ingest.clean import clean_text
from kgraph.ingest.formats import FORMATS, SKIP_FIX, Format, detect_format, read_records
from kgraph.ingest.ids import arxiv_id_of, title_id
from kgraph.ingest.merge import Merge, PaperIndex
from kgraph.ingest.records import RawPaper, RecordError, raw_paper_from_record
from kgraph.models import Paper

__all__ = [
    "FORMATS",
    "Format",
    "IngestReport",
    "OnError",
    "Skipped",
    "detect_format",
    "expand_inputs",
    "read_papers",
]

OnError = Literal["raise", "skip"]
_SKIP_FIX = SKIP_FIX
_MAX_FIELD = 1_000_000  # characters; longer fields are not abstracts
#: Names a file found in a folder must end with to be read as paper data (or with .gz).
DATA_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".txt")


@dataclass(slots=True)
class Skipped:
    """One input record or file that was skipped (or ignored), and why."""

    where: str
    problem: str


@dataclass(slots=True)
class IngestReport:
    """Counts of what ingest read, merged, skipped and ignored."""

    files: int = 0
    records: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    ignored: list[Skipped] = field(default_factory=list)


def looks_like_data(path: Path) -> bool:
    """Whether a file found in a folder is read: its name ends in a data suffix (or that + .gz).

    >>> looks_like_data(Path("a/papers.jsonl.gz")), looks_like_data(Path("a/README.md"))
    (True, False)
    """
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(DATA_SUFFIXES) and not path.name.startswith(".")


def expand_inputs(inputs: Iterable[str | Path], *, ignored: list[Skipped] | None = None) -> list[Path]:
    """Expand files, directories and glob patterns into a sorted list of files.

    Files inside folders (and glob matches) are kept only when :func:`looks_like_data`;
    the others are appended to ``ignored`` when given.

    Raises:
        InputError: for a path or pattern that matches nothing.
    """
    files: list[Path] = []
    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            files.append(path)
            continue
        elif any(ch in text for ch in "*?["):
            found = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not found:
                raise InputError(text, "the pattern matches no file", "Check the pattern and quote it.")
        else:
            raise InputError(text, "no such file or directory", "Check the path.")
        for member in found:
            if looks_like_data(member):
                files.append(member)
            elif ignored is not None and not member.name.startswith("."):
                ignored.append(
                    Skipped(
                        str(member),
                        "not paper data (its name does not end in " + ", ".join(DATA_SUFFIXES) + ")",
                    )
                )
    return list(dict.fromkeys(files))


class _NoPapers(InputError):
    """A file with no paper in it: an error when named, ignored when found in a folder."""


def read_papers(
    inputs: Iterable[str | Path],
    *,
    fmt: Format | None = None,
    on_error: OnError = "raise",
    report: IngestReport | None = None,
) -> list[Paper]:
    """Read every paper of the inputs once, merging duplicates across files.

    Duplicates share an explicit id, or a normalized title where one side has no id
    (:mod:`kgraph.ingest.merge`); ``report.merges`` lists each merge. A paper's id is its
    given id (``id`` field, else arXiv id), else the SHA-1 of its normalized title.

    Args:
        inputs: files, directories or glob patterns.
        fmt: force a format instead of detecting it from the content.
        on_error: ``"raise"`` stops at the first bad record with an
            :class:`InputError`; ``"skip"`` records it in ``report.skipped``.
        report: filled with counts, merges, skipped records and ignored files when given.

    Example::

        papers = read_papers(["../shared/gold/dev_input.jsonl"])
    """
    report = report if report is not None else IngestReport()
    inputs = list(inputs)
    named = {Path(str(i)) for i in inputs if Path(str(i)).is_file()}
    index = PaperIndex()
    for path in expand_inputs(inputs, ignored=report.ignored):
        report.files += 1
        try:
            for where, raw in _read_file(path, fmt, on_error, report):
                report.records += 1
                _add(index, raw, where, report, on_error)
        except _NoPapers as error:
            if path in named or fmt is not None:
                if on_error == "raise":
                    raise
                report.skipped.append(Skipped(error.where, error.problem))
            else:
                report.files -= 1
                report.ignored.append(Skipped(error.where, error.problem))
        except InputError as error:
            if on_error == "raise":
                raise
            report.skipped.append(Skipped(error.where, error.problem))
    return index.papers


def _add(index: PaperIndex, raw: RawPaper, where: str, report: IngestReport, on_error: OnError) -> None:
    try:
        paper = _to_paper(raw, where)
        merge = index.add(paper, explicit=bool(raw.id or paper.arxiv_id))
    except InputError as error:
        if on_error == "raise":
            raise InputError(error.where, error.problem, f"{error.fix} {_SKIP_FIX}".strip()) from None
        report.skipped.append(Skipped(error.where, error.problem))
        return
    if merge is not None:
        report.duplicates += 1
        report.merges.append(merge)


def _to_paper(raw: RawPaper, where: str) -> Paper:
    title, abstract = clean_text(raw.title), clean_text(raw.abstract)
    arxiv_id = arxiv_id_of(raw.arxiv_id, raw.id, raw.url)
    if not abstract or not (title or raw.id or arxiv_id):
        empty = "abstract" if not abstract else "title"
        raise InputError(where, f"the {empty} is empty after removing markup", "")
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
        comments=clean_text(raw.comments) or None if raw.comments else None,
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
    records: Iterable[tuple[str, object]] = read_records(path, text, kind)
    if kind == "listing" and fmt is None:  # prose that is no listing (notes.txt) holds no pair
        records = list(records)
        if not any(isinstance(record, RawPaper) for _, record in records):
            raise _NoPapers(
                str(path), "holds no paper (no title line followed by an abstract line)", _SKIP_FIX
            )
    found = 0
    for where, record in records:
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
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(
                str(path), f"is a damaged gzip file ({error})", "Re-create it, or pass --skip-bad to skip it."
            ) from None
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
