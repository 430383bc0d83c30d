"""Running the language pipeline on several cores: batches of articles go to worker processes,
each with its own pipeline, and come back in input order; at most a few batches are in flight, so
the corpus is streamed, never held in memory.

On Linux the workers are forked from this process after it has built the pipeline, as spaCy's own
`nlp.pipe(n_process=N)` does: they start at once and share the model's memory until they write to
it. They never touch the store this process holds open (a forked worker ends with `os._exit`, so
nothing of the parent is closed or flushed from it). Elsewhere (macOS, Windows, where forking a
process with threads is unsafe or impossible) each worker is spawned and builds its own pipeline."""
from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from .errors import ArticleError
from .model import Article, ArticleGraph
from .quads import Mapped, map_or_error

_cache: dict = {}  # per worker process: model -> (pipeline, gazetteer, pipeline name)


def analyse_batch(batch: list[Article], model: str | None, max_chars: int,
                  rdf: bool = False) -> list[ArticleGraph | Mapped | ArticleError]:
    """Runs in a worker process (of this pool, or of a Dask cluster): the graphs of a batch of
    articles, in order (with `rdf`, mapped to their quads here); the pipeline is built once per
    process and model."""
    from .gazetteer import load as load_gazetteer
    from .ingest import analyse_or_error
    from .nlp import build_pipeline, pipeline_name

    if model not in _cache:
        nlp = build_pipeline(model)
        _cache[model] = (nlp, load_gazetteer(), pipeline_name(nlp))
    nlp, gaz, name = _cache[model]
    nlp.max_length = max(nlp.max_length, max_chars)
    out = [analyse_or_error(a, doc, gaz, name) for doc, a in nlp.pipe(((a.text, a) for a in batch), as_tuples=True)]
    return [map_or_error(item) for item in out] if rdf else out


def process(articles: Iterable[Article], model: str | None, jobs: int, batch: int,
            max_chars: int = 1_000_000, rdf: bool = False) -> Iterator[ArticleGraph | Mapped | ArticleError]:
    it = iter(articles)
    if sys.platform == "linux":
        ctx = multiprocessing.get_context("fork")
        analyse_batch([], model, max_chars)  # built here, inherited by every worker
    else:
        ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=analyse_batch,
                             initargs=([], model, max_chars)) as pool:
        pending: deque[Future] = deque()
        while True:
            while len(pending) < jobs * 2:
                chunk = list(islice(it, batch))
                if not chunk:
                    break
                pending.append(pool.submit(analyse_batch, chunk, model, max_chars, rdf))
            if not pending:
                return
            yield from pending.popleft().result()
