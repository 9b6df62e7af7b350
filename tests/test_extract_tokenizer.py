"""The pipeline's tokenizer splits exactly as spaCy's English tokenizer does, with its cache on."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from kgraph.extract.doctext import TEXT_KEY, doc_text
from kgraph.extract.tokenizer import drop_plain_whitespace_rules
from kgraph.ingest import read_papers

BARE = spacy.blank("en").tokenizer
OURS = drop_plain_whitespace_rules(spacy.blank("en").tokenizer)


def tokens(tokenizer, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(token.text, token.whitespace_) for token in tokenizer(text)]


def test_tokenizer_is_the_default_pipeline_tokenizer_without_whitespace_rules(nlp: Language) -> None:
    rules = nlp.tokenizer.rules or {}
    assert "\n" not in rules and "\t" not in rules and " " not in rules
    assert "\xa0" in rules  # it sets a NORM, so it stays
    assert set(BARE.rules or {}) - set(rules) == {"\n", "\t", " "}


def test_tokenizer_gives_spacys_tokens_on_the_corpus(nlp: Language, corpus_dir) -> None:  # type: ignore[no-untyped-def]
    papers = read_papers([corpus_dir])
    assert len(papers) == 408
    for paper in papers:
        assert tokens(nlp.tokenizer, paper.text) == tokens(BARE, paper.text), paper.id


def test_tokenizer_keeps_whitespace_tokens_and_norms(nlp: Language) -> None:
    text = "Title\nAbstract  with\ttabs, \n\n a\xa0b and e.g. U.S. data.\n"
    assert tokens(nlp.tokenizer, text) == tokens(BARE, text)
    assert "\n" in [token.text for token in nlp.tokenizer(text)]
    norms = [token.norm_ for token in nlp.tokenizer("a \xa0 b")]
    assert norms == [token.norm_ for token in BARE("a \xa0 b")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab.,()'-:\n\t \xa0eg.USA")), max_size=60))
def test_tokenizer_matches_spacy_on_any_text(text: str) -> None:
    assert tokens(OURS, text) == tokens(BARE, text)
    assert tokens(OURS, text) == tokens(OURS, text)  # cached splits equal fresh ones


def test_tokenizer_keeps_the_text_for_doc_text(nlp: Language) -> None:
    text = "Title\nAn abstract with  two spaces and\ttabs."
    doc = nlp.make_doc(text)
    assert doc.user_data[TEXT_KEY] == text == doc.text
    assert doc_text(doc) is doc.user_data[TEXT_KEY]
