"""Crash safety of `kg ingest` on a real on-disk store (issue 7, point 2).

`kg ingest` is killed with SIGKILL at seeded random moments, many times over, from the loading of
the pipeline to the last write. After each kill the store must open cleanly and hold only whole
articles: each article graph present is exactly the graph a clean run stores for that article
(its kg:contentHash and kg:pipeline included, since they are written in the same write),
and the shared entities graph holds exactly the descriptions those articles wrote, nothing of an
article that is not there. Running the batch again then gives the same store as a clean run.

A second `kg ingest` on a store that another one holds fails at once with a one-line message and
leaves the store alone.

Everything runs the real `kg` command in subprocesses; the articles are written for this test."""
from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.articles import read_path
from kg.index import source_rows
from kg.ingest import analyse as analyse_article
from kg.nlp import pipeline_name
from kg.quads import map_graph
from kg.reason import GENERATED, INFERRED
from kg.store import Store, is_shared, to_oxigraph
from kg.tally import COUNT, DELTA, TALLY, node
from kg.vocab import ID, KG, article_iri, inferred_graph, is_inferred

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

SEED = 20240607
REASON_KILLS = 3  # kills of a batch with reasoning on (each run is about four seconds)

# (id, headline, date, story): short news-like articles written for this test.
ARTICLES = [
    ("cs01", "Lithuania expels two Belarusian diplomats", "2024-02-02",
     "Lithuania expelled two Belarusian diplomats on Friday, the Lithuanian Foreign Ministry said. "
     "Minsk called the decision hostile and promised a response."),
    ("cs02", "EU widens sanctions on Iran", "2024-03-11",
     "The European Union imposed new sanctions on Iran on Monday over drone deliveries to Russia. "
     "Tehran rejected the measures as illegal, a spokesman for the Iranian Foreign Ministry said."),
    ("cs03", "Japan protests coast guard incursion", "2024-04-09",
     "Japan lodged a protest with China on Tuesday after coast guard ships entered waters near disputed "
     "islands, the Japanese Foreign Ministry said. Beijing said the ships were on a routine patrol."),
    ("cs04", "Canada freezes assets of Russian officials", "2024-05-20",
     "Canada froze the assets of twelve Russian officials on Monday, Global Affairs Canada said. "
     "\u201cWe will not stand by,\u201d the Canadian foreign minister told reporters in Ottawa."),
    ("cs05", "Brazil and Argentina sign trade pact", "2024-06-14",
     "Brazil and Argentina signed an agreement on Friday to cut tariffs on steel and grain. "
     "The deal is worth $5 billion a year, the Brazilian Ministry of Economy said."),
    ("cs06", "Kenya sends police to Haiti", "2024-06-25",
     "Kenya deployed four hundred police officers to Haiti on Tuesday under a United Nations mandate. "
     "The United States pledged $300 million to support the mission."),
    ("cs07", "Poland accuses Belarus of border provocation", "2024-07-03",
     "Poland accused Belarus on Wednesday of pushing migrants across the border. "
     "The Polish Interior Ministry said guards had stopped two hundred people last week."),
    ("cs08", "Turkey summons Swedish envoy", "2024-01-23",
     "Turkey summoned the Swedish ambassador on Tuesday over a protest in Stockholm, "
     "the Turkish Foreign Ministry said. Sweden said it respects freedom of assembly."),
    ("cs09", "India and Pakistan trade accusations", "2024-02-27",
     "India accused Pakistan on Tuesday of violating a ceasefire along the Line of Control. "
     "Islamabad denied the claim and accused New Delhi of spreading falsehoods."),
    ("cs10", "Norway pledges aid to Ukraine", "2024-03-19",
     "Norway pledged $1.2 billion in military aid to Ukraine on Tuesday, the Norwegian Defence Ministry said. "
     "Kyiv thanked Oslo for its support."),
    ("cs11", "Australia criticises North Korean missile test", "2024-04-02",
     "North Korea test-fired a ballistic missile on Tuesday, South Korea's military said. "
     "Australia criticised the launch as a threat to regional security."),
    ("cs12", "Mexico recalls ambassador from Ecuador", "2024-04-08",
     "Mexico recalled its ambassador from Ecuador on Monday after police entered the Mexican embassy in "
     "Quito. The Organization of American States called an urgent meeting."),
]
COPIES = 6  # each article under six ids: 72 new articles are more than one bulk write (kg.ingest.NEW_BATCH)
IDS = [f"{a[0]}-{k}" for k in range(COPIES) for a in ARTICLES]


def _kg_command() -> list[str]:
    script = Path(sys.executable).parent / "kg"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from kg.cli.main import app; app()"]


KG_CMD = _kg_command()


def _batch_lines() -> str:
    return "".join(json.dumps({"id": f"{i}-{k}", "title": t, "published": p, "source": "Test Wire",
                               "text": body}) + "\n"
                   for k in range(COPIES) for i, t, p, body in ARTICLES)


def _ingest_args(batch: Path | str, store: Path, *extra: str) -> list[str]:
    return [*KG_CMD, "ingest", str(batch), "--store", str(store), "-j", "1", "-q", *extra]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("KG_STORE", None)
    return env


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=180, env=_env(), **kw)


def _quads(store_path: Path) -> set[ox.Quad]:
    """Every quad of the store, read back through an N-Quads export (the store must open cleanly),
    but for the time the reasoner finished (it differs between runs)."""
    store = Store(store_path)
    try:
        buf = io.BytesIO()
        store.export("nquads", buf)
    finally:
        store.close()
    return {q for q in ox.parse(buf.getvalue(), format=ox.RdfFormat.N_QUADS) if q.predicate.value != GENERATED}


def _by_graph(quads: set[ox.Quad]) -> dict[str, set[ox.Quad]]:
    out: dict[str, set[ox.Quad]] = {}
    for q in quads:
        out.setdefault(q.graph_name.value, set()).add(q)
    return out


def _counted(quads: set[ox.Quad]) -> dict[str, int]:
    """What the tallies count (kg/tally.py), group by group: totals plus pending deltas."""
    counts: dict[str, int] = {}
    for q in quads:
        if q.predicate.value in (COUNT, DELTA):
            counts[q.subject.value] = counts.get(q.subject.value, 0) + int(q.object.value)
    return {g: n for g, n in counts.items() if n}


def _tallied(g: str) -> bool:
    return g.startswith(TALLY)


class Reference:
    """What a clean run stores: the whole store, and each article's own quads (its graph and the
    entity descriptions written with it, in the same write), what it counts for in the tallies, and
    its single-source rows (kg/index.py), which hold for the events no other article present reports."""

    def __init__(self, store: set[ox.Quad], timing: Timing, per_article: dict[str, set[ox.Quad]],
                 tallies: dict[str, dict[str, int]], sources: dict[str, set[ox.Quad]]):
        self.store, self.timing, self.per_article, self.tallies = store, timing, per_article, tallies
        self.sources = sources
        self.graph_of = {g: i for i in per_article for g in (article_iri(i), inferred_graph(article_iri(i)))}

    def source_rows(self, present: set[str]) -> set[ox.Quad]:
        """The single-source rows of the articles present: of the events only one of them reports."""
        reporting = Counter(q.subject.value for aid in present for q in self.per_article[aid]
                            if q.predicate.value == KG + "reportedIn" and q.graph_name.value == article_iri(aid))
        return {q for aid in present for q in self.sources[aid] if reporting[q.subject.value] == 1}

    def check_whole(self, quads: set[ox.Quad], when: str) -> set[str]:
        """Assert the store holds whole articles only; returns the ids of those it holds."""
        graphs = _by_graph(quads)
        present = {self.graph_of[g] for g in graphs if g in self.graph_of}
        unknown = {g for g in graphs if not is_shared(g)} - set(self.graph_of) - {INFERRED}
        assert not unknown, f"{when}: graphs no article of the batch writes: {sorted(unknown)}"
        for aid in present:
            iri = article_iri(aid)
            node = ox.NamedNode(iri)
            for p in ("contentHash", "pipeline"):
                assert any(q.subject == node and q.predicate.value == KG + p for q in graphs.get(iri, ())), \
                    f"{when}: article {aid} has no kg:{p}"
            for g in (iri, inferred_graph(iri)):  # its graph and its inferred graph, written together
                held = graphs.get(g, set())
                expected = {q for q in self.per_article[aid] if q.graph_name.value == g}
                assert len(held) == len(expected), f"{when}: {g} of {aid} has {len(held)} of {len(expected)} triples"
                assert held == expected, f"{when}: {g} of {aid} differs from a clean run"
        # the shared graphs (entities, index): exactly what the articles present wrote, none of another's
        expected_shared = {q for aid in present for q in self.per_article[aid] if is_shared(q.graph_name.value)}
        expected_shared |= self.source_rows(present)
        held_shared = {q for g, qs in graphs.items() if is_shared(g) and not _tallied(g) for q in qs}
        assert held_shared == expected_shared, (
            f"{when}: shared graphs have {len(held_shared - expected_shared)} triple(s) too many and lack "
            f"{len(expected_shared - held_shared)}")
        # the tallies: what the articles present count for, folded in or pending
        expected: dict[str, int] = {}
        for aid in present:
            for group, n in self.tallies[aid].items():
                expected[group] = expected.get(group, 0) + n
        assert _counted({q for g, qs in graphs.items() if _tallied(g) for q in qs}) == expected, \
            f"{when}: the tallies are not what the articles stored count for"
        # no sentence, mention or event hangs without its article
        articles = {ox.NamedNode(article_iri(a)) for a in present}
        for q in quads:
            if q.predicate.value in (KG + "inArticle", KG + "reportedIn"):
                assert q.object in articles, f"{when}: {q.subject} points to an article not stored"
            if not is_shared(q.graph_name.value) and not is_inferred(q.graph_name.value):
                s = q.subject.value
                if s.startswith((ID + "sentence/", ID + "mention/", ID + "quantity/")):
                    assert q.graph_name in articles, when
        return present


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "batch.jsonl"
    path.write_text(_batch_lines(), encoding="utf-8")
    return path


def _written_bytes(store: Path) -> int:
    """Bytes in the store's write-ahead logs and sorted tables: they grow when a transaction commits
    (the logs) or a bulk write is ingested (new tables). Read from the file sizes alone, so the
    store is not opened while `kg ingest` holds it."""
    total = 0
    for f in store.iterdir() if store.exists() else ():
        if f.suffix in (".log", ".sst"):
            try:
                total += f.stat().st_size
            except FileNotFoundError:  # a file RocksDB has just retired
                pass
    return total


def _wait_for_first_write(proc: subprocess.Popen, store: Path, timeout: float = 120) -> float | None:
    """Wait until the running command commits its first write; when it did (perf_counter),
    or None if it ended first."""
    low = None
    deadline = time.perf_counter() + timeout
    while proc.poll() is None and time.perf_counter() < deadline:
        n = _written_bytes(store)
        low = n if low is None else min(low, n)  # (opening may retire the logs of the last run)
        if n > low + 1000:
            return time.perf_counter()
        time.sleep(0.002)
    return None


@dataclass
class Timing:
    seconds: float  # start to exit
    load: float  # start to the first article committed
    writes: float  # first commit to last commit (the articles, the prune, the reasoner)


def _clean(batch: Path, store: Path, *extra: str) -> tuple[set[ox.Quad], Timing]:
    """A run to the end, watching when it writes."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(_ingest_args(batch, store, *extra), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=_env())
    first = _wait_for_first_write(proc, store)
    last, size = first, _written_bytes(store)
    while proc.poll() is None:
        n = _written_bytes(store)
        if n > size:
            last, size = time.perf_counter(), n
        time.sleep(0.002)
    end = time.perf_counter()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.returncode == 0, err
    assert first is not None
    return _quads(store), Timing(end - t0, first - t0, max(last - first, 0.05))


@pytest.fixture(scope="module")
def reference(batch, tmp_path_factory, nlp, gaz) -> Reference:
    quads, timing = _clean(batch, tmp_path_factory.mktemp("clean") / "store", "--no-reason")
    per_article, tallies, sources = {}, {}, {}
    for article in read_path(str(batch)):
        mapped = map_graph(analyse_article(article, nlp(article.text), gaz, pipeline_name(nlp)))
        per_article[article.id] = set(to_oxigraph(mapped.quads()))
        tallies[article.id] = {node(g): n for g, n in mapped.tallies.items()}
        sources[article.id] = set(to_oxigraph(source_rows(mapped.quads(derived=False), article_iri(article.id))))
    assert sorted(per_article) == sorted(IDS)
    # the reference itself: the articles' quads together are what the clean run stored, and what
    # they count for is what its tallies hold, folded in
    ref = Reference(quads, timing, per_article, tallies, sources)
    assert set().union(*per_article.values()) | ref.source_rows(set(per_article)) == \
        {q for q in quads if not _tallied(q.graph_name.value)}
    assert not any(q.predicate.value == DELTA for q in quads) and _counted(quads)
    return ref


def _kill(args: list[str], store: Path, delay: float, after_first_write: bool = False) -> bool:
    """Run the command and SIGKILL it `delay` seconds after its start (or after its first commit);
    whether it was killed (False: it had ended, successfully)."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    try:
        if after_first_write:
            _wait_for_first_write(proc, store)
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        return True
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.returncode == 0, err
    return False


# Where each kill lands: anywhere in the run (module imports, the pipeline's loading, reading), or
# within the writes (counted from the first commit); on a fresh store (new articles in atomic bulk writes of 64)
# or with --force over what the last run left (each article one DROP + INSERT update, then the prune).
SCHEDULE = [("anywhere", "fresh"), ("writes", "fresh"), ("writes", "force"), ("writes", "fresh"),
            ("anywhere", "force"), ("writes", "force"), ("writes", "fresh"), ("writes", "force"),
            ("writes", "force"), ("writes", "force")]


def test_sigkill_at_random_moments_leaves_only_whole_articles(batch, reference, tmp_path):
    rng = random.Random(SEED)
    store = tmp_path / "store"
    # how long each kind of run writes, from its first write to its last: a fresh one (the reference)
    # and one with --force over a whole store (one update per article, then the prune), timed here
    scratch = tmp_path / "scratch"
    assert _run(_ingest_args(batch, scratch, "--no-reason")).returncode == 0
    timings = {"fresh": reference.timing, "force": _clean(batch, scratch, "--no-reason", "--force")[1]}
    killed, partial = 0, 0
    for i, (where, mode) in enumerate(SCHEDULE):
        if mode == "fresh" and store.exists():
            shutil.rmtree(store)
        extra = ("--no-reason",) if mode == "fresh" else ("--no-reason", "--force")
        timing = timings[mode]
        delay = rng.uniform(0, timing.seconds if where == "anywhere" else timing.writes)
        killed += _kill(_ingest_args(batch, store, *extra), store, delay, after_first_write=where == "writes")
        if not store.exists():  # killed before it made the store
            continue
        present = reference.check_whole(_quads(store), f"kill {i} {delay:.3f} s into the run ({where}, {mode})")
        partial += 0 < len(present) < len(IDS)
    assert killed >= len(SCHEDULE) // 2, "most runs should have been killed, not finished"
    done = _run(_ingest_args(batch, store, "--no-reason"))  # the batch again, to the end
    assert done.returncode == 0, done.stderr
    assert _quads(store) == reference.store
    print(f"{killed} of {len(SCHEDULE)} runs killed, {partial} leaving part of the batch; clean runs "
          + ", ".join(f"{m} {t.seconds:.1f} s (writes {t.writes:.3f} s)" for m, t in timings.items()))


@pytest.fixture(scope="module")
def clean_reasoned(batch, tmp_path_factory) -> tuple[Path, set[ox.Quad], Timing]:
    store = tmp_path_factory.mktemp("clean-reason") / "store"
    quads, timing = _clean(batch, store)
    assert any(q.graph_name.value == INFERRED for q in quads)
    return store, quads, timing


def test_sigkill_with_reasoning_then_rerun_gives_the_clean_inferred_graph(batch, reference, clean_reasoned,
                                                                          tmp_path_factory):
    _, clean, timing = clean_reasoned
    rng = random.Random(SEED + 1)
    for i in range(REASON_KILLS):
        store = tmp_path_factory.mktemp(f"reason-{i}") / "store"
        # from the first article's commit to the last of the reasoner's: the articles, the reasoning
        delay = timing.writes * (i + rng.random()) / REASON_KILLS
        _kill(_ingest_args(batch, store), store, delay, after_first_write=True)
        if not store.exists():
            continue
        when = f"reasoning kill {i} {delay:.3f} s after the first write"
        reference.check_whole({q for q in _quads(store) if q.graph_name.value != INFERRED}, when)
        done = _run(_ingest_args(batch, store))
        assert done.returncode == 0, done.stderr
        after = _quads(store)
        assert {q for q in after if q.graph_name.value != INFERRED} == reference.store, when
        assert after == clean, f"{when}: the re-run left the inferred graph stale"


def test_rerun_recomputes_an_inferred_graph_left_incomplete(batch, clean_reasoned, tmp_path):
    """A store whose shared inferred graph is gone (dropped by hand; the reasoner replaces it in one
    transaction, so a kill leaves it whole but stale): the next ingest, all unchanged, makes it again."""
    clean_store, clean, _ = clean_reasoned
    store_path = tmp_path / "store"
    shutil.copytree(clean_store, store_path)
    store = Store(store_path)
    store.remove_graph(INFERRED)
    store.close()
    done = _run(_ingest_args(batch, store_path))
    assert done.returncode == 0, done.stderr
    assert _quads(store_path) == clean


def test_second_ingest_on_a_held_store_fails_with_one_line_and_corrupts_nothing(batch, reference, tmp_path):
    store = tmp_path / "store"
    # the first reads its articles from standard input, so it holds the store until we send them
    first = subprocess.Popen(_ingest_args("-", store, "--no-reason"), stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    try:
        deadline = time.time() + 120
        while not (store / "LOCK").exists():
            assert first.poll() is None, first.stderr.read().decode()
            assert time.time() < deadline, "the first kg ingest never opened the store"
            time.sleep(0.05)
        second = _run(_ingest_args(batch, store, "--no-reason"))
        assert first.poll() is None, "the first kg ingest should still hold the store"
        out, err = first.communicate(_batch_lines().encode("utf-8"), timeout=180)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert second.returncode != 0
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr
    assert lines[0].startswith("error: ") and "in use by another process" in lines[0], lines[0]
    assert "Traceback" not in second.stderr and not second.stdout
    assert first.returncode == 0, err.decode()
    quads = _quads(store)
    assert reference.check_whole(quads, "after two at once") == set(IDS)
    assert quads == reference.store


# A child that adds 40 bulk writes of 50 graphs x 400 triples each (graph IRIs carry the run and
# the write), printing a line after each.
BULK_WRITER = """
import sys
from kg.store import Store
store, run = Store(sys.argv[1]), sys.argv[2]
for b in range(40):
    lines = [f"<urn:x-test:s/{run}/{b}/{i}/{k}> <urn:x-test:p> \\"{k}\\" <urn:x-test:g/{run}/{b}/{i}> .\\n"
             for i in range(50) for k in range(400)]
    store.add_new_graphs("".join(lines).encode())
    print(b, flush=True)
"""


def test_sigkill_during_bulk_writes_leaves_each_write_whole_or_absent(tmp_path):
    """The atomicity `kg ingest` relies on for new articles: a bulk write (Store.add_new_graphs) killed
    at any moment is wholly in the store or not at all, and the store opens."""
    rng = random.Random(SEED + 2)
    store = tmp_path / "store"
    for run in range(6):
        proc = subprocess.Popen([sys.executable, "-c", BULK_WRITER, str(store), str(run)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=_env())
        assert proc.stdout.readline(), proc.stderr.read().decode()  # the first write is in
        time.sleep(rng.uniform(0, 0.6))
        proc.kill()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    per_write: dict[tuple[str, str], set[str]] = {}
    per_graph: dict[str, int] = {}
    for q in _quads(store):
        run, b, _ = q.graph_name.value.removeprefix("urn:x-test:g/").split("/")
        per_write.setdefault((run, b), set()).add(q.graph_name.value)
        per_graph[q.graph_name.value] = per_graph.get(q.graph_name.value, 0) + 1
    assert {len(gs) for gs in per_write.values()} == {50}, "a bulk write is in the store in part"
    assert set(per_graph.values()) == {400}, "a graph is in the store in part"
    for run in map(str, range(6)):  # each run's writes are the first ones, without a gap
        done = sorted(int(b) for r, b in per_write if r == run)
        assert done == list(range(len(done))) and done, f"run {run}: writes {done}"
        print(f"run {run}: {len(done)} of 40 bulk writes in the store")
