"""Stores of 1k, 10k, 100k articles, run by hand (never in CI): saved-query latency at each size,
and the endpoint's throughput against `oxigraph serve` over the same store.

    python bench/scale.py --sizes 1000,10000,100000 --base 300 --clients 8 --seconds 20
    python bench/scale.py --sizes 10000 --clients 0 --keep /tmp/scale   # build once, measure again later

The stores are built from generated quads, as the issue allows for the big ones: `--base` generated
articles (bench/generate.py) go through kg's whole pipeline once; their graphs are then repeated
under new article ids (every article, sentence, mention, statement and event node is renamed, so
each copy reports events of its own; the shared nodes - states, bodies, officials - stay shared,
as they are across real articles) and bulk-loaded. Query latency is measured in-process through
`kg.queries.run` (what `kg query NAME` runs, without the CLI's start-up), for the whole answer and
for its first page (`--page`, default 100 rows: what `/queries/NAME` answers by default); throughput over HTTP with
`--clients` concurrent clients sending the SPARQL of the saved queries that need no parameter to
`kg serve`'s /sparql and to `oxigraph serve-read-only --union-default-graph`'s /query, one server
after the other on the same store.
"""
from __future__ import annotations

import argparse
import itertools
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import queries as saved  # noqa: E402
from kg.index import index_rows, source_rows  # noqa: E402
from kg.ingest import iter_inputs, process  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.rdf import ENTITIES  # noqa: E402
from kg.reason import refresh_shared  # noqa: E402
from kg.store import Store, serialize_results, to_oxigraph  # noqa: E402
from kg.tally import contributions, delta_rows  # noqa: E402
from kg.vocab import ARTICLES, INDEX, SPARQL_PREFIXES, article_hash  # noqa: E402


def articles(path: Path) -> list[Article]:
    """The articles of a generated corpus (it has no bad lines; anything else would be skipped)."""
    return [a for a in iter_inputs([str(path)]) if isinstance(a, Article)]


def base_graphs(n: int, folder: Path) -> list[tuple[str, list]]:
    """(article hash, quads) of n generated articles, through kg's pipeline: each article's graph,
    the shared descriptions it carries, its inferred graph and its index rows, as `kg ingest`
    writes them."""
    path = folder / f"base-{n}.jsonl"
    if not path.is_file():
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(n), str(path)], check=True)
    return [(article_hash(m.graph.article.id), m.quads()) for m in process(articles(path), jobs=2, rdf=True)]


def _renamed(term, old: str, new: str):
    if old in term.value:
        return term._replace(value=term.value.replace(old, new))
    if "/id/event/" in term.value:  # a dated event, keyed by what happened: another one in each copy
        return term._replace(value=f"{term.value}-{new[:8]}")
    return term


def replicas(base: list[tuple[str, list]], n: int, tallies: Counter):
    """n articles' quads: the base articles again and again under new ids, with the index rows of
    the renamed copy (kg.index.index_rows and source_rows, as an ingest writes them); reference quads once. What
    each copy counts for (kg.tally.contributions) is added to `tallies`."""
    for i in range(n):
        h, quads = base[i % len(base)]
        new = article_hash(f"replica-{i}")
        copy = []
        for s, p, o, g in quads:
            if g.value == ENTITIES:
                if i < len(base):
                    yield s, p, o, g
            elif not g.value.startswith(INDEX):  # the base's rows are of the base's events
                copy.append((_renamed(s, h, new), p, _renamed(o, h, new), _renamed(g, h, new)))
        yield from copy
        yield from index_rows(copy, ARTICLES + new)
        yield from source_rows(copy, ARTICLES + new)  # each copy's events are its own: no other reports them
        tallies.update(contributions(copy, ARTICLES + new))


def build(base: list, n: int, path: Path) -> float:
    db = ox.Store(str(path))
    t = time.perf_counter()
    batch, tallies = 200_000, Counter()
    it = replicas(base, n, tallies)
    while chunk := list(itertools.islice(it, batch)):
        db.bulk_extend(to_oxigraph(chunk))
    db.bulk_extend(to_oxigraph(delta_rows(tallies)))
    db.flush()
    del db
    store = Store(path)
    store.compact_tallies()
    refresh_shared(store)  # the shared inferred graph, as `kg ingest` ends
    store.close()
    return time.perf_counter() - t


def timed(store: Store, name: str, repeats: int, limit: int | None = None) -> tuple[float, float, int]:
    """Median and p95 milliseconds of `repeats` runs (every row read), and the rows."""
    times, rows = [], 0
    for _ in range(repeats):
        t = time.perf_counter()
        rows = len(list(saved.run(store, name, {}, limit=limit)))
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))], rows


def latency(store: Store, repeats: int, page: int, names: list[str]) -> dict[str, tuple]:
    """Per saved query: (median, p95, rows) of the whole answer, then of its first page."""
    return {name: timed(store, name, repeats) + timed(store, name, repeats, page) for name in names}


def dump(store: Store, names: list[str], folder: Path) -> None:
    """Each query's whole answer as TSV, in its order (to compare two versions of the queries)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.tsv").write_bytes(serialize_results(saved.run(store, name, {}), "tsv"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.args}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not start: {proc.args}")


def throughput(url: str, queries: list[str], clients: int, seconds: float) -> tuple[float, int, float]:
    """Queries answered per second by `clients` threads for `seconds`; errors; median ms."""
    done, errors, times, stop = [0], [0], [], time.perf_counter() + seconds
    lock = threading.Lock()

    def client(k: int) -> None:
        with httpx.Client(timeout=120) as http:
            for q in itertools.islice(itertools.cycle(queries), k, None):
                if time.perf_counter() > stop:
                    return
                t = time.perf_counter()
                r = http.post(url, data={"query": q}, headers={"Accept": "application/sparql-results+json"})
                with lock:
                    done[0] += 1
                    errors[0] += r.status_code != 200
                    times.append((time.perf_counter() - t) * 1000)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return done[0] / (time.perf_counter() - t0), errors[0], statistics.median(times) if times else 0.0


def endpoints(store_path: Path, clients: int, seconds: float) -> dict[str, tuple[float, int, float]]:
    # the saved queries that need no parameter, as plain SPARQL both servers read the same way
    queries = [SPARQL_PREFIXES + q.text for q in saved.load_all().values()
               if not any(p.required for p in q.params)]
    out = {}
    port = _free_port()
    servers = {
        "kg serve": ([str(Path(sys.executable).parent / "kg"), "serve", "--store", str(store_path), "--port", str(port),
                      "--timeout", "120"], f"http://127.0.0.1:{port}/sparql"),
        "oxigraph serve": ([str(Path(sys.executable).parent / "oxigraph"), "serve-read-only", "--location",
                            str(store_path), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                           f"http://127.0.0.1:{port}/query"),
    }
    for name, (cmd, url) in servers.items():
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(url + "?query=ASK%7B%7D", proc)
            out[name] = throughput(url, queries, clients, seconds)
        finally:
            proc.terminate()
            proc.wait(30)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--base", type=int, default=300, help="articles run through the pipeline")
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--keep", type=Path, help="keep the stores in this folder, and use the ones it holds "
                                              "(store-N, built by an earlier run with the same --base) again")
    ap.add_argument("--page", type=int, default=100, help="rows of the first page measured beside the whole answer")
    ap.add_argument("--queries", help="only these saved queries (comma-separated names)")
    ap.add_argument("--dump", type=Path, help="write each query's whole answer to DUMP/N/NAME.tsv")
    args = ap.parse_args()
    names = args.queries.split(",") if args.queries else list(saved.load_all())
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        kept = {n for n in sizes if args.keep and (folder / f"store-{n}" / "CURRENT").is_file()}
        base = base_graphs(args.base, folder) if kept != set(sizes) else []
        if base:
            print(f"base: {len(base)} articles, {sum(len(q) for _, q in base) / len(base):.0f} quads each")
        for n in sizes:
            path = folder / f"store-{n}"
            if n in kept:
                how = f"kept from an earlier run in {path}"
            else:
                shutil.rmtree(path, ignore_errors=True)
                how = f"bulk-built in {build(base, n, path):.0f} s"
            store = Store(path, read_only=True)
            print(f"\n== {n} articles: {len(store):,} quads ({how})")
            print(f"  {'':32} {'whole answer':^28} {f'first page (limit={args.page})':^28}")
            print(f"  {'saved query':32}" + f" {'median ms':>10} {'p95 ms':>10} {'rows':>6}" * 2)
            for name, (med, p95, rows, pmed, pp95, prows) in latency(store, args.repeats, args.page, names).items():
                print(f"  {name:32} {med:10.1f} {p95:10.1f} {rows:6} {pmed:10.1f} {pp95:10.1f} {prows:6}", flush=True)
            if args.dump:
                dump(store, names, args.dump / str(n))
            store.close()
            if args.clients:
                print(f"  endpoint throughput, {args.clients} clients, {args.seconds:.0f} s each:")
                for name, (qps, errors, med) in endpoints(path, args.clients, args.seconds).items():
                    print(f"    {name:16} {qps:7.1f} queries/s  median {med:8.1f} ms  errors {errors}")


if __name__ == "__main__":
    main()
