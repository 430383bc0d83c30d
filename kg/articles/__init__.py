"""Reading news articles from files, folders and standard input.

    read_path(path)            -> Iterator[Article | ArticleError]
    read_stream(stream, name)  -> Iterator[Article | ArticleError]

Formats: .txt (headline line, then body), .html/.htm (a whole web page), .jsonl (one article a
line), .json (one article object or a list of them). A bad file, record or line is yielded as an
ArticleError and the batch goes on; the caller decides whether to stop. No input makes these
functions raise: an empty, binary or undecodable file, a page nested too deeply and an article
longer than `max_chars` characters are errors like any other."""
from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.articles.build import MAX_CHARS, RAW_FACTOR
from kg.articles.clean import Cleaned, clean_text
from kg.articles.decode import BINARY, EMPTY, decode_bytes, invalid_char, looks_binary
from kg.articles.readers import FORMATS, READERS, Result, sniff_format
from kg.errors import ArticleError
from kg.model import Article

__all__ = ["Article", "ArticleError", "Cleaned", "clean_text", "read_path", "read_stream",
           "read_text", "MAX_CHARS", "SUFFIXES"]

SUFFIXES = tuple(FORMATS)
log = logging.getLogger(__name__)


def read_text(text: str, name: str = "-", fmt: str | None = None, max_chars: int = MAX_CHARS) -> Iterator[Result]:
    """The articles of already decoded text; `fmt` (text, html, jsonl, json) is sniffed if not given."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        yield ArticleError(name, EMPTY)
        return
    if looks_binary(text):
        yield ArticleError(name, BINARY)
        return
    fmt = fmt or sniff_format(text)
    bad = invalid_char(text) if fmt != "jsonl" else None  # a .jsonl file loses only the bad lines
    if bad:
        yield ArticleError(name, f"not valid UTF-8 ({bad[2]} at column {bad[1]})", bad[0])
        return
    try:
        yield from READERS[fmt](text, name, max_chars)
    except Exception as exc:  # noqa: BLE001 - whatever a reader missed, the batch goes on
        log.debug("reading %s failed", name, exc_info=True)
        yield ArticleError(name, f"cannot be read ({type(exc).__name__}: {exc})")


def read_stream(stream: IO[str] | IO[bytes], name: str = "-", max_chars: int = MAX_CHARS) -> Iterator[Result]:
    """The articles of an open stream (text or binary), its format sniffed from its content."""
    data = stream.read()
    if isinstance(data, bytes):
        try:
            data = decode_bytes(data, name)
        except ArticleError as exc:
            yield exc
            return
    yield from read_text(data, name, max_chars=max_chars)


def _too_big(path: Path, fmt: str | None, max_chars: int) -> int | None:
    """The size in bytes of a one-article file that cannot be within the limit, else None
    (a character takes at most 4 bytes); .jsonl and .json files hold many articles."""
    factor = RAW_FACTOR.get(fmt or "")
    size = path.stat().st_size
    return size if factor and size > 4 * factor * max_chars else None


def _read_file(path: Path, shown: str, max_chars: int) -> Iterator[Result]:
    fmt = FORMATS.get(path.suffix.lower())
    try:
        size = _too_big(path, fmt, max_chars)
        data = path.read_bytes() if size is None else b""
    except OSError as exc:
        yield ArticleError(shown, f"cannot read: {exc.strerror or exc}")
        return
    if size is not None:
        yield ArticleError(shown, f"too long: the file has {size:,} bytes, and an article may have at most "
                                  f"{max_chars:,} characters (kg ingest --max-chars)")
        return
    try:
        text = decode_bytes(data, shown)
    except ArticleError as exc:
        yield exc
        return
    yield from read_text(text, shown, fmt, max_chars)


def _files(folder: Path) -> list[Path]:
    """Article files under `folder`, recursively, sorted; hidden files and folders skipped."""
    found = []
    for path in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.suffix.lower() in FORMATS and path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def read_path(path: str | Path, max_chars: int = MAX_CHARS) -> Iterator[Result]:
    """The articles of a file, of every article file under a folder, or of standard input ("-")."""
    if str(path) == "-":
        yield from read_stream(getattr(sys.stdin, "buffer", sys.stdin), "-", max_chars)
        return
    path = Path(path)
    if path.is_dir():
        for file in _files(path):
            yield from _read_file(file, str(file), max_chars)
    elif path.exists():
        yield from _read_file(path, str(path), max_chars)
    else:
        yield ArticleError(str(path), "no such file or directory")
