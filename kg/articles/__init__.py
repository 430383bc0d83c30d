"""Reading news articles from files, folders and standard input.

    read_path(path)            -> Iterator[Article | ArticleError]
    read_stream(stream, name)  -> Iterator[Article | ArticleError]

Formats: .txt (headline line, then body), .html/.htm (a whole web page), .jsonl (one article a
line), .json (one article object or a list of them). A bad file, record or line is yielded as an
ArticleError and the batch goes on; the caller decides whether to stop."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.articles.clean import Cleaned, clean_text
from kg.articles.decode import decode_bytes
from kg.articles.readers import FORMATS, READERS, Result, sniff_format
from kg.errors import ArticleError
from kg.model import Article

__all__ = ["Article", "ArticleError", "Cleaned", "clean_text", "read_path", "read_stream",
           "read_text", "SUFFIXES"]

SUFFIXES = tuple(FORMATS)


def read_text(text: str, name: str = "-", fmt: str | None = None) -> Iterator[Result]:
    """The articles of already decoded text; `fmt` (text, html, jsonl, json) is sniffed if not given."""
    if not text.strip():
        yield ArticleError(name, "empty file")
        return
    yield from READERS[fmt or sniff_format(text)](text.lstrip("\ufeff"), name)


def read_stream(stream: IO[str] | IO[bytes], name: str = "-") -> Iterator[Result]:
    """The articles of an open stream (text or binary), its format sniffed from its content."""
    data = stream.read()
    if isinstance(data, bytes):
        try:
            data = decode_bytes(data, name)
        except ArticleError as exc:
            yield exc
            return
    yield from read_text(data, name)


def _read_file(path: Path, shown: str) -> Iterator[Result]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ArticleError(shown, f"cannot read: {exc.strerror or exc}")
        return
    try:
        text = decode_bytes(data, shown)
    except ArticleError as exc:
        yield exc
        return
    yield from read_text(text, shown, FORMATS.get(path.suffix.lower()))


def _files(folder: Path) -> list[Path]:
    """Article files under `folder`, recursively, sorted; hidden files and folders skipped."""
    found = []
    for path in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.suffix.lower() in FORMATS and path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def read_path(path: str | Path) -> Iterator[Result]:
    """The articles of a file, of every article file under a folder, or of standard input ("-")."""
    if str(path) == "-":
        yield from read_stream(getattr(sys.stdin, "buffer", sys.stdin), "-")
        return
    path = Path(path)
    if path.is_dir():
        for file in _files(path):
            yield from _read_file(file, str(file))
    elif path.exists():
        yield from _read_file(path, str(path))
    else:
        yield ArticleError(str(path), "no such file or directory")
