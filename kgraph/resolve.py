"""Resolve: merge mentions into one entity per real thing, in a paper and across the corpus.

Names merge when their keys match (:func:`kgraph.models.name_key`: case,
spaces, hyphens and a plural "s" ignored), and an acronym merges with its long
form ("Next Token Prediction (NTP)"). An acronym seen without its definition
joins the long form that at least two thirds of the corpus' definitions give
it; "SAM" defined as two different things equally often stays apart. Versions stay distinct: "Llama 2" and
"Llama 3" have different keys.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kgraph.models import Entity, EntityType, Mention, PaperExtraction, Role, cached_name_key
from kgraph.schema import entity_key


@dataclass(frozen=True, slots=True)
class PaperEntity:
    """One entity of one paper (document level) with all its mentions there."""

    type: EntityType
    name: str
    aliases: tuple[str, ...]
    role: Role | None
    mentions: tuple[Mention, ...]
    key: str  # the name key of its fullest form
    alias_keys: frozenset[str] = frozenset()
    long_key: str | None = None  # set when the paper defines an acronym for it


@dataclass(frozen=True, slots=True)
class Resolution:
    """The corpus' entities and, per paper, its entities under their corpus keys."""

    entities: dict[str, Entity]
    paper_entities: dict[str, list[tuple[str, PaperEntity]]]
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (alias, entity key), sorted


def group_mentions(mentions: Iterable[Mention]) -> list[PaperEntity]:
    """Group one paper's mentions into document-level entities.

    A mention joins the group of its long form when it is a defined acronym,
    and groups are keyed by type and name key. The role is "proposed" when any
    mention is proposed.
    """
    groups: dict[tuple[EntityType, str], list[Mention]] = defaultdict(list)
    long_keys: dict[tuple[EntityType, str], str] = {}
    for mention in mentions:
        key = cached_name_key(mention.long_form or mention.text)
        if not key:
            continue
        groups[(mention.type, key)].append(mention)
        if mention.long_form and key != cached_name_key(mention.text):
            long_keys[(mention.type, key)] = key
    result = []
    for (entity_type, key), members in groups.items():
        surfaces = list(dict.fromkeys(m.text for m in members))
        long_forms = [m.long_form for m in members if m.long_form]
        name = max(long_forms, key=lambda s: (len(s), s)) if long_forms else _fullest(surfaces)
        aliases = tuple(dict.fromkeys([name, *surfaces]))
        role: Role | None = None
        if entity_type is EntityType.METHOD:
            role = "proposed" if any(m.role == "proposed" for m in members) else "used"
        result.append(
            PaperEntity(
                type=entity_type,
                name=name,
                aliases=aliases,
                role=role,
                mentions=tuple(members),
                key=key,
                alias_keys=frozenset(map(cached_name_key, aliases)),
                long_key=long_keys.get((entity_type, key)),
            )
        )
    result.sort(key=lambda e: (min(m.start for m in e.mentions), e.type.value, e.key))
    return result


def _fullest(surfaces: list[str]) -> str:
    """The most informative surface form: the longest, then the one with most capitals."""
    if len(surfaces) == 1:
        return surfaces[0]
    return max(surfaces, key=lambda s: (len(s), sum(c.isupper() for c in s), s))


def _merge_groups(first: PaperEntity, second: PaperEntity) -> PaperEntity:
    """One paper's two groups that resolve to the same corpus entity ("ViT" and "ViTs" ...)."""
    role: Role | None = first.role
    if first.role is not None and "proposed" in (first.role, second.role):
        role = "proposed"
    mentions = tuple(sorted((*first.mentions, *second.mentions), key=lambda m: (m.start, m.end)))
    return replace(
        first,
        aliases=tuple(dict.fromkeys((*first.aliases, *second.aliases))),
        role=role,
        mentions=mentions,
        alias_keys=first.alias_keys | second.alias_keys,
    )


def resolve(extractions: Iterable[PaperExtraction], *, fold_variants: bool = True) -> Resolution:
    """Merge every paper's entities into corpus-wide entities with stable keys.

    Args:
        extractions: each paper's extraction.
        fold_variants: merge names that differ only by case, spacing, hyphens or a plural.
            When False, only exact surface forms (and defined acronyms) merge.
    """
    per_paper: dict[str, list[PaperEntity]] = {}
    definitions: dict[tuple[EntityType, str], Counter[str]] = defaultdict(Counter)
    for extraction in extractions:
        groups = group_mentions(extraction.mentions)
        per_paper[extraction.paper.id] = groups
        for group in groups:
            for alias_key in group.alias_keys - {group.key}:
                definitions[(group.type, alias_key)][group.key] += 1

    def canonical(group: PaperEntity) -> str:
        own = group.key if fold_variants else group.name
        claims = definitions.get((group.type, group.key))
        if claims and group.long_key is None:
            (best, votes), total = claims.most_common(1)[0], sum(claims.values())
            if votes * 3 >= total * 2:  # a clear majority of the corpus' definitions
                return best
        return own

    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, EntityType] = {}
    paper_entities: dict[str, list[tuple[str, PaperEntity]]] = {}
    shared_keys: dict[str, str] = {}
    for paper_id in sorted(per_paper):
        resolved: dict[str, PaperEntity] = {}
        for group in per_paper[paper_id]:
            key = entity_key(group.type, canonical(group))
            key = shared_keys.setdefault(key, key)  # one string per entity, shared by its papers
            types[key] = group.type
            surfaces[key].update(group.aliases)
            resolved[key] = _merge_groups(resolved[key], group) if key in resolved else group
        for key, group in resolved.items():
            names[key][group.name] += 1
        paper_entities[paper_id] = list(resolved.items())
    entities = {}
    for key in sorted(types):
        name = max(names[key].items(), key=lambda item: (len(item[0]) > 5, item[1], len(item[0]), item[0]))[0]
        entities[key] = Entity(key=key, type=types[key], name=name, aliases=tuple(sorted(surfaces[key])))
    alias_table = sorted({(alias, key) for key, entity in entities.items() for alias in entity.aliases})
    return Resolution(entities=entities, paper_entities=paper_entities, aliases=alias_table)
