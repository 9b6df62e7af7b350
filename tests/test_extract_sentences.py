"""The pipeline's sentencizer finds exactly the sentences of spaCy's ``sentencizer``."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from kgraph.extract.sentences import ArraySentencizer
from kgraph.ingest import read_papers

VOCAB = spacy.blank("en").vocab


def sentence_starts(doc: Doc) -> list[int]:
    return [sentence.start for sentence in doc.sents]


def both(words: list[str], punct_chars: list[str] | None = None) -> tuple[list[int], list[int]]:
    """Sentence starts from spaCy's sentencizer and from ours, on the same words."""
    spacys = Sentencizer(punct_chars=punct_chars)(Doc(VOCAB, words=words))
    ours = ArraySentencizer(punct_chars=punct_chars)(Doc(VOCAB, words=words))
    return sentence_starts(spacys), sentence_starts(ours)


def test_pipeline_uses_the_array_sentencizer(nlp: Language) -> None:
    assert isinstance(nlp.get_pipe(nlp.pipe_names[0]), ArraySentencizer)


def test_same_sentences_as_spacy_on_the_corpus(nlp: Language, corpus_dir) -> None:  # type: ignore[no-untyped-def]
    spacys = Sentencizer()
    papers = read_papers([corpus_dir])
    docs = list(nlp.pipe([paper.text for paper in papers]))
    for paper, doc in zip(papers, docs, strict=True):
        expected = spacys(nlp.make_doc(paper.text))
        assert sentence_starts(doc) == sentence_starts(expected), paper.id
    assert sum(len(list(doc.sents)) for doc in docs) > 3 * len(docs)  # real abstracts, many sentences


def test_closing_punctuation_stays_with_its_sentence() -> None:
    words = ["It", "works", ".", ")", '"', "Then", "we", "stop", "!", "!", "?", "Done"]
    spacys, ours = both(words)
    assert ours == spacys == [0, 5, 11]


def test_empty_doc_and_doc_without_final_punctuation() -> None:
    assert both([]) == ([], [])
    assert both(["no", "end", "here"]) == ([0], [0])
    assert both([".", "Starts", "late"]) == ([0, 1], [0, 1])


def test_custom_punctuation_characters_and_reloading() -> None:
    words = ["one", ";", "two", ".", "three"]
    spacys, ours = both(words, punct_chars=[";"])
    assert ours == spacys == [0, 2]
    reloaded = ArraySentencizer()
    assert sentence_starts(reloaded(Doc(VOCAB, words=words))) == [0, 4]  # "." ends a sentence
    reloaded.from_bytes(ArraySentencizer(punct_chars=[";"]).to_bytes())
    assert sentence_starts(reloaded(Doc(VOCAB, words=words))) == [0, 2]  # now only ";" does


TOKENS = st.sampled_from(["a", "B", ".", "!", "?", ")", '"', ",", "-", "。", "...", "e.g."])


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=40))
def test_same_sentences_as_spacy_on_any_tokens(words: list[str]) -> None:
    spacys, ours = both(words)
    assert ours == spacys
