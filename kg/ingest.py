"""Orchestration: read -> nlp -> link -> rdf -> store, one article at a time, with a summary."""
from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from . import parallel
from .articles import read_path, read_stream
from .errors import ArticleError, StoreError
from .events import find_events
from .gazetteer import Gazetteer
from .gazetteer import load as load_gazetteer
from .linking import link
from .model import Article, ArticleGraph
from .nlp import build_pipeline, model_pipeline_name, pipeline_name
from .rdf import article_quads, to_nquads
from .reason import materialise
from .remote import RemoteStore
from .store import Store
from .vocab import article_iri

BATCH = 16


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    entities: int = 0
    triples: int = 0
    unchanged: int = 0  # stored before with the same content and pipeline: skipped
    inferred: int | None = None  # triples in the inferred graph after this ingest
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # one line each: file, line, problem

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def _violations(quads) -> list:
    from .validate import validate_nquads  # pyshacl is slow to import: only when asked for

    return validate_nquads(to_nquads(quads))


def iter_inputs(paths: Iterable[str]) -> Iterator[Article | ArticleError]:
    for p in paths:
        if p == "-":
            yield from read_stream(sys.stdin, name="-")
        elif not Path(p).exists():
            yield ArticleError(p, "no such file or directory")
        else:
            yield from read_path(p)


def analyse(article: Article, doc: Doc, gaz: Gazetteer, pipeline: str) -> ArticleGraph:
    """One parsed article's graph: its entities, then its events and statements."""
    graph, linked = link(article, doc, gaz, pipeline)
    find_events(graph, doc, linked)
    return graph


def process(articles: Iterable[Article], model: str | None = None, jobs: int = 1) -> Iterator[ArticleGraph]:
    """Run the pipeline over articles, in batches, yielding each article's graph in input order;
    with jobs > 1, batches go to that many worker processes (the results are the same)."""
    it = iter(articles)
    first = next(it, None)
    if first is None:
        return  # nothing new to read: the pipeline is not even loaded
    articles = itertools.chain([first], it)
    if jobs > 1:
        yield from parallel.process(articles, model, jobs, BATCH)
        return
    nlp = build_pipeline(model)
    gaz, name = load_gazetteer(), pipeline_name(nlp)
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH):
        yield analyse(article, doc, gaz, name)


def ingest(paths: Iterable[str], store: Store | RemoteStore, model: str | None = None,
           on_error: Callable[[str], None] | None = None,
           on_article: Callable[[Article], None] | None = None, reason: bool = True,
           validate: bool = False, jobs: int = 1, force: bool = False) -> IngestSummary:
    """Ingest every article under `paths` into `store`, replacing any earlier graph of the same id.

    Bad inputs are reported through `on_error` and the batch goes on. An article stored before with
    the same content and pipeline is skipped without running the pipeline (unless `force`). With
    `validate`, an article whose graph breaks the contract's shapes is reported and not stored."""
    summary, t0 = IngestSummary(), time.perf_counter()
    pipeline = model_pipeline_name(model)

    def articles() -> Iterator[Article]:
        for item in iter_inputs(paths):
            if isinstance(item, ArticleError):
                summary.errors.append(str(item))
                if on_error:
                    on_error(str(item))
                continue
            summary.read += 1
            if not force and isinstance(store, Store) and \
                    store.stored_version(article_iri(item.id)) == (item.content_hash, pipeline):
                summary.unchanged += 1
                continue
            yield item

    for graph in process(articles(), model, jobs):
        quads = article_quads(graph)
        problems = _violations(quads) if validate else []
        if problems:
            first = problems[0]
            summary.errors.append(f"{graph.article.source_path or graph.article.id}: {len(problems)} contract "
                                  f"violation(s), e.g. {first.node}: {first.message}; not stored")
            if on_error:
                on_error(summary.errors[-1])
            continue
        try:
            store.replace_graph(article_iri(graph.article.id), quads)
        except StoreError as e:  # this article is not stored; what was stored before stays
            summary.errors.append(f"{graph.article.source_path or graph.article.id}: {e}")
            if on_error:
                on_error(summary.errors[-1])
            continue
        summary.stored += 1
        summary.entities += len(graph.entities)
        summary.triples += len(quads)
        if on_article:
            on_article(graph.article)
    if reason and summary.stored and isinstance(store, Store):
        summary.inferred = materialise(store)  # keep the inferred graph current
    store.flush()
    summary.seconds = round(time.perf_counter() - t0, 2)
    return summary
