"""Running the language pipeline on a Dask cluster, for corpora larger than one machine.

Batches of articles are sent to the cluster's workers; each worker process builds the pipeline
once (cached per process and model) and returns the batches' graphs, which come back here in input
order and are written by the caller (to the local store, or to a remote one over the Graph Store
Protocol). At most a few batches per worker are in flight, so the corpus is streamed.

Every worker needs geokg (and the spaCy model) installed, the same version as the client: see
the README's "On a cluster". `address` is a scheduler address ("tcp://host:8786"), or "local" for a
cluster of local processes (for trying it out and for the tests)."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from .errors import ArticleError, KgError
from .model import Article, ArticleGraph
from .parallel import analyse_batch
from .quads import Mapped


class ClusterError(KgError):
    """The cluster cannot be reached or a worker failed."""


@contextmanager
def connect(address: str, timeout: str = "10s"):
    """A Dask client of the scheduler at `address`, or of a local cluster when it is "local"."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - depends on the installation
        raise ClusterError("running on a cluster needs Dask: pip install 'geokg[cluster]'") from None
    try:
        if address == "local":
            with LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                yield client
        else:
            with Client(address, timeout=timeout) as client:
                yield client
    except (OSError, TimeoutError) as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from None


def process(articles: Iterable[Article], model: str | None, address: str, batch: int,
            timeout: str = "10s", max_chars: int = 1_000_000,
            rdf: bool = False) -> Iterator[ArticleGraph | Mapped | ArticleError]:
    """The graphs of `articles`, in input order, computed on the cluster at `address` (with `rdf`,
    mapped to their quads there)."""
    it = iter(articles)
    with connect(address, timeout) as client:
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque = deque()
        while True:
            while len(pending) < window:
                chunk = list(islice(it, batch))
                if not chunk:
                    break
                pending.append(client.submit(analyse_batch, chunk, model, max_chars, rdf, pure=False))
            if not pending:
                return
            try:
                graphs = pending.popleft().result()
            except Exception as e:  # noqa: BLE001 - KilledWorker, lost connections, a worker without geokg...
                raise ClusterError(f"the Dask cluster failed a batch ({type(e).__name__}: {e})") from None
            yield from graphs
