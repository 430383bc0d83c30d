"""Orchestration: read -> nlp -> link -> rdf -> store, one article at a time, with a summary.

Between reading and the pipeline each article is checked: a second article with an id already
read in this batch but other content is an error (the first is kept); one stored before with the
same content and pipeline is skipped; one in another language than English is recorded with its
language and metadata only, never run through the English pipeline. Every problem is one line
naming the file (and line); the batch goes on, unless `strict`, which stops at the first problem
and stores nothing that comes after it. What was stored before a problem always stays."""
from __future__ import annotations

import dataclasses
import itertools
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from . import parallel
from .articles import MAX_CHARS, read_path, read_stream
from .articles.language import ENGLISH, detect_language, is_english, language_name
from .errors import ArticleError, StoreError
from .events import find_events
from .gazetteer import Gazetteer
from .gazetteer import load as load_gazetteer
from .linking import link
from .model import Article, ArticleGraph
from .nlp import build_pipeline, model_pipeline_name, pipeline_name
from .quads import Mapped, map_graph, map_or_error
from .rdf import to_nquads
from .reason import NOT_MADE_HERE, invalidate, is_current, made_by_another, materialise, rebuild_pending, refresh_shared
from .remote import RemoteStore
from .store import Store
from .tally import ROWS_PER_GROUP
from .vocab import article_iri

BATCH = 16
FLUSH_EVERY = 200  # graphs replaced in transactions between flushes of the store's memory tables
NEW_BATCH = 64  # new articles' graphs added to the store together, in one atomic bulk write
COMPACT_EVERY = 8  # bulk writes between foldings of the tallies' pending deltas (kg/tally.py)
NEW_BATCH_QUADS = 200_000  # or fewer, when they are large (a bulk write must stay below NEW_GRAPHS_MAX_QUADS);
# a graph larger than this alone is written in a transaction of its own


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    entities: int = 0
    triples: int = 0
    unchanged: int = 0  # stored before (or earlier in this batch) with the same content: skipped
    not_analysed: int = 0  # in another language: recorded with its language, not analysed
    inferred: int | None = None  # triples in the shared inferred graph after this ingest
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # one line each: file, line, problem
    warnings: list[str] = field(default_factory=list)  # one line each: file, line, what was done
    stopped: bool = False  # strict: stopped at the first problem

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def _violations(quads) -> list:
    from .validate import validate_nquads  # pyshacl is slow to import: only when asked for

    return validate_nquads(to_nquads(quads))


def iter_inputs(paths: Iterable[str], max_chars: int = MAX_CHARS) -> Iterator[Article | ArticleError]:
    for p in paths:
        if p == "-":  # its bytes, decoded as a file's are (Latin-1, UTF-16, ...)
            yield from read_stream(getattr(sys.stdin, "buffer", sys.stdin), name="-", max_chars=max_chars)
        elif not Path(p).exists():
            yield ArticleError(p, "no such file or directory")
        else:
            yield from read_path(p, max_chars)


def where(article: Article) -> str:
    """Where an article was read: file and line, file, or its id."""
    path = article.source_path or article.id
    return f"{path}:{article.source_line}" if article.source_line is not None else path


def analyse(article: Article, doc: Doc, gaz: Gazetteer, pipeline: str) -> ArticleGraph:
    """One parsed article's graph: its entities, then its events and statements."""
    graph, linked = link(article, doc, gaz, pipeline)
    find_events(graph, doc, linked)
    return graph


def analyse_or_error(article: Article, doc: Doc, gaz: Gazetteer, pipeline: str) -> ArticleGraph | ArticleError:
    """As analyse, but a failure on one article is that article's error, not the end of the batch."""
    try:
        return analyse(article, doc, gaz, pipeline)
    except Exception as e:  # noqa: BLE001 - a bug on one text must not stop a corpus
        return ArticleError(where(article), f"could not be analysed ({type(e).__name__}: {e}; a bug, please "
                                            f"report it with this article); not stored")


def process(articles: Iterable[Article], model: str | None = None, jobs: int = 1,
            max_chars: int = MAX_CHARS, cluster: str | None = None,
            rdf: bool = False) -> Iterator[ArticleGraph | Mapped | ArticleError]:
    """Run the pipeline over articles, in batches, yielding each article's graph (or the error that
    kept it from one) in input order; with jobs > 1, batches go to that many worker processes, and
    with `cluster` (a Dask scheduler address, or "local"), to that cluster's workers. The results
    are the same. With `rdf`, each graph comes mapped to its quads (kg.quads.Mapped), mapped where
    it was analysed."""
    it = iter(articles)
    first = next(it, None)
    if first is None:
        return  # nothing new to read: the pipeline is not even loaded
    articles = itertools.chain([first], it)
    if cluster:
        from . import distributed  # Dask is imported only when asked for

        yield from distributed.process(articles, model, cluster, BATCH, max_chars=max_chars, rdf=rdf)
        return
    if jobs > 1:
        yield from parallel.process(articles, model, jobs, BATCH, max_chars, rdf)
        return
    nlp = build_pipeline(model)
    nlp.max_length = max(nlp.max_length, max_chars)
    gaz, name = load_gazetteer(), pipeline_name(nlp)
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH):
        item = analyse_or_error(article, doc, gaz, name)
        yield map_or_error(item) if rdf else item


@dataclass
class _Batch:
    """The checks and the bookkeeping of one ingest run."""

    store: Store | RemoteStore
    summary: IngestSummary
    pipeline: str
    force: bool = False
    strict: bool = False
    on_error: Callable[[str], None] | None = None
    on_warning: Callable[[str], None] | None = None
    on_article: Callable[[Article], None] | None = None
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (where, content hash)
    pending: str | None = None  # strict: the first problem, told once what came before is stored
    replaced: int = 0  # graphs that replaced one stored before (their old entities may be unused now)
    writes: int = 0
    transactions: int = 0  # graphs written in a transaction of their own (the others in bulk)
    new: list[tuple[Article, Callable[[], None]]] = field(default_factory=list)  # added together, later
    new_data: list[bytes] = field(default_factory=list)  # their N-Quads
    new_quads: int = 0
    new_tallies: Counter = field(default_factory=Counter)  # what they count for (kg/tally.py)
    bulk_writes: int = 0
    described: set = field(default_factory=set)  # tally groups a bulk write of this run described (kg/tally.py)
    new_events: set = field(default_factory=set)  # the events the waiting new graphs report that others may too
    flight_events: set = field(default_factory=set)  # those of the bulk write in flight
    writer: ThreadPoolExecutor | None = None  # one thread: the bulk writes, in order
    in_flight: tuple[Future, list[tuple[Article, Callable[[], None]]]] | None = None

    def write(self, article: Article, mapped: Mapped, done: Callable[[], None]) -> bool:
        """Write one article's graph; `done` runs once it is in the store. A graph the store does
        not hold yet waits to be added with the next NEW_BATCH new ones, in one atomic bulk write
        made on a writer thread while the pipeline goes on; one that replaces a stored graph, or
        reports an event another article reports, is written at once in a transaction (after
        those waiting, so the order of the input is kept). False when a write failed (each article
        it held is reported)."""
        local = isinstance(self.store, Store)
        if local and not self.writes:
            invalidate(self.store)  # the first write of a run marks the inferred graph stale
        self.writes += 1
        iri = article_iri(article.id)
        exists = local and self.store.has_graph(iri)
        # a new graph waits for the bulk write, unless another article reports one of its events:
        # then it is written in a transaction that puts that event's single-source row right (kg/index.py)
        if local and not exists and mapped.count <= NEW_BATCH_QUADS and not self.reported(mapped.shared_events):
            self.new_events.update(mapped.shared_events)
            self.new.append((article, done))
            self.new_data.append(mapped.nquads)
            self.new_quads += mapped.count + ROWS_PER_GROUP * len(mapped.tallies)  # what the bulk write holds
            self.new_tallies.update(mapped.tallies)
            full = len(self.new) >= NEW_BATCH or self.new_quads >= NEW_BATCH_QUADS
            return self.add_new() if full else True
        ok = self.add_new()
        ok = self.wait() and ok  # those waiting are in the store (or failed) before this one, never alongside
        if not ok and self.strict:
            return False  # nothing after a failure is stored
        try:
            # with what it lets one conclude and its index rows (a remote store derives for itself)
            self.store.replace_graph(iri, mapped.quads(derived=local))
        except StoreError as e:  # not stored; what was stored before stays
            self.error(f"{where(article)}: {e}")
            return False
        self.replaced += exists
        self.transactions += 1
        if local and self.transactions % FLUSH_EVERY == 0:
            self.compact()  # the pending deltas of the transactions too: no bulk write is in flight
            self.store.flush()  # Oxigraph flushes the memory tables of transactions only when asked or closed
        done()
        return ok

    def compact(self) -> None:
        """Fold the tallies' pending deltas into their totals (with no write in flight); a failure is
        reported, and the deltas stay pending, counted as they are."""
        self.described.clear()  # compaction drops the groups that count nothing any more
        try:
            self.store.compact_tallies()
        except StoreError as e:
            self.error(str(e))

    def reported(self, events: Iterable[str]) -> bool:
        """Whether an article stored, waiting or being written reports one of these events."""
        return any(e in self.new_events or e in self.flight_events or self.store.reported_elsewhere(e, "")
                   for e in events)

    def warning(self, message: str) -> None:
        self.summary.warnings.append(message)
        if self.on_warning:
            self.on_warning(message)

    def add_new(self) -> bool:
        """Start the bulk write of the waiting new graphs, once the one before has ended; False
        when that one failed (its articles are reported; under `strict` the waiting ones, which
        came after it, are dropped)."""
        ok = self.wait()
        if not ok:
            self.described.clear()  # the failed write's descriptions are not in the store
        waiting, data, tallies, events = self.new, b"".join(self.new_data), self.new_tallies, self.new_events
        self.new, self.new_data, self.new_quads, self.new_tallies, self.new_events = [], [], 0, Counter(), set()
        if waiting and (ok or not self.strict):
            # every COMPACT_EVERY bulk writes, the pending deltas are folded in first, on the
            # writer thread too: after the write before, and while the pipeline goes on
            compact = self.bulk_writes > 0 and self.bulk_writes % COMPACT_EVERY == 0
            if compact:
                self.described.clear()  # compaction drops the groups that count nothing any more
            if self.writer is None:
                self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-writer")
            described = frozenset(self.described)
            self.in_flight = (self.writer.submit(_add_new, self.store, data, tallies, described, compact), waiting)
            self.flight_events = events
            self.described.update(tallies)
            self.bulk_writes += 1
        return ok

    def wait(self) -> bool:
        """Wait for the bulk write in flight; False (each of its articles reported) when it failed.
        Oxigraph's bulk loader runs without the GIL, so the pipeline goes on meanwhile."""
        if self.in_flight is None:
            return True
        future, waiting = self.in_flight
        self.in_flight, self.flight_events = None, set()  # stored now, or not at all
        try:
            future.result()
        except StoreError as e:
            for article, _ in waiting:
                self.error(f"{where(article)}: {e}; not stored")
            return False
        for _, done in waiting:
            done()
        return True

    def close(self) -> bool:
        """Write what waits and end the writer thread; False when a write failed."""
        ok = self.add_new()
        ok = self.wait() and ok
        if self.writer is not None:
            self.writer.shutdown()
            self.writer = None
        return ok

    def problem(self, message: str) -> bool:
        """Report a problem (held back under `strict`); whether the run must stop."""
        if self.strict:
            self.pending = self.pending or message
            return True
        self.error(message)
        return False

    def error(self, message: str) -> None:
        self.summary.errors.append(message)
        if self.on_error:
            self.on_error(message)

    def articles(self, items: Iterable[Article | ArticleError]) -> Iterator[Article]:
        """The articles that need the pipeline; the others are reported, skipped or recorded."""
        for item in items:
            if isinstance(item, ArticleError):
                if self.problem(str(item)):
                    return
                continue
            self.summary.read += 1
            seen = self._seen(item)
            if seen is not None:  # read before in this batch: a repeat, or a clash
                if seen and self.problem(seen):
                    return
                continue
            if self._unchanged(item):
                continue
            language = self._language(item)
            if language != ENGLISH:
                if self._other_language(item, language):
                    return
                continue
            if item.language and not is_english(item.language):  # the input said so, its text says not
                item = dataclasses.replace(item, language=ENGLISH)
            yield item

    def _seen(self, article: Article) -> str | None:
        """None for an id new to this batch; "" for the same article again (counted unchanged);
        the error when the id came before with other content (the first is kept)."""
        first = self.seen.get(article.id)
        if first is None:
            self.seen[article.id] = (where(article), article.content_hash)
            return None
        if first[1] == article.content_hash:
            self.summary.unchanged += 1
            return ""
        return f"{where(article)}: duplicate id '{article.id}' (first in {first[0]}) with other text; not stored"

    def _unchanged(self, article: Article) -> bool:
        if self.force or not isinstance(self.store, Store):
            return False
        if self.store.stored_version(article_iri(article.id)) == (article.content_hash, self.pipeline):
            self.summary.unchanged += 1
            return True
        return False

    @staticmethod
    def _language(article: Article) -> str:
        """English, or the language tag to record the article with."""
        found = detect_language(article.text, article.language)
        if found == ENGLISH:
            return ENGLISH
        declared = article.language
        return declared if declared and not is_english(declared) else found

    def _other_language(self, article: Article, language: str) -> bool:
        """Record an article in another language with its metadata only; whether to stop."""
        said = f"{where(article)}: written in {language_name(language)} ({language})"
        if self.strict:
            return self.problem(f"{said}, not English; not analysed")
        graph = ArticleGraph(article=dataclasses.replace(article, language=language), entities=[],
                             sentences=[], pipeline="")

        def done() -> None:
            self.summary.not_analysed += 1
            self.warning(f"{said}; recorded, not analysed")
            if self.on_article:
                self.on_article(article)

        self.write(article, map_graph(graph), done)  # a failure is reported; the run goes on
        return False

    def stored(self, item: Mapped | ArticleError, validate: bool) -> bool:
        """Store one article's graph (now, or with the next new ones); False when it, or the new
        ones written with it, could not be (each problem is reported)."""
        if isinstance(item, ArticleError):
            self.error(str(item))
            return False
        graph = item.graph
        problem = _contract_problem(item.quads(derived=False)) if validate else None
        if problem is not None:
            self.error(f"{where(graph.article)}: {problem}")
            return False

        def done() -> None:
            self.summary.stored += 1
            self.summary.entities += len(graph.entities)
            self.summary.triples += item.asserted
            if self.on_article:
                self.on_article(graph.article)

        return self.write(graph.article, item, done)


def _add_new(store: Store, data: bytes, tallies: Counter, described: frozenset, compact: bool) -> None:
    """One bulk write of new graphs (on the writer thread), after folding the tallies' pending
    deltas into their totals when `compact` (no other write runs then: the thread makes them all)."""
    if compact:
        store.compact_tallies()
    store.add_new_graphs(data, tallies, described)


def _contract_problem(quads) -> str | None:
    problems = _violations(quads)
    if not problems:
        return None
    first = problems[0]
    return f"{len(problems)} contract violation(s), e.g. {first.node}: {first.message}; not stored"


def ingest(paths: Iterable[str], store: Store | RemoteStore, model: str | None = None,
           on_error: Callable[[str], None] | None = None,
           on_article: Callable[[Article], None] | None = None, reason: bool = True,
           validate: bool = False, jobs: int = 1, force: bool = False, strict: bool = False,
           max_chars: int = MAX_CHARS, on_warning: Callable[[str], None] | None = None,
           cluster: str | None = None) -> IngestSummary:
    """Ingest every article under `paths` into `store`, replacing any earlier graph of the same id.

    Bad inputs are reported through `on_error` and the batch goes on; with `strict`, the first
    problem stops it and nothing after it is stored. An article stored before with the same
    content and pipeline is skipped without running the pipeline (unless `force`). With
    `validate`, an article whose graph breaks the contract's shapes is reported and not stored.
    An article in another language is recorded unanalysed and reported through `on_warning`;
    one longer than `max_chars` characters is an error. With `cluster` (a Dask scheduler address,
    or "local"), the language pipeline runs on that cluster; the store is written from here."""
    summary, t0 = IngestSummary(), time.perf_counter()
    batch = _Batch(store, summary, model_pipeline_name(model), force, strict, on_error, on_warning, on_article)
    stale = reason and isinstance(store, Store) and made_by_another(store)  # asked before anything is written
    if stale:
        batch.warning(f"{store.path or 'the store'}: {NOT_MADE_HERE}; rebuilding them from every stored article "
                      f"at the end of this ingest (as kg reason does)")
    try:
        with closing(process(batch.articles(iter_inputs(paths, max_chars)), model, jobs, max_chars,
                             cluster, rdf=True)) as graphs:
            for graph in graphs:
                if not batch.stored(graph, validate) and strict:
                    batch.pending = None  # this one came first in input order
                    summary.stopped = True
                    break
    finally:  # the new graphs still waiting came before any problem that stopped the run
        if not batch.close() and strict:
            summary.stopped = True
    if batch.pending:
        summary.stopped = True
        batch.error(batch.pending)
    if batch.replaced and isinstance(store, Store):
        store.prune_entities()  # what only the old versions named
    if isinstance(store, Store):
        batch.compact()  # the counts this run (or one cut off before) changed, into the totals
    if reason and isinstance(store, Store) and (stale or rebuild_pending(store)):
        summary.inferred = materialise(store)  # `kg reason` was cut off, or the derivation changed: everything again
    elif reason and isinstance(store, Store) and (batch.writes or not is_current(store)):
        summary.inferred = refresh_shared(store)  # each article's inferences were written with it
    store.flush()
    summary.seconds = round(time.perf_counter() - t0, 2)
    return summary
