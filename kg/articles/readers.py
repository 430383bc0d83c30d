"""Readers of the input formats; each yields Articles, and ArticleErrors for what it cannot read."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from kg.articles.build import Parts, build_article
from kg.articles.html import html_parts
from kg.articles.records import record_article
from kg.errors import ArticleError
from kg.model import Article

Result = Article | ArticleError
FORMATS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".json": "json"}


def article_id(name: str, text: str = "") -> str:
    """The id of a one-article file: its name without the extension; for standard input, which has
    no name, "stdin-" and a digest of the text, so two different piped articles never clash."""
    if name in ("-", ""):
        return "stdin-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Path(name).stem


def read_txt(text: str, path: str) -> Iterator[Result]:
    """A text file: the first non-empty line is the headline, the rest the body."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip())
    parts = Parts(id=article_id(path, text), text="\n".join(lines[first + 1:]), path=path,
                  title=lines[first])
    yield _built(lambda: build_article(parts))


def read_html(text: str, path: str) -> Iterator[Result]:
    """A whole web page."""
    yield _built(lambda: build_article(html_parts(text, id=article_id(path, text), path=path)))


def read_jsonl(text: str, path: str) -> Iterator[Result]:
    """One JSON article a line; blank lines skipped; a bad line is an error and the rest go on."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(path, f"line is not valid JSON: {exc.msg} (column {exc.colno})", number)
            continue
        yield _built(lambda: record_article(record, path, number))


def read_json(text: str, path: str) -> Iterator[Result]:
    """One JSON article object (its id defaults to the file name) or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ArticleError(path, f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        return
    if isinstance(data, dict):
        yield _built(lambda: record_article(data, path, default_id=article_id(path, text)))
    elif isinstance(data, list):
        for item, record in enumerate(data, start=1):
            yield _built(lambda: record_article(record, path, item=item))
    else:
        yield ArticleError(path, "JSON is neither an article object nor a list of them")


def _built(make) -> Result:
    try:
        return make()
    except ArticleError as exc:
        return exc


def sniff_format(text: str) -> str:
    """The format of text without a file name: jsonl, json, html or text."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if all(_parses(ln) for ln in lines):
            return "jsonl"
        return "json" if _parses(text) else "jsonl"
    if head.startswith("["):
        return "json"
    if head.startswith("<"):
        return "html"
    return "text"


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


READERS = {"text": read_txt, "html": read_html, "jsonl": read_jsonl, "json": read_json}
