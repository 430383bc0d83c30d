"""Assemble an Article from what a reader found: metadata first, then what the cleaned text gives."""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.articles.clean import clean_text, normalize_space
from kg.articles.dates import normalize_date
from kg.errors import ArticleError
from kg.model import Article


@dataclass
class Parts:
    """The raw pieces of one article as a reader found them (metadata may be missing)."""

    id: str
    text: str
    path: str
    line: int | None = None
    title: str = ""
    published: str | None = None
    url: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)  # from metadata, used when the text has no byline
    page_authors: list[str] = field(default_factory=list)  # from a byline on the page, beats metadata
    captions: list[str] = field(default_factory=list)
    language: str | None = None


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in (normalize_space(n) for n in names):
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def build_article(parts: Parts) -> Article:
    """The Article of `parts`, its body cleaned; raises ArticleError when no story text is left."""
    title = normalize_space(parts.title)
    cleaned = clean_text(parts.text, title)
    if not cleaned.body:
        raise ArticleError(parts.path, "no article text", line=parts.line)
    published = normalize_date(parts.published) if parts.published else None
    editors = _unique(cleaned.editors)
    authors = cleaned.authors or parts.page_authors or parts.authors
    return Article(
        id=parts.id,
        body=cleaned.body,
        title=title,
        published=published or cleaned.published,
        url=normalize_space(parts.url) if parts.url else None,
        publisher=normalize_space(parts.publisher or "") or cleaned.publisher,
        authors=[a for a in _unique(authors) if a not in editors],
        editors=editors,
        captions=_unique(parts.captions + cleaned.captions),
        dateline=cleaned.dateline,
        language=parts.language,
        source_path=parts.path,
        source_line=parts.line,
    )
