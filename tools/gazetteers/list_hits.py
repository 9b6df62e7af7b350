"""Write each paper's gazetteer hits of chosen lists in the scorer's format, to measure them.

Every hit of a list whose id starts with one of the prefixes becomes an entity of its label
(case-insensitive hits too), so the document-level precision and recall of what the lists
*propose* can be scored apart from the rules that decide. Usage::

    python tools/gazetteers/list_hits.py ../shared/gold/dev_input.jsonl reg_ > hits.jsonl
    python ../shared/tools/score.py ../shared/gold/dev.jsonl hits.jsonl
"""

from __future__ import annotations

import json
import sys

from kgraph.extract.gazetteer import CANDIDATES_KEY
from kgraph.extract.pipeline import load_pipeline
from kgraph.ingest.reader import read_papers


def main() -> None:
    inputs, prefixes = sys.argv[1], tuple(sys.argv[2:]) or ("reg_",)
    nlp = load_pipeline()
    papers = read_papers([inputs])
    for doc, paper in nlp.pipe(((p.text, p) for p in papers), as_tuples=True):
        names: dict[tuple[str, str], None] = {}
        for start, end, label, source, _ in doc._.get(CANDIDATES_KEY) or []:
            if source.startswith(prefixes) and label != "NONE":
                names[(label, doc.text[start:end])] = None
        entities = [{"type": label, "name": name} for label, name in names]
        print(json.dumps({"id": paper.id, "entities": entities}))


if __name__ == "__main__":
    main()
