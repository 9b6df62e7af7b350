"""The knowledge graph's shape: node kinds, relationship types and node ids.

Every exporter (files, Neo4j, HTML) and the query API read the graph through
these names; they are the contract between stages.

The graph is a ``networkx.DiGraph``:

* Paper nodes: id ``paper:<paper id>``; attributes ``kind="Paper"``,
  ``bipartite=0``, ``key`` (the paper id), ``title``, ``abstract``, ``url``,
  ``arxiv_id``, ``date``, ``authors`` (list), ``categories`` (list),
  ``sources`` (list of ``file:line``), ``repos`` (list of ``owner/repo``),
  ``links`` (list of other URLs) and ``mentions`` (list of
  ``{"start", "end", "field", "key", "type"}`` dicts, offsets into the title
  or the abstract as ``field`` says).
* Entity nodes: id = the entity key, ``<TYPE>:<name key>`` (e.g.
  ``METHOD:visiontransformer``); attributes ``kind`` (``Method``, ``Dataset``,
  ``Benchmark``, ``Metric``, ``Task``, ``Technique``), ``bipartite=1``,
  ``key``, ``type``, ``name``, ``aliases`` (list), ``papers`` (how many papers
  mention it) and ``proposed_by`` (how many papers propose it).
* Repo nodes: id ``REPO:<owner/repo lower-cased>``; attributes
  ``kind="Repo"``, ``bipartite=1``, ``key``, ``name`` (``Owner/Repo`` as
  written), ``owner``, ``url``, ``papers``.
* Paper -> entity edges, attribute ``rel`` one of PROPOSES, USES (methods),
  EVALUATES_ON (datasets, benchmarks), REPORTS (metrics), ADDRESSES (tasks),
  APPLIES (techniques); with ``surface`` (the text as written), ``evidence``
  (the first mention's sentence), ``field``, ``start``, ``end`` (its
  offsets), ``count`` (mentions in the paper) and ``found_by`` (list of
  pipeline components). PROPOSES/USES edges carry ``role``.
* Paper -> repo edges: ``rel="HAS_CODE"``, ``url``.
* Repo -> method edges: ``rel="IMPLEMENTS"`` (the methods its paper proposes).
* Paper -> paper edges: ``rel="SIMILAR_TO"``, from the smaller node id to the
  larger, with ``weight`` (sum of the shared entities' IDF),  ``shared``
  (entity keys, strongest first) and ``shared_names`` (their names).
"""

from __future__ import annotations

from typing import Final

from kgraph.models import EntityType, Role

PAPER: Final = "Paper"
REPO: Final = "Repo"
NODE_KINDS: Final[tuple[str, ...]] = (PAPER, *(t.label for t in EntityType), REPO)

PROPOSES: Final = "PROPOSES"
USES: Final = "USES"
EVALUATES_ON: Final = "EVALUATES_ON"
REPORTS: Final = "REPORTS"
ADDRESSES: Final = "ADDRESSES"
APPLIES: Final = "APPLIES"
HAS_CODE: Final = "HAS_CODE"
IMPLEMENTS: Final = "IMPLEMENTS"
SIMILAR_TO: Final = "SIMILAR_TO"
RELATIONSHIP_TYPES: Final[tuple[str, ...]] = (
    PROPOSES,
    USES,
    EVALUATES_ON,
    REPORTS,
    ADDRESSES,
    APPLIES,
    HAS_CODE,
    IMPLEMENTS,
    SIMILAR_TO,
)

_REL_BY_TYPE: Final[dict[EntityType, str]] = {
    EntityType.DATASET: EVALUATES_ON,
    EntityType.BENCHMARK: EVALUATES_ON,
    EntityType.METRIC: REPORTS,
    EntityType.TASK: ADDRESSES,
    EntityType.TECHNIQUE: APPLIES,
}


def paper_node(paper_id: str) -> str:
    """Node id of a paper.

    >>> paper_node("2401.01234")
    'paper:2401.01234'
    """
    return f"paper:{paper_id}"


def entity_key(entity_type: EntityType, key: str) -> str:
    """Node id of an entity from its type and name key.

    >>> entity_key(EntityType.METHOD, "bert")
    'METHOD:bert'
    """
    return f"{entity_type.value}:{key}"


def relation_for(entity_type: EntityType, role: Role | None = None) -> str:
    """The paper -> entity relationship type for an entity type (and role, for methods).

    >>> relation_for(EntityType.METHOD, "proposed"), relation_for(EntityType.DATASET)
    ('PROPOSES', 'EVALUATES_ON')
    """
    if entity_type is EntityType.METHOD:
        return PROPOSES if role == "proposed" else USES
    return _REL_BY_TYPE[entity_type]
