"""Link N synthetic papers (default 1,000,000) with kgraph's linker alone.

The paper x entity incidence comes from :mod:`incidence` (each source paper
extracted once, entities looked up per reused sentence), streamed into
posting lists; then :func:`kgraph.link.link_incidence` is timed with the
default ``[kgraph.link]`` settings. Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from array import array
from typing import Any

from incidence import Lookup, paper_keys
from measure import measure
from synthesize import load_sources

from kgraph.config import load_config
from kgraph.extract import load_pipeline
from kgraph.link import link_incidence


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(n: int, seed: int) -> dict[str, Any]:
    config = load_config()
    settings = config.settings.link
    types = {t.value for t in settings.types}
    log("extracting the source papers once")
    sources = load_sources()
    lookup = Lookup(sources, load_pipeline(config))
    log(f"predicting the entities of {n} papers")
    members: dict[str, array[int]] = {}
    entity_mentions = 0
    with measure(n) as incidence:
        for i, keys in enumerate(paper_keys(n, sources, lookup, seed=seed)):
            for key in keys:
                if key.partition(":")[0] in types:
                    members.setdefault(key, array("i")).append(i)
                    entity_mentions += 1
    papers = [f"paper:syn-{i:07d}" for i in range(n)]
    log(f"linking {n} papers ({len(members)} entities)")
    with measure(n) as link:
        links = link_incidence(
            papers,
            members,
            max_links=settings.max_links_per_paper,
            max_share=settings.max_entity_share,
            max_papers=settings.max_entity_papers,
            min_weight=settings.min_weight,
        )
    link["links"] = len(links)
    return {
        "papers": n,
        "entities": len(members),
        "entities_per_paper": round(entity_mentions / n, 2),
        "incidence": incidence,
        "link": link,
        "load_average": round(os.getloadavg()[0], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(json.dumps(run(args.papers, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
