"""Running the language pipeline on several cores: batches of articles go to worker processes,
each with its own pipeline, and come back in input order; at most a few batches are in flight, so
the corpus is streamed, never held in memory."""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from .errors import ArticleError
from .model import Article, ArticleGraph

_cache: dict = {}  # per worker process: model -> (pipeline, gazetteer, pipeline name)


def analyse_batch(batch: list[Article], model: str | None, max_chars: int) -> list[ArticleGraph | ArticleError]:
    """Runs in a worker process (of this pool, or of a Dask cluster): the graphs of a batch of
    articles, in order; the pipeline is built once per process and model."""
    from .gazetteer import load as load_gazetteer
    from .ingest import analyse_or_error
    from .nlp import build_pipeline, pipeline_name

    if model not in _cache:
        nlp = build_pipeline(model)
        _cache[model] = (nlp, load_gazetteer(), pipeline_name(nlp))
    nlp, gaz, name = _cache[model]
    nlp.max_length = max(nlp.max_length, max_chars)
    return [analyse_or_error(a, doc, gaz, name) for doc, a in nlp.pipe(((a.text, a) for a in batch), as_tuples=True)]


def process(articles: Iterable[Article], model: str | None, jobs: int, batch: int,
            max_chars: int = 1_000_000) -> Iterator[ArticleGraph | ArticleError]:
    it = iter(articles)
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=analyse_batch,
                             initargs=([], model, max_chars)) as pool:
        pending: deque[Future] = deque()
        while True:
            while len(pending) < jobs * 2:
                chunk = list(islice(it, batch))
                if not chunk:
                    break
                pending.append(pool.submit(analyse_batch, chunk, model, max_chars))
            if not pending:
                return
            yield from pending.popleft().result()
