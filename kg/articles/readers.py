"""Readers of the input formats; each yields Articles, and ArticleErrors for what it cannot read."""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.articles.build import MAX_CHARS, Parts, build_article, check_raw_size
from kg.articles.decode import invalid_char
from kg.articles.html import html_parts
from kg.articles.records import record_article
from kg.errors import ArticleError
from kg.model import Article

Result = Article | ArticleError
log = logging.getLogger(__name__)
FORMATS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".json": "json"}


def article_id(name: str, text: str = "") -> str:
    """The id of a one-article file: its name without the extension; for standard input, which has
    no name, "stdin-" and a digest of the text, so two different piped articles never clash."""
    if name in ("-", ""):
        return "stdin-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Path(name).stem


def read_txt(text: str, path: str, max_chars: int = MAX_CHARS) -> Iterator[Result]:
    """A text file: the first non-empty line is the headline, the rest the body."""
    try:
        check_raw_size(len(text), "text", max_chars, path)
    except ArticleError as exc:
        yield exc
        return
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip())
    parts = Parts(id=article_id(path, text), text="\n".join(lines[first + 1:]), path=path,
                  title=lines[first])
    yield _built(lambda: build_article(parts, max_chars), path)


def read_html(text: str, path: str, max_chars: int = MAX_CHARS) -> Iterator[Result]:
    """A whole web page."""
    yield _built(lambda: build_article(html_parts(text, id=article_id(path, text), path=path,
                                                  max_chars=max_chars), max_chars), path)


def read_jsonl(text: str, path: str, max_chars: int = MAX_CHARS) -> Iterator[Result]:
    """One JSON article a line; blank lines skipped; a bad line is an error and the rest go on."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        bad = invalid_char(line)
        if bad:
            yield ArticleError(path, f"not valid UTF-8 ({bad[2]} at column {bad[1]})", number)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(path, f"line is not valid JSON: {exc.msg} (column {exc.colno})", number)
            continue
        except RecursionError:
            yield ArticleError(path, "line is not valid JSON: nested too deeply", number)
            continue
        yield _built(lambda: record_article(record, path, number, max_chars=max_chars), path, number)


def read_json(text: str, path: str, max_chars: int = MAX_CHARS) -> Iterator[Result]:
    """One JSON article object (its id defaults to the file name) or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ArticleError(path, f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        return
    except RecursionError:
        yield ArticleError(path, "not valid JSON: nested too deeply")
        return
    if isinstance(data, dict):
        yield _built(lambda: record_article(data, path, default_id=article_id(path, text),
                                            max_chars=max_chars), path)
    elif isinstance(data, list):
        for item, record in enumerate(data, start=1):
            yield _built(lambda: record_article(record, path, item=item, max_chars=max_chars), path)
    else:
        yield ArticleError(path, "JSON is neither an article object nor a list of them")


def _built(make: Callable[[], Article], path: str, line: int | None = None) -> Result:
    """The article `make` builds, or the error that says why it cannot be built. An unexpected
    exception on some odd input is also one input's error, not the end of the batch; its
    traceback goes to the log (`kg --debug` shows it)."""
    try:
        return make()
    except ArticleError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one bad input must not stop the batch
        log.debug("reading %s failed", f"{path}:{line}" if line else path, exc_info=True)
        return ArticleError(path, f"cannot be read ({type(exc).__name__}: {exc})", line)


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
    except (ValueError, RecursionError):
        return False
    return True


READERS = {"text": read_txt, "html": read_html, "jsonl": read_jsonl, "json": read_json}
