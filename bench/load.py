"""Load test of `kg serve` on 127.0.0.1, run by hand (never in CI). It prints a table to paste into a note.

    .venv/bin/python bench/load.py                                  # sample articles, 8 clients, 2000 requests or 60 s
    .venv/bin/python bench/load.py --store DIR --clients 16 --requests 5000 --seconds 120
    .venv/bin/python bench/load.py --url http://127.0.0.1:7878      # a server already running: nothing is started

Without --url it starts `kg serve --store DIR --timeout T --max-rows R` on a free port of 127.0.0.1
(over --store, or over a store it builds from data/samples with `kg ingest` in a temporary folder)
and stops it at the end. Nothing is written to the store.

C client threads (--clients), each with its own HTTP connection, send requests until --requests
have been sent or --seconds have passed, whichever comes first. Each request is drawn (seeded by
--seed) from these kinds, weighted by --mix, each with the status it must get:

  saved      GET /queries/NAME?param=...: saved queries with parameters, JSON or CSV   200
  sparql     small SELECT / ASK / CONSTRUCT at /sparql by GET, form POST or body POST  200
  entity     GET /api/entity?iri=...: the web page's entity view (six queries)         200
  large      a SELECT of exactly --max-rows rows (JSON, CSV or XML)                    200
  overcap    a SELECT of more rows than --max-rows                                     422
  malformed  SPARQL that does not parse, bad saved-query parameters, bad IRIs          400
  heavy      a cross join of all triples 4 or 5 deep, far past --timeout               503

It prints, per kind and in all: requests, status histogram, unexpected statuses, latency p50,
p95, p99 and max; then the error rate (4xx/5xx, most of them on purpose), the unexpected rate,
requests that hung (no answer within --client-timeout), error bodies that are not the server's
one JSON shape or that hold a stack trace, and whether the server still answers afterwards.
The exit code is 1 if any of those went wrong.

tests/test_server_load.py runs a small version of the same mix (it loads this file by path).
"""
from __future__ import annotations

import argparse
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {"saved": {200}, "sparql": {200}, "entity": {200}, "large": {200}, "overcap": {422},
            "malformed": {400}, "heavy": {503}}
DEFAULT_MIX = "saved=35,sparql=15,entity=5,large=10,overcap=5,malformed=26,heavy=4"
STACK_TRACE = re.compile(r"Traceback|File \"|\.py\b|site-packages")
KG = "https://w3id.org/geokg/ontology#"
ID = "https://w3id.org/geokg/id/"

SAVED = [("state-timeline", {"state": "RUS"}), ("state-timeline", {"state": "USA"}),
         ("sanctions-regimes", {}), ("sanctions-regimes", {"imposer": "USA"}), ("sanctions-violators", {}),
         ("who-said-what", {}), ("who-said-what", {"speaker": "minister"}), ("accusations", {}),
         ("state-bodies-officials", {"state": "USA"}), ("entity-facts", {"entity": "state/RUS"}),
         ("states-mentioned-together", {"state": "RUS"}), ("officials-quoted-about-state", {"state": "RUS"}),
         ("entities-new-since", {"since": "2024-01-01"}), ("quantities", {}), ("single-source-facts", {}),
         ("allegations-vs-facts", {}), ("articles-mentioning-both", {"first": "Russia", "second": "United States"})]
SMALL = [f"PREFIX kg: <{KG}> SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a kg:State }}",
         f"PREFIX kg: <{KG}> SELECT DISTINCT ?iso WHERE {{ ?s kg:iso3 ?iso }} ORDER BY ?iso LIMIT 20",
         f"ASK {{ <{ID}state/RUS> ?p ?o }}",
         f"CONSTRUCT {{ <{ID}state/RUS> ?p ?o }} WHERE {{ <{ID}state/RUS> ?p ?o }}",
         "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"]
ENTITIES = ["state/RUS", "state/USA", "state/CHN", "state/PRK", "state/IRN"]
BROKEN = ["SELECT WHERE {", "SELEKT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o ", "SELECT * { ?s ?p }",
          "PREFIX : <nope SELECT * {}", "SELECT * WHERE { ?s ?p ?o } LIMIT -1", "DROP ALL",
          'SELECT * WHERE { ?s ?p "unterminated }']
BAD_SAVED = [("entities-new-since", {"since": "yesterday"}), ("state-timeline", {"nope": "1"}),
             ("entity-facts", {"entity": "state/RUS> } UNION { ?s ?p ?o"}), ("entity-facts", {"entity": "http://x/%zz"}),
             ("entities-new-since", {"since": "2024-13-45"})]


@dataclass
class Call:
    kind: str
    method: str
    path: str
    params: dict = field(default_factory=dict)
    data: dict | None = None
    content: str | None = None
    headers: dict = field(default_factory=dict)
    rows: int | None = None  # rows a 200 must hold


@dataclass
class Result:
    kind: str
    status: int | str  # HTTP status, or "hung" / "refused" / "broken" when no answer came
    seconds: float
    problem: str | None = None  # a wrong body: not the JSON error shape, a stack trace, rows missing
    message: str = ""  # an error's message
    path: str = ""  # what was asked for (the saved query's path)


def parse_mix(text: str) -> dict[str, int]:
    mix = {k.strip(): int(v) for k, v in (part.split("=") for part in text.split(",") if part.strip())}
    unknown = set(mix) - set(EXPECTED)
    if unknown:
        raise SystemExit(f"unknown kinds in --mix: {', '.join(sorted(unknown))}")
    return mix


def make_call(kind: str, rng: random.Random, max_rows: int) -> Call:
    """One request of the kind."""
    if kind == "saved":
        name, params = rng.choice(SAVED)
        fmt = rng.choice(["json", "json", "csv"])
        return Call(kind, "GET", f"/queries/{name}", params | ({"format": "csv"} if fmt == "csv" else {}))
    if kind == "sparql":
        return _sparql_call(kind, rng.choice(SMALL), rng.choice(["get", "form", "body"]))
    if kind == "entity":
        return Call(kind, "GET", "/api/entity", {"iri": ID + rng.choice(ENTITIES)})
    if kind == "large":
        fmt = rng.choice(["application/sparql-results+json", "text/csv", "application/sparql-results+xml"])
        q = f"SELECT * WHERE {{ ?a ?b ?c . ?d ?e ?f }} LIMIT {max_rows}"
        return Call(kind, "POST", "/sparql", data={"query": q}, headers={"Accept": fmt}, rows=max_rows)
    if kind == "overcap":
        q = rng.choice(["SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "SELECT ?a ?f WHERE { ?a ?b ?c . ?d ?e ?f }"])
        return _sparql_call(kind, q, rng.choice(["get", "form"]))
    if kind == "malformed":
        return _malformed(rng)
    depth = rng.choice([4, 5])
    patterns = " . ".join(f"?s{i} ?p{i} ?o{i}" for i in range(depth))
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ {patterns} FILTER (STR(?o0) != \"{rng.random()}\") }}"
    return _sparql_call("heavy", q, rng.choice(["get", "form"]))


def _sparql_call(kind: str, query: str, how: str) -> Call:
    if how == "get":
        return Call(kind, "GET", "/sparql", {"query": query})
    if how == "form":
        return Call(kind, "POST", "/sparql", data={"query": query})
    return Call(kind, "POST", "/sparql", content=query, headers={"Content-Type": "application/sparql-query"})


def _malformed(rng: random.Random) -> Call:
    pick = rng.random()
    if pick < 0.5:
        return _sparql_call("malformed", rng.choice(BROKEN), rng.choice(["get", "form", "body"]))
    if pick < 0.8:
        name, params = rng.choice(BAD_SAVED)
        return Call("malformed", "GET", f"/queries/{name}", params)
    return Call("malformed", "GET", "/sparql", {"query": "ASK {}", "default-graph-uri": "not an iri"})


def send(client: httpx.Client, call: Call) -> Result:
    started = time.perf_counter()
    try:
        r = client.request(call.method, call.path, params=call.params or None, data=call.data,
                           content=call.content, headers=call.headers)
    except httpx.TimeoutException:
        return Result(call.kind, "hung", time.perf_counter() - started)
    except httpx.ConnectError:
        return Result(call.kind, "refused", time.perf_counter() - started)
    except httpx.HTTPError as e:
        return Result(call.kind, "broken", time.perf_counter() - started, type(e).__name__)
    took = time.perf_counter() - started
    return Result(call.kind, r.status_code, took, body_problem(call, r), _message(r) if r.status_code >= 400 else "",
                  call.path if call.kind == "saved" else "")


def _message(r: httpx.Response) -> str:
    try:
        return str(r.json()["error"]["message"])[:80]
    except (ValueError, KeyError, TypeError):
        return r.text[:80]


def body_problem(call: Call, r: httpx.Response) -> str | None:
    """What is wrong with the body, if anything: an error not in the one JSON shape, a stack
    trace, a large result without its rows."""
    if r.status_code >= 400:
        if STACK_TRACE.search(r.text):
            return "stack trace in an error body"
        try:
            err = r.json()["error"]
            ok = err["status"] == r.status_code and isinstance(err["message"], str) and err["message"]
        except (ValueError, KeyError, TypeError):
            ok = False
        return None if ok else "error body not in the JSON error shape"
    if r.status_code == 200 and call.rows is not None and _rows(r) != call.rows:
        return f"{_rows(r)} rows instead of {call.rows}"
    return None


def _rows(r: httpx.Response) -> int:
    ctype = r.headers.get("content-type", "")
    if "json" in ctype:
        return len(r.json()["results"]["bindings"])
    if "csv" in ctype:
        return len(r.text.strip("\r\n").split("\r\n")) - 1
    return r.text.count("<result>")


def run_load(base: str, clients: int, requests: int, seconds: float, mix: dict[str, int], max_rows: int,
             client_timeout: float = 60.0, seed: int = 7) -> tuple[list[Result], float]:
    """Send the mix from `clients` threads until `requests` are sent or `seconds` have passed;
    every result and the wall-clock seconds taken."""
    kinds, weights = list(mix), list(mix.values())
    results: list[Result] = []
    lock, counter = threading.Lock(), iter(range(requests))
    deadline = time.monotonic() + seconds

    def client_loop() -> None:
        with httpx.Client(base_url=base, timeout=client_timeout) as client:
            while time.monotonic() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                rng = random.Random(seed * 1_000_003 + n)
                result = send(client, make_call(rng.choices(kinds, weights)[0], rng, max_rows))
                with lock:
                    results.append(result)

    started = time.monotonic()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.monotonic() - started


def unexpected(results: list[Result]) -> list[Result]:
    return [r for r in results if r.status not in EXPECTED[r.kind]]


def alive(base: str) -> bool:
    try:
        r = httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        return r.status_code == 200 and r.json()["boolean"] is True
    except (httpx.HTTPError, ValueError, KeyError):
        return False


# --- the report -------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def table(results: list[Result]) -> str:
    lines = ["| kind | requests | statuses | unexpected | p50 ms | p95 ms | p99 ms | max ms |",
             "|---|---:|---|---:|---:|---:|---:|---:|"]
    groups = {k: [r for r in results if r.kind == k] for k in EXPECTED} | {"all": results}
    for kind, rs in groups.items():
        if not rs:
            continue
        ms = [r.seconds * 1000 for r in rs]
        statuses = " ".join(f"{s}:{n}" for s, n in sorted(Counter(str(r.status) for r in rs).items()))
        lines.append(f"| {kind} | {len(rs)} | {statuses} | {len(unexpected(rs))} | {percentile(ms, 50):.0f} | "
                     f"{percentile(ms, 95):.0f} | {percentile(ms, 99):.0f} | {max(ms):.0f} |")
    return "\n".join(lines)


def summary(results: list[Result], wall: float, server_alive: bool) -> str:
    n = len(results)
    errors = sum(1 for r in results if not isinstance(r.status, int) or r.status >= 400)
    bad = unexpected(results)
    hung = sum(1 for r in results if r.status == "hung")
    problems = Counter(r.problem for r in results if r.problem)
    return "\n".join([
        f"{n} requests in {wall:.1f} s ({n / wall:.1f} requests/s)",
        f"error rate (4xx/5xx, most on purpose): {errors / n:.1%}; "
        f"unexpected statuses: {len(bad)} ({len(bad) / n:.2%})",
        *[f"  {count} x {kind} {path} {status}: {message}" for (kind, path, status, message), count
          in Counter((r.kind, r.path, r.status, r.message) for r in bad).most_common(8)],
        f"hung (no answer in the client's time limit): {hung}; wrong bodies: {sum(problems.values())}"
        + (f" {dict(problems)}" if problems else ""),
        f"server still answers afterwards: {'yes' if server_alive else 'NO'}"])


# --- the server -------------------------------------------------------------------------------
def kg_command() -> list[str]:
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from kg.cli.main import app; app()"]


def build_sample_store(folder: Path) -> Path:
    store = folder / "store"
    subprocess.run(kg_command() + ["ingest", str(ROOT / "data" / "samples"), "--store", str(store), "--quiet"],
                   check=True, cwd=ROOT)
    return store


def start_server(store: Path, timeout: float, max_rows: int, log: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(kg_command() + ["serve", "--store", str(store), "--port", str(port), "--timeout",
                                            str(timeout), "--max-rows", str(max_rows)],
                            stdout=subprocess.DEVNULL, stderr=log.open("w"), cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if alive(base):
            return proc, base
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"kg serve did not start:\n{log.read_text()}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def quads(base: str) -> int:
    r = httpx.get(base + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                  timeout=60)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="store to serve (default: one built from data/samples)")
    ap.add_argument("--url", help="load a server already running at this base URL instead of starting one")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=2000, help="stop after this many requests")
    ap.add_argument("--seconds", type=float, default=60, help="stop sending after this many seconds")
    ap.add_argument("--timeout", type=float, default=1.0, help="the server's query time limit (kg serve --timeout)")
    ap.add_argument("--max-rows", type=int, default=5000, help="the server's row cap (kg serve --max-rows)")
    ap.add_argument("--client-timeout", type=float, default=60, help="seconds after which a request counts as hung")
    ap.add_argument("--mix", default=DEFAULT_MIX, help=f"kind=weight,... (default {DEFAULT_MIX})")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    mix = parse_mix(args.mix)
    with tempfile.TemporaryDirectory() as tmp:
        proc = None
        if args.url:
            base = args.url.rstrip("/")
        else:
            store = args.store or build_sample_store(Path(tmp))
            proc, base = start_server(store, args.timeout, args.max_rows, Path(tmp) / "serve.log")
        try:
            size = quads(base)
            results, wall = run_load(base, args.clients, args.requests, args.seconds, mix, args.max_rows,
                                     args.client_timeout, args.seed)
            server_alive = alive(base) and (proc is None or proc.poll() is None)
        finally:
            if proc is not None:
                stop_server(proc)
    print(f"kg serve load test: {args.clients} clients, store of {size} quads, --timeout {args.timeout:g} s, "
          f"--max-rows {args.max_rows}, mix {args.mix}\n")
    print(table(results))
    print()
    print(summary(results, wall, server_alive))
    failed = unexpected(results) or any(r.problem for r in results) or not server_alive
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
