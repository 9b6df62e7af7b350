"""Small builders for hand-made test cases."""

from __future__ import annotations

from kgraph.models import EntityType, LinkMention, Mention, Paper, PaperExtraction, Repo, Role


def paper(paper_id: str, title: str = "", abstract: str = "An abstract long enough to be one.") -> Paper:
    return Paper(id=paper_id, title=title or f"Paper {paper_id}", abstract=abstract)


def mention(
    paper_id: str,
    text: str,
    entity_type: EntityType = EntityType.METHOD,
    *,
    start: int = 0,
    role: Role | None = None,
    long_form: str | None = None,
) -> Mention:
    if entity_type is EntityType.METHOD and role is None:
        role = "used"
    return Mention(
        paper_id=paper_id,
        type=entity_type,
        text=text,
        start=start,
        end=start + len(text),
        sentence=f"A sentence with {text}.",
        found_by="test",
        role=role,
        long_form=long_form,
    )


def extraction(paper_id: str, *mentions: Mention, repos: tuple[str, ...] = ()) -> PaperExtraction:
    links = tuple(
        LinkMention(paper_id, f"https://github.com/{slug}", "github", 0, 0, Repo(*slug.split("/")))
        for slug in repos
    )
    return PaperExtraction(paper=paper(paper_id), mentions=mentions, links=links)
