"""Ingest never loses or invents a paper: ids beat titles, untitled records, JSON shapes,
folders with other files, damaged gzip, LaTeX, arXiv comments and listing orphans."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.build import extract_papers
from kgraph.errors import InputError
from kgraph.ingest import IngestReport, read_papers

ABSTRACT = "We propose a method that does useful things on many benchmarks and improves accuracy a lot."
OTHER = "We study attention in a second, unrelated paper that happens to share the famous title."


def jsonl(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run_kgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *args], capture_output=True, text=True, check=False
    )


def test_sources_different_ids_are_different_papers_even_with_one_title(tmp_path: Path) -> None:
    title = "Attention Is All You Need"
    path = jsonl(
        tmp_path / "p.jsonl",
        {"id": "2301.00001", "title": title, "abstract": ABSTRACT},
        {"id": "2301.99999", "title": title, "abstract": OTHER},
        {"title": title.upper(), "abstract": ABSTRACT},  # no id: a copy of the first
    )
    report = IngestReport()
    papers = read_papers([path], report=report)
    assert [(p.id, p.abstract) for p in papers] == [("2301.00001", ABSTRACT), ("2301.99999", OTHER)]
    assert len(papers[0].sources) == 2 and report.duplicates == 1
    (merge,) = report.merges
    assert (merge.where, merge.into, merge.first, merge.by) == (
        f"{path}:3",
        "2301.00001",
        f"{path}:1",
        "title",
    )


def test_sources_a_title_only_copy_read_first_takes_the_id_of_the_later_one(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "p.jsonl",
        {"title": "Same Paper", "abstract": ABSTRACT},
        {"id": "2401.00007", "title": "Same Paper", "abstract": ABSTRACT + " More."},
    )
    (paper,) = read_papers([path])
    assert paper.id == "2401.00007" and paper.abstract.endswith("More.")


def test_sources_untitled_records_with_ids_are_papers(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "sentences.jsonl",
        {"id": "s1", "title": "", "abstract": "We train BERT on SQuAD."},
        {"id": "s2", "abstract": "We evaluate on ImageNet."},
        {"id": "s3", "title": "  ", "abstract": "Another sentence."},
    )
    papers = read_papers([path])
    assert [(p.id, p.title) for p in papers] == [("s1", ""), ("s2", ""), ("s3", "")]
    (extraction,) = extract_papers(
        [jsonl(tmp_path / "one.jsonl", {"id": "s1", "abstract": "We train BERT."})]
    )
    assert "BERT" in {m.text for m in extraction.mentions}
    with pytest.raises(InputError, match='no "title" field'):
        read_papers([jsonl(tmp_path / "no_id.jsonl", {"abstract": "An abstract."})])


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(
            {"papers": [{"title": "Alpha", "abstract": ABSTRACT}, {"title": "Beta", "abstract": OTHER}]}
        ),
        json.dumps(
            {"papers": [{"title": "Alpha", "abstract": ABSTRACT}, {"title": "Beta", "abstract": OTHER}]},
            indent=2,
        ),
        json.dumps(
            [{"title": "Alpha", "abstract": ABSTRACT}, {"title": "Beta", "abstract": OTHER}], indent=2
        ),
    ],
    ids=["container", "pretty-container", "pretty-array"],
)
def test_sources_json_shapes_are_detected_from_content(tmp_path: Path, text: str) -> None:
    path = tmp_path / "papers.jsonl"  # the name says JSONL; the content decides
    path.write_text(text, encoding="utf-8")
    report = IngestReport()
    assert [p.title for p in read_papers([path], on_error="skip", report=report)] == ["Alpha", "Beta"]
    assert report.skipped == []


def test_sources_pretty_printed_single_paper_is_one_paper(tmp_path: Path) -> None:
    path = tmp_path / "paper.json"
    path.write_text(json.dumps({"title": "Alpha", "abstract": ABSTRACT}, indent=2), encoding="utf-8")
    assert [p.title for p in read_papers([path])] == ["Alpha"]


def test_sources_folder_reads_paper_data_and_lists_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    jsonl(folder / "a.jsonl", {"title": "Alpha", "abstract": ABSTRACT})
    (folder / "README.md").write_text("# My papers\n\nThese are the papers I collected for my thesis work.\n")
    (folder / "notes.txt").write_text("Remember to add the papers of March and to check the titles twice.\n")
    (folder / "run.py").write_text("print('hello')\n")
    out = tmp_path / "out"
    process = run_kgraph("build", str(folder), "--out", str(out), "--no-html")
    assert process.returncode == 0, process.stderr
    graph = json.loads((out / "graph.json").read_text())
    assert [n["title"] for n in graph["nodes"] if n["kind"] == "Paper"] == ["Alpha"]
    for name in ("README.md", "notes.txt", "run.py"):
        assert f"{folder / name}: " in process.stderr
    assert "ignored 3 inputs" in process.stderr
    report = IngestReport()
    read_papers([folder], report=report)
    assert sorted(Path(i.where).name for i in report.ignored) == ["README.md", "notes.txt", "run.py"]
    with pytest.raises(InputError, match="holds no paper"):  # named on purpose: an error
        read_papers([folder / "notes.txt"])


@pytest.mark.parametrize(
    "content",
    [b"\x1f\x8b\x08\x00" + bytes(range(40)), gzip.compress(b'{"title": "T", "abstract": "A"}\n' * 50)[:30]],
    ids=["corrupt", "truncated"],
)
def test_sources_damaged_gzip_is_a_skippable_bad_file(tmp_path: Path, content: bytes) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.jsonl.gz").write_bytes(content)
    jsonl(folder / "good.jsonl", {"title": "Alpha", "abstract": ABSTRACT})
    with pytest.raises(InputError, match="is a damaged gzip file"):
        read_papers([folder])
    process = run_kgraph("build", str(folder), "--out", str(tmp_path / "out"), "--no-html", "--skip-bad")
    assert process.returncode == 0 and "Traceback" not in process.stderr, process.stderr
    (skipped,) = [json.loads(line) for line in (tmp_path / "out" / "skipped.jsonl").read_text().splitlines()]
    assert skipped["where"].endswith("bad.jsonl.gz") and "damaged gzip" in skipped["problem"]


def test_sources_latex_becomes_text_and_comments_give_repos(tmp_path: Path) -> None:
    record = {
        "id": "2010.11929",
        "title": "An Image is Worth 16x16 Words: \\emph{Transformers} for Image Recognition",
        "abstract": "We propose \\textbf{AlphaNet}, a model with $\\mathcal{O}(n)$ cost, see \\url{https://alpha.example.org}.",
        "comments": "ICLR 2021. Code: https://github.com/google-research/vision\\_transformer",
    }
    (extraction,) = extract_papers([jsonl(tmp_path / "arxiv.jsonl", record)])
    paper = extraction.paper
    assert paper.title == "An Image is Worth 16x16 Words: Transformers for Image Recognition"
    assert paper.abstract == "We propose AlphaNet, a model with O(n) cost, see https://alpha.example.org."
    proposed = {m.text for m in extraction.mentions if m.role == "proposed"}
    assert "AlphaNet" in proposed
    assert [r.slug for r in extraction.repos] == ["google-research/vision_transformer"]
    assert "https://alpha.example.org" in {link.url for link in extraction.links}


def test_sources_listing_title_without_abstract_is_counted_and_reported(tmp_path: Path) -> None:
    listing = tmp_path / "listing.txt"
    listing.write_text(
        "Subscribe\nFirst Paper Title\n" + ABSTRACT + "\nLonely Title Without Abstract\nMar 14\n"
        "Third Paper Title\n" + OTHER + "\n",
        encoding="utf-8",
    )
    with pytest.raises(
        InputError, match=r'listing\.txt:4: the title "Lonely Title Without Abstract" has no abstract'
    ):
        read_papers([listing])
    report = IngestReport()
    papers = read_papers([listing], on_error="skip", report=report)
    assert [p.title for p in papers] == ["First Paper Title", "Third Paper Title"]
    assert [s.where for s in report.skipped] == [f"{listing}:4"]


def test_sources_extract_skip_bad_counts_and_lists_skips(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"title": "Alpha", "abstract": ABSTRACT})
        + "\n{broken\n"
        + json.dumps({"title": "x"})
        + "\n"
    )
    process = run_kgraph("extract", str(path), "-o", str(tmp_path / "out.jsonl"), "--skip-bad")
    assert process.returncode == 0, process.stderr
    assert "skipped 2 inputs" in process.stderr
    assert (
        f"{path}:2: is not valid JSON" in process.stderr
        and f'{path}:3: no "abstract" field' in process.stderr
    )
    assert "wrote 1 papers" in process.stderr and "2 inputs skipped" in process.stderr
