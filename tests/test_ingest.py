"""Ingest: every supported format, deduplication, stable ids and clear errors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kgraph.errors import InputError
from kgraph.ingest import IngestReport, detect_format, normalize_title, read_papers, title_id
from kgraph.ingest.listing import parse_listing

ABSTRACT = "We propose a method that does useful things on many benchmarks and improves accuracy a lot."


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_ingest_parses_every_corpus_listing(corpus_dir: Path) -> None:
    entries = [e for f in sorted(corpus_dir.glob("*.txt")) for e in parse_listing(f.read_text().splitlines())]
    assert len(entries) == 494
    assert len({normalize_title(e.title) for e in entries}) == 408
    assert not any(e.title.startswith("Subscribe") for e in entries)
    assert all(len(e.abstract) > len(e.title) for e in entries)


def test_ingest_corpus_ids_match_the_documented_title_hash(corpus_dir: Path, gold_dir: Path) -> None:
    report = IngestReport()
    papers = read_papers([corpus_dir], report=report)
    with (gold_dir / "corpus_input.jsonl").open() as stream:
        gold_ids = {json.loads(line)["id"] for line in stream}
    assert len(papers) == 408
    assert {p.id for p in papers} == gold_ids
    assert (report.files, report.records, report.duplicates) == (4, 494, 86)
    duplicated = [p for p in papers if len(p.sources) > 1]
    assert duplicated and all(":" in s for p in duplicated for s in p.sources)


def test_ingest_same_input_gives_same_ids(corpus_dir: Path) -> None:
    first = [p.id for p in read_papers([corpus_dir])]
    second = [p.id for p in read_papers([str(corpus_dir / "*.txt")])]
    assert first == second


def test_ingest_jsonl_keeps_given_id(gold_dir: Path) -> None:
    papers = read_papers([gold_dir / "dev_input.jsonl"])
    with (gold_dir / "dev_input.jsonl").open() as stream:
        first = json.loads(stream.readline())
    assert len(papers) == 50 and papers[0].id == first["id"]


def test_ingest_arxiv_snapshot_fields(tmp_path: Path) -> None:
    record = {
        "id": "2401.01234",
        "title": "A  Paper\n  Title",
        "abstract": "  " + ABSTRACT,
        "authors": "Ada Lovelace, Alan Turing and Grace Hopper",
        "authors_parsed": [["Lovelace", "Ada", ""]],
        "categories": "cs.CL cs.LG",
        "update_date": "2024-01-03",
    }
    (paper,) = read_papers([write_jsonl(tmp_path / "arxiv.jsonl", [record])])
    assert paper.id == "2401.01234" and paper.arxiv_id == "2401.01234"
    assert paper.title == "A Paper Title" and paper.abstract == ABSTRACT
    assert paper.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper")
    assert paper.categories == ("cs.CL", "cs.LG") and paper.date == "2024-01-03"


def test_ingest_json_array_csv_and_gzip(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps([{"title": "Alpha Paper", "abstract": ABSTRACT}]))
    (tmp_path / "b.csv").write_text(f'title,abstract\n"Beta, Paper","{ABSTRACT}"\n')
    with gzip.open(tmp_path / "c.jsonl.gz", "wt") as stream:
        stream.write(json.dumps({"title": "Gamma Paper", "abstract": ABSTRACT}) + "\n")
    papers = read_papers([tmp_path])
    assert sorted(p.title for p in papers) == ["Alpha Paper", "Beta, Paper", "Gamma Paper"]
    assert {p.id for p in papers} == {title_id(t) for t in ("Alpha Paper", "Beta, Paper", "Gamma Paper")}


def test_ingest_deduplicates_across_files_by_title_and_arxiv_id(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "1.jsonl", [{"id": "2401.00001", "title": "Same Paper", "abstract": ABSTRACT}])
    write_jsonl(tmp_path / "2.jsonl", [{"title": "same paper!", "abstract": ABSTRACT}])
    write_jsonl(
        tmp_path / "3.jsonl",
        [{"url": "https://arxiv.org/abs/2401.00001v2", "title": "Same Paper (v2)", "abstract": ABSTRACT}],
    )
    report = IngestReport()
    (paper,) = read_papers([tmp_path], report=report)
    assert paper.id == "2401.00001"
    assert len(paper.sources) == 3 and report.duplicates == 2


def test_ingest_format_is_detected_and_overridable(tmp_path: Path) -> None:
    assert detect_format('{"title": 1}') == "jsonl"
    path = tmp_path / "papers.txt"
    path.write_text(json.dumps({"title": "Forced Format", "abstract": ABSTRACT}) + "\n")
    assert [p.title for p in read_papers([path], fmt="jsonl")] == ["Forced Format"]
    with pytest.raises(InputError, match="the CSV header has no title column"):
        read_papers([path], fmt="csv")


def test_ingest_strips_markup_and_invisible_characters(tmp_path: Path) -> None:
    record = {"title": "Deep\u200b <b>Nets</b> \u202eevil", "abstract": ABSTRACT + " &amp; more"}
    (paper,) = read_papers([write_jsonl(tmp_path / "x.jsonl", [record])])
    assert paper.title == "Deep Nets evil" and paper.abstract.endswith("& more")


def test_ingest_replaces_lone_surrogates_so_every_output_can_be_written(tmp_path: Path) -> None:
    # json.dumps escapes the lone surrogate as \\ud800, which json.loads turns back into one.
    lone = chr(0xD800)
    record = {"title": f"Bad {lone} title", "abstract": ABSTRACT, "authors": [f"A{lone}"], "url": lone}
    (paper,) = read_papers([write_jsonl(tmp_path / "x.jsonl", [record])])
    assert (paper.title, paper.authors, paper.url) == ("Bad \ufffd title", ("A\ufffd",), "\ufffd")
    for text in (paper.title, paper.abstract, *paper.authors, paper.url):
        text.encode("utf-8")  # raises on a surrogate


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("authors", [1, None, {"name": None}, ["Doe", None]], ("1", "Doe")),
        ("categories", ["cs.CL", None, 5], ("cs.CL", "5")),
    ],
)
def test_ingest_list_fields_drop_empty_items(
    tmp_path: Path, field: str, value: object, expected: tuple
) -> None:
    record = {"title": "A title", "abstract": ABSTRACT, field: value}
    (paper,) = read_papers([write_jsonl(tmp_path / "x.jsonl", [record])])
    assert getattr(paper, field) == expected


@pytest.mark.parametrize("field", ["authors", "categories"])
def test_ingest_list_field_of_the_wrong_kind_is_a_clear_error(tmp_path: Path, field: str) -> None:
    records = [{"title": "Good", "abstract": ABSTRACT}, {"title": "Bad", "abstract": ABSTRACT, field: 5}]
    path = write_jsonl(tmp_path / "x.jsonl", records)
    with pytest.raises(InputError, match=rf'x\.jsonl:2: "{field}" must be text or a list, got int'):
        read_papers([path])
    report = IngestReport()
    assert [p.title for p in read_papers([path], on_error="skip", report=report)] == ["Good"]
    assert len(report.skipped) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"title": "ok", "abstract": "fine enough"}\n{"title": broken\n',
            r"bad\.jsonl:2: is not valid JSON",
        ),
        (b"title,summary_text\nA,B\n", r"bad\.jsonl:1: the CSV header has no abstract column"),
        (b"\xff\xfe\x00t\x00i\x00t\x00l\x00e", r"looks binary"),
        (b"title,abstract\nA caf\xe9,B\n", r"bad\.jsonl:2: is not UTF-8"),
        (b"", r"the file is empty"),
        (b'{"title": "No abstract here"}\n', r'bad\.jsonl:1: no "abstract" field'),
    ],
)
def test_ingest_bad_input_names_file_line_and_fix(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        read_papers([path])
    assert str(caught.value).rstrip().endswith(".")


def test_ingest_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        read_papers([tmp_path / "nope.jsonl"])


def test_ingest_skip_bad_counts_and_keeps_the_good(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"title": "Good One", "abstract": ABSTRACT})
        + "\n{oops\n"
        + json.dumps({"title": "No Abstract"})
        + "\n"
    )
    report = IngestReport()
    papers = read_papers([path], on_error="skip", report=report)
    assert [p.title for p in papers] == ["Good One"]
    assert [s.where for s in report.skipped] == [f"{path}:2", f"{path}:3"]


def test_ingest_duplicate_id_with_different_content_is_an_error(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "d.jsonl",
        [
            {"id": "p1", "title": "First Paper", "abstract": ABSTRACT},
            {"id": "p1", "title": "Another Paper", "abstract": ABSTRACT},
        ],
    )
    with pytest.raises(InputError, match='id "p1" is used again for a different paper'):
        read_papers([path])
    report = IngestReport()
    assert [p.title for p in read_papers([path], on_error="skip", report=report)] == ["First Paper"]
    assert len(report.skipped) == 1


def test_ingest_empty_abstract_is_named(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "e.jsonl", [{"title": "Has Title", "abstract": "   "}])
    with pytest.raises(InputError, match=r'e\.jsonl:1: the "abstract" field is empty'):
        read_papers([path])


def test_ingest_keeps_long_latex_and_non_english_abstracts(tmp_path: Path) -> None:
    long_abstract = ("We evaluate QuillNet on ImageNet with $\\mathcal{O}(n)$ cost. " * 1700)[:100_000]
    records = [
        {"title": "Long One", "abstract": long_abstract},
        {"title": "Über Tokenisierung", "abstract": "Wir stellen TokNet vor, ein Verfahren für Übersetzung."},
        {"title": "中文标题", "abstract": "我们提出了一种新的方法，在多个基准上取得了最好的结果。"},
    ]
    papers = read_papers([write_jsonl(tmp_path / "x.jsonl", records)])
    assert papers[0].abstract == long_abstract.replace("$\\mathcal{O}(n)$", "O(n)").strip()
    assert papers[2].title == "中文标题"
