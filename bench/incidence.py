"""The paper x entity incidence of a synthetic corpus, without running extraction per paper.

Linking 1,000,000 papers needs their entities, and extracting a million
abstracts takes over an hour here. A synthetic paper is made of real
sentences whose method slots are filled with coined names (see
``synthesize.py``), so its entities are predicted by extracting each *source*
paper once, with a stand-in name in its slots, and looking up the entities of
the sentences the paper reuses: the stand-in's key is swapped for the coined
name's key. Each entity key is ``TYPE:name_key`` of the mention (its long form
when it is a defined acronym), as ``kgraph.resolve.group_mentions`` keys them;
the corpus-wide acronym merging of ``resolve`` is not replayed.

``run.py`` compares this prediction with the real extraction at 10,000 papers
(entities per paper, distinct entities, links) so the approximation is measured.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from spacy.language import Language
from synthesize import _CITE, _EVALUATE, _RELEASE, SLOT, Plan, Source, dataset_name, method_name, plan_paper

from kgraph.extract import extract
from kgraph.models import Paper, name_key
from kgraph.schema import entity_key

STAND_IN = {"own": "ZorVexaNet", "a": "KilMupaFormer", "b": "BuDenoLM", "d": "QuilMorBench"}

Keys = frozenset[str]


class Lookup:
    """Entity keys of every source title, source sentence and template, with stand-in names."""

    def __init__(self, sources: Sequence[Source], nlp: Language) -> None:
        self.titles: list[Keys] = []
        self.sentences: list[list[Keys]] = []
        papers, bounds = [], []
        for number, source in enumerate(sources):
            title = source.title.replace(SLOT, STAND_IN["own"])
            starts, parts, offset = [], [], len(title) + 1
            for sentence in source.sentences:
                starts.append(offset)
                parts.append(sentence.replace(SLOT, STAND_IN["own"]))
                offset += len(parts[-1]) + 1
            papers.append(Paper(id=f"source-{number}", title=title, abstract=" ".join(parts)))
            bounds.append(starts)
        for paper, starts, found in zip(papers, bounds, extract(papers, nlp), strict=True):
            title_keys: set[str] = set()
            sentence_keys: list[set[str]] = [set() for _ in starts]
            for mention in found.mentions:
                key = entity_key(mention.type, name_key(mention.long_form or mention.text))
                if mention.start < len(paper.title):
                    title_keys.add(key)
                else:
                    sentence_keys[bisect.bisect_right(starts, mention.start) - 1].add(key)
            self.titles.append(frozenset(title_keys))
            self.sentences.append([frozenset(k) for k in sentence_keys])
        templates = sorted({*_CITE, *_EVALUATE, *_RELEASE})
        stand_in = {name: STAND_IN[name] for name in ("a", "b", "d")}
        filled = [Paper(id=t, title="Results", abstract=t.format(**stand_in)) for t in templates]
        self.templates = {
            t: frozenset(entity_key(m.type, name_key(m.long_form or m.text)) for m in found.mentions)
            for t, found in zip(templates, extract(filled, nlp), strict=True)
        }
        self.stand_in_keys = {name: name_key(value) for name, value in STAND_IN.items()}

    def keys(self, plan: Plan) -> set[str]:
        """The entity keys of one synthetic paper."""
        source, own = plan.title
        keys = _swap(self.titles[source], {self.stand_in_keys["own"]: own})
        for s_source, s_index, name in plan.sentences:
            keys |= _swap(self.sentences[s_source][s_index], {self.stand_in_keys["own"]: name})
        for template, names in plan.extra:
            swaps = {self.stand_in_keys[slot]: value for slot, value in names.items()}
            keys |= _swap(self.templates[template], swaps)
        return keys


def _swap(keys: Keys, names: dict[str, str]) -> set[str]:
    """``keys`` with each stand-in name key replaced by the key of the name filling its slot."""
    out = set()
    for key in keys:
        entity_type, _, name = key.partition(":")
        out.add(f"{entity_type}:{name_key(names[name])}" if name in names else key)
    return out


def paper_keys(n: int, sources: Sequence[Source], lookup: Lookup, *, seed: int = 0) -> Iterator[set[str]]:
    """Stream the predicted entity keys of synthetic papers ``0 .. n-1``."""
    for i in range(n):
        yield lookup.keys(plan_paper(i, sources, seed))


__all__ = ["Lookup", "paper_keys", "method_name", "dataset_name"]
