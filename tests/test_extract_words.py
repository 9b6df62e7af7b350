"""The rules' word lists live in data files (kgraph/resources/words), read by kgraph.extract.words."""

from __future__ import annotations

import pytest

from kgraph.extract import coined, cues, phrases, roles, titles
from kgraph.extract.words import parse_rows, word_labels, word_list, word_set
from kgraph.models import EntityType
from kgraph.resources import resource_path

WORD_FILES = sorted(p.stem for p in resource_path("words").glob("*.txt") if p.stem != "data_cues")


def test_words_every_file_is_a_clean_list() -> None:
    assert len(WORD_FILES) == 8
    for name in WORD_FILES:
        words = word_list(name)
        assert words, name
        assert len(set(words)) == len(words), f"{name}: a word is listed twice"
        assert all(w == w.lower() for w in words), name


def test_words_the_rules_use_the_files() -> None:
    assert word_set("evaluative") == phrases.EVALUATIVE
    assert word_set("modifier_ed") == phrases._ED_OK and word_set("modifier_ing") == phrases._ING_OK
    assert word_list("propose") == roles._PROPOSE_WORDS
    assert word_set("sentence_words") == titles._SENTENCE_WORDS
    assert word_set("title_descriptive") == titles._DESCRIPTIVE
    assert word_set("adjective_endings") == titles._ADJECTIVE_ENDINGS
    assert word_set("reference_words") == coined._REFERENCE_WORDS
    assert word_labels("data_cues") == cues._DATA_WORDS


def test_words_match_what_the_code_listed() -> None:
    """Spot checks of the lists as they were written in Python before the move."""
    assert len(phrases.EVALUATIVE) == 245 and {"novel", "state-of-the-art", "require"} <= phrases.EVALUATIVE
    assert len(roles._PROPOSE_WORDS) == 45 and "coin" in roles._PROPOSE_WORDS
    assert {"free", "aware", "based", "efficient", "driven", "agnostic"} == titles._ADJECTIVE_ENDINGS
    assert len(coined._REFERENCE_WORDS) == 20 and "appendix" in coined._REFERENCE_WORDS
    assert set(cues._DATA_WORDS.values()) == {"DATASET", "BENCHMARK"}
    assert set(cues._DATA_WORDS.values()) <= {t.value for t in EntityType}
    assert phrases.is_function_word("novel") and not phrases.is_function_word("segmentation")


def test_words_parse_comments_blanks_and_pairs() -> None:
    text = "# header\ndataset DATASET\n\nsuite BENCHMARK  # a benchmark suite\n"
    assert parse_rows(text, "data_cues.txt", 2) == [["dataset", "DATASET"], ["suite", "BENCHMARK"]]


def test_words_a_bad_line_names_file_and_line() -> None:
    with pytest.raises(ValueError, match=r"evaluative\.txt:3: 'two words': write one word per line"):
        parse_rows("# x\nnovel\ntwo words\n", "evaluative.txt", 1)
