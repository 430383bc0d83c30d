"""Assemble an Article from what a reader found: metadata first, then what the cleaned text gives."""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.articles.clean import Cleaned, clean_text, normalize_space
from kg.articles.dates import normalize_date
from kg.errors import ArticleError
from kg.model import Article

MAX_CHARS = 1_000_000  # characters of an article's text (headline and story): spaCy's own limit
# Raw input is refused before it is parsed when it is this many times the limit: a text file
# shrinks a little when cleaned, a web page a lot when its markup and furniture are cut out.
RAW_FACTOR = {"text": 2, "html": 10}


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


def check_raw_size(length: int, kind: str, max_chars: int, path: str, line: int | None = None,
                   prefix: str = "") -> None:
    """Refuse input far over the limit before any work is spent on it (`kind`: text or html;
    `length` in characters)."""
    if length <= RAW_FACTOR[kind] * max_chars:
        return
    if kind == "html":
        raise ArticleError(path, f"{prefix}page too large: {length:,} characters; a page may have "
                                 f"{RAW_FACTOR[kind]} times the article limit of {max_chars:,}", line)
    raise ArticleError(path, f"{prefix}{too_long(length, max_chars)}", line)


def too_long(length: int, max_chars: int) -> str:
    return f"too long: {length:,} characters; the limit is {max_chars:,} (kg ingest --max-chars)"


def build_article(parts: Parts, max_chars: int = MAX_CHARS) -> Article:
    """The Article of `parts`, its body cleaned; raises ArticleError when no story text is left
    or when the text the pipeline would read is longer than `max_chars`."""
    check_raw_size(len(parts.title) + len(parts.text), "text", max_chars, parts.path, parts.line)
    title = normalize_space(parts.title)
    cleaned = clean_text(parts.text, title)
    if not cleaned.body:
        raise ArticleError(parts.path, "no article text found", line=parts.line)
    article = _assemble(parts, title, cleaned)
    if len(article.text) > max_chars:
        raise ArticleError(parts.path, too_long(len(article.text), max_chars), line=parts.line)
    return article


def _assemble(parts: Parts, title: str, cleaned: Cleaned) -> Article:
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
