"""Property-based tests: any text yields valid offsets and well-formed output, never a crash."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.errors import InputError
from kgraph.extract import extract
from kgraph.extract.abbreviations import find_abbreviations
from kgraph.extract.links import find_links
from kgraph.extract.output import extraction_record
from kgraph.ingest import read_papers
from kgraph.ingest.listing import parse_listing
from kgraph.models import Paper

# Text that looks like abstracts: words, acronyms in parentheses, URLs, markup and odd Unicode.
WORDS = st.sampled_from(
    [
        "We",
        "propose",
        "Net-7B",
        "(NTP)",
        "next",
        "token",
        "prediction",
        "on",
        "ImageNet",
        "BLEU",
        "the",
        "https://github.com/a/b.",
        "\\_",
        "{",
        "}",
        "<i>",
        "</i>",
        "\u200b",
        "\u202e",
        "é",
        "中文",
        "(",
        ")",
        ":",
        "LLaMA-2",
        "GPT-4",
        "dataset",
        "benchmark",
        ",",
        ".",
        "\n",
        "  ",
        "$\\alpha$",
        "<img src=x>",
    ]
)
ABSTRACTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join))
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(title=ABSTRACTS, abstract=ABSTRACTS)
def test_properties_ingest_reads_or_explains(title: str, abstract: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.jsonl"
        path.write_text(json.dumps({"title": title, "abstract": abstract}) + "\n", encoding="utf-8")
        try:
            papers = read_papers([path])
        except InputError as error:
            assert str(path) in str(error)
            return
        (paper,) = papers
        assert paper.title and paper.abstract and len(paper.id) == 12


@SETTINGS
@given(lines=st.lists(ABSTRACTS, max_size=12))
def test_properties_listing_parser_never_fails(lines: list[str]) -> None:
    for entry in parse_listing(lines):
        assert entry.title and entry.abstract and entry.line >= 1


@SETTINGS
@given(text=ABSTRACTS)
def test_properties_links_and_abbreviations_have_valid_offsets(text: str) -> None:
    for link in find_links(text):
        assert 0 <= link["start"] < link["end"] <= len(text)
        if link["repo"]:
            owner, name = link["repo"].split("/")
            assert owner and name and not name.endswith((".", ".git"))
    for found in find_abbreviations(text):
        assert 0 <= found.long_start < found.long_end <= len(text)
        assert 0 <= found.short_start < found.short_end <= len(text)


@SETTINGS
@given(title=ABSTRACTS.filter(str.strip), abstract=ABSTRACTS.filter(str.strip))
def test_properties_extract_offsets_are_valid(nlp, title: str, abstract: str) -> None:  # type: ignore[no-untyped-def]
    paper = Paper(id="p", title=title.strip(), abstract=abstract.strip())
    (extraction,) = extract([paper], nlp)
    for mention in extraction.mentions:
        assert 0 <= mention.start < mention.end <= len(paper.text)
        assert paper.text[mention.start : mention.end] == mention.text
        assert mention.sentence and mention.text.strip()
    json.dumps(extraction_record(extraction))
