"""Articles given as JSON records: {"id", "url", "title", "published", "source", "text" | "html"}.

`source` is the publisher. A record with `html` is read like a web page, its own fields winning
over what the page says. Wrong types are errors that name the field."""
from __future__ import annotations

from typing import Any

from kg.articles.build import MAX_CHARS, Parts, build_article
from kg.articles.dates import normalize_date
from kg.articles.decode import invalid_char
from kg.articles.html import html_parts
from kg.errors import ArticleError
from kg.model import Article

_STRING_FIELDS = ("url", "title", "published", "source", "text", "html", "language")


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean", int: "a number",
            float: "a number", str: "a string"}.get(type(value), type(value).__name__)


def _field(record: dict, name: str, where: tuple[str, int | None, str]) -> str | None:
    """A string field of the record, None when missing, null or blank."""
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        path, line, prefix = where
        raise ArticleError(path, f"{prefix}field '{name}' must be a string, not {_type_name(value)}", line)
    _check_chars(value, name, where)
    return value.strip() or None


def _authors(record: dict, where: tuple[str, int | None, str]) -> list[str]:
    value = record.get("authors")
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        path, line, prefix = where
        raise ArticleError(path, f"{prefix}field 'authors' must be a list of strings", line)
    for name in value:
        _check_chars(name, "authors", where)
    return [v for v in value if v.strip()]


def _record_id(record: dict, default_id: str | None, where: tuple[str, int | None, str]) -> str:
    path, line, prefix = where
    value = record.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        if default_id:
            return default_id
        raise ArticleError(path, f"{prefix}missing id", line)
    if not isinstance(value, str):
        raise ArticleError(path, f"{prefix}field 'id' must be a string, not {_type_name(value)}", line)
    _check_chars(value, "id", where)
    return value.strip()


def _check_chars(value: str, name: str, where: tuple[str, int | None, str]) -> None:
    bad = invalid_char(value)
    if bad:
        path, line, prefix = where
        raise ArticleError(path, f"{prefix}field '{name}' holds {bad[2]}, a lone surrogate, which is not text", line)


def record_article(record: Any, path: str, line: int | None = None, *, item: int | None = None,
                   default_id: str | None = None, max_chars: int = MAX_CHARS) -> Article:
    """The Article of one JSON record; `item` numbers it within a JSON list (from 1)."""
    prefix = f"item {item}: " if item is not None else ""
    where = (path, line, prefix)
    if not isinstance(record, dict):
        raise ArticleError(path, f"{prefix}not a JSON object but {_type_name(record)}", line)
    article_id = _record_id(record, default_id, where)
    fields = {name: _field(record, name, where) for name in _STRING_FIELDS}
    if fields["published"] and not normalize_date(fields["published"]):
        raise ArticleError(path, f"{prefix}field 'published' is not a date: {fields['published']!r}", line)
    if fields["text"]:
        parts = Parts(id=article_id, text=fields["text"], path=path, line=line)
    elif fields["html"]:
        parts = html_parts(fields["html"], id=article_id, path=path, line=line, max_chars=max_chars, prefix=prefix)
    else:
        raise ArticleError(path, f"{prefix}no 'text' or 'html' field", line)
    parts.title = fields["title"] or parts.title
    parts.published = fields["published"] or parts.published
    parts.url = fields["url"] or parts.url
    parts.publisher = fields["source"] or parts.publisher
    parts.language = fields["language"] or parts.language
    parts.authors = _authors(record, where) or parts.authors
    try:
        return build_article(parts, max_chars)
    except ArticleError as exc:
        raise ArticleError(path, prefix + exc.problem, line) from None
