"""The rules' word lists, read from the data files of ``kgraph/resources/words``.

Each ``NAME.txt`` holds one word per line (``#`` starts a comment), so changing a list is a
data diff, not a code change. ``data_cues.txt`` pairs a word with the entity type it gives
("dataset DATASET"). The rules read the lists once, when their module is imported; they are
package data, not part of ``config/`` (the rules' regexes are compiled from them at import).
"""

from __future__ import annotations

from kgraph.resources import resource_path


def parse_rows(text: str, where: str, width: int) -> list[list[str]]:
    """The comment-free, non-blank lines of ``text``, each split into ``width`` fields.

    >>> parse_rows("# verbs\\npropose\\n\\npresent  # and presents\\n", "propose.txt", 1)
    [['propose'], ['present']]
    """
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split("#", 1)[0].split()
        if fields and len(fields) != width:
            shape = "one word" if width == 1 else f"{width} fields separated by spaces"
            raise ValueError(f"{where}:{number}: {line.strip()!r}: write {shape} per line")
        if fields:
            rows.append(fields)
    return rows


def _rows(name: str, width: int) -> list[list[str]]:
    path = resource_path("words", f"{name}.txt")
    return parse_rows(path.read_text(encoding="utf-8"), f"words/{name}.txt", width)


def word_list(name: str) -> tuple[str, ...]:
    """The words of ``words/NAME.txt``, in file order.

    >>> "novel" in word_list("evaluative")
    True
    """
    return tuple(fields[0] for fields in _rows(name, 1))


def word_set(name: str) -> frozenset[str]:
    """The words of ``words/NAME.txt`` as a set."""
    return frozenset(word_list(name))


def word_labels(name: str) -> dict[str, str]:
    """The ``word TYPE`` pairs of ``words/NAME.txt``, in file order.

    >>> word_labels("data_cues")["corpus"]
    'DATASET'
    """
    return {word: label for word, label in _rows(name, 2)}
