"""Benchmarks, run by hand (never in CI), printing kg's figures beside what a user would otherwise run.

    python bench/run.py --sizes 200,1000 --jobs 2

1. ingest throughput: kg's whole pipeline (read, spaCy with geokg's rulers, linking, events, RDF,
   reasoning, store: what `kg ingest` does by default) against the bare spaCy pipeline (`spacy.load` of the same model, `nlp.pipe`, same texts),
   on one process and on --jobs processes; both pipelines are loaded before the clock starts;
2. writing to the store: kg ingest's writes (new articles added 64 at a time in atomic bulk writes,
   replaced ones in one transaction each, each with its inferred graph) against `bulk_load` of the
   same quads;
3. every saved query's latency (median and p95) on the store built at each size;
4. peak memory (VmHWM) of `kg ingest` at each size, in a fresh process.

`--ingest-repeats R` measures each ingest pair R times, one after the other, and prints the pair of
the median ratio (a busy machine slows both alike; one pair on a busy machine can be far off).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import queries as saved  # noqa: E402
from kg.ingest import IngestSummary, _Batch, ingest, iter_inputs, process  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.nlp import build_pipeline  # noqa: E402
from kg.store import Store  # noqa: E402


def articles(path: Path) -> list[Article]:
    """The articles of a generated corpus (it has no bad lines; anything else would be skipped)."""
    return [a for a in iter_inputs([str(path)]) if isinstance(a, Article)]


def corpus(n: int, folder: Path) -> Path:
    path = folder / f"corpus-{n}.jsonl"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(n), str(path)], check=True)
    return path


def words(path: Path) -> int:
    return sum(len(json.loads(line)["text"].split()) for line in path.open(encoding="utf-8"))


def bare_spacy(path: Path, jobs: int) -> float:
    """The model's own pipeline, as a user would load it (`spacy.load(name)`, without geokg's
    rulers), over the same texts."""
    meta = build_pipeline().meta
    nlp = spacy.load(f"{meta['lang']}_{meta['name']}")
    texts = [a.text for a in articles(path)]
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=jobs):
        pass
    return time.perf_counter() - t


def kg_ingest(path: Path, folder: Path, jobs: int, run: int = 0) -> tuple[float, Store]:
    build_pipeline()  # loaded once, as the bare pipeline is
    store = Store(folder / f"store-{path.stem}-j{jobs}-{run}")
    t = time.perf_counter()
    ingest([str(path)], store, jobs=jobs)  # as `kg ingest` runs: reasoning included
    return time.perf_counter() - t, store


def store_writes(path: Path, folder: Path) -> tuple[float, float]:
    """kg ingest's writes (new articles in atomic bulk writes, through the same code, each with its
    inferred graph) of graphs mapped to N-Quads beforehand (as the workers do, or the pipeline's
    loop on one process), against `bulk_load` of the same quads from an N-Quads file."""
    graphs = [(m.graph.article, m) for m in process(articles(path), rdf=True)]
    ours = Store(folder / "writes-kg")
    t = time.perf_counter()
    writer = _Batch(ours, IngestSummary(), pipeline="")
    for article, mapped in graphs:
        writer.write(article, mapped, done=lambda: None)
    writer.close()  # the last bulk write, waited for
    ours.flush()
    kg_s = time.perf_counter() - t
    assert not writer.summary.errors, writer.summary.errors
    nq = folder / "writes.nq"
    nq.write_bytes(b"".join(m.nquads for _, m in graphs))
    bulk = Store(folder / "writes-bulk")
    t = time.perf_counter()
    bulk.bulk_load(nq)
    return kg_s, time.perf_counter() - t


def query_latency(store: Store, repeats: int) -> dict[str, tuple[float, float]]:
    out = {}
    for name in saved.load_all():
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            list(saved.run(store, name, {}))
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        out[name] = (statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))])
    return out


def peak_memory(path: Path, folder: Path) -> float:
    """Peak RSS (MiB) of a fresh `kg ingest` process over the corpus: VmHWM, the high-water mark of
    the process's own memory (getrusage's ru_maxrss survives exec on Linux, so it would count this
    benchmark's memory at the moment it started the child)."""
    code = ("import sys; from kg.cli.main import app; sys.argv=['kg','ingest',sys.argv[1],'--store',"
            "sys.argv[2],'-q','-j','1']\ntry:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])")
    r = subprocess.run([sys.executable, "-c", code, str(path), str(folder / f"mem-{path.stem}")],
                       capture_output=True, text=True, check=True, cwd=ROOT)
    return int(r.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="200,1000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=20, help="runs of each saved query")
    ap.add_argument("--ingest-repeats", type=int, default=1,
                    help="pairs of ingest runs (bare, kg); the pair with the median ratio is printed")
    ap.add_argument("--parts", default="ingest,writes,queries,memory",
                    help="which measures to run, comma-separated (queries need ingest)")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in (int(s) for s in args.sizes.split(",")):
            path = corpus(n, folder)
            w = words(path)
            print(f"\n== {n} articles, {w} words", flush=True)
            store = None
            for jobs in sorted({1, args.jobs}) if "ingest" in parts else ():
                runs = []  # (bare, ours), measured one after the other: a busy machine slows both alike
                for run in range(args.ingest_repeats):
                    bare = bare_spacy(path, jobs)
                    if store is not None:
                        store.close()
                    ours, store = kg_ingest(path, folder, jobs, run)
                    runs.append((bare, ours))
                bare, ours = sorted(runs, key=lambda r: r[1] / r[0])[len(runs) // 2]  # the median ratio's pair
                print(f"ingest, {jobs} process(es): kg {ours:.1f} s ({n / ours:.1f} art/s, {w / ours:.0f} words/s)"
                      f" | bare spaCy {bare:.1f} s ({n / bare:.1f} art/s) | ratio {ours / bare:.2f} (target <= 1.3)"
                      + (f"; ratios of {len(runs)} runs: " + ", ".join(f"{o / b:.2f}" for b, o in runs)
                         if len(runs) > 1 else ""), flush=True)
            if "writes" in parts:
                kg_w, bulk_w = store_writes(path, folder)
                print(f"store writes: kg {kg_w:.2f} s | bulk_load {bulk_w:.2f} s | "
                      f"ratio {kg_w / bulk_w:.2f} (target <= 1.5)", flush=True)
            if "queries" in parts and store is not None:
                print("saved queries (ms, median / p95):")
                for name, (med, p95) in query_latency(store, args.repeats).items():
                    print(f"  {name:32} {med:8.1f} {p95:8.1f}")
            if "memory" in parts:
                print(f"peak memory of kg ingest: {peak_memory(path, folder):.0f} MiB", flush=True)

if __name__ == "__main__":
    main()
