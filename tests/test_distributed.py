"""The language pipeline on a Dask cluster (a real local cluster of worker processes): the same
graph as one local process; an unreachable scheduler is a clear one-line error."""
from __future__ import annotations

import io


from kg import distributed
from kg.ingest import iter_inputs
from kg.store import Store


def _quads(path) -> set[bytes]:
    """Every quad of the store, graph included, as N-Quads lines."""
    store, out = Store(path, read_only=True), io.BytesIO()
    try:
        store.export("nquads", out)
    finally:
        store.close()
    return set(out.getvalue().splitlines())


def test_distributed_ingest_on_a_local_cluster_builds_the_graph_of_one_process(kg_cli, samples_dir, tmp_path):
    local = kg_cli("ingest", samples_dir, "--store", tmp_path / "local", "--jobs", "1", "--no-reason", "-q")
    on_cluster = kg_cli("ingest", samples_dir, "--store", tmp_path / "cluster", "--cluster", "local",
                        "--no-reason", "-q")
    assert local.exit_code == 0 and on_cluster.exit_code == 0, on_cluster.output
    quads = _quads(tmp_path / "local")
    assert len(quads) > 3000 and _quads(tmp_path / "cluster") == quads


def test_distributed_results_come_back_in_input_order(samples_dir):
    articles = [a for a in iter_inputs([str(samples_dir)])]
    graphs = list(distributed.process(articles, None, "local", batch=2))
    assert [g.article.id for g in graphs] == [a.id for a in articles]


def test_distributed_unreachable_scheduler_is_a_clear_error(kg_cli, samples_dir, tmp_path):
    r = kg_cli("ingest", samples_dir, "--store", tmp_path / "s", "--cluster", "tcp://127.0.0.1:9")
    assert r.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in r.stderr and "Traceback" not in r.stderr
