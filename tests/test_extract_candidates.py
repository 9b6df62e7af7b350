"""Candidate spans on the tokens of a Doc (kgraph.extract.candidates)."""

from __future__ import annotations

import spacy

from kgraph.extract.candidates import Candidate, candidate_spans, token_bounds, token_offsets


def test_candidates_spans_cover_the_tokens_of_their_characters() -> None:
    text = "FID<2 is low for (ToCo)-based GPT-4o, ViT-L/14  and rFID."
    doc = spacy.blank("en")(text)
    starts, ends = token_offsets(doc)
    assert (starts, ends) == ([t.idx for t in doc], [t.idx + len(t) for t in doc])
    cands = [Candidate(s, e, "METHOD", 0, "x") for s in range(len(text)) for e in range(s + 1, len(text) + 1)]
    spans = candidate_spans(doc, cands)
    for cand, span in zip(cands, spans, strict=True):
        bounds = token_bounds(starts, ends, cand.start, cand.end)
        assert (None if span is None else (span.start, span.end)) == bounds
        assert span is None or span.label_ == "METHOD"
