"""Typed exceptions of the library; the CLI turns them into one-line messages and exit codes."""
from __future__ import annotations


class KgError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1


class ArticleError(KgError):
    """An input that cannot be read as an article: names the file (and line) and the problem,
    always on one line."""

    def __init__(self, path: str, problem: str, line: int | None = None):
        self.path, self.problem, self.line = path, " ".join(problem.split()), line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {self.problem}")


class ModelError(KgError):
    """The spaCy pipeline asked for is not installed."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the store."""


class QueryError(KgError):
    """A SPARQL query that does not parse or cannot run."""

    exit_code = 2
