"""kg reason: the inferred graph answers without property paths what the raw graph needs them for,
stays current after ingest, and can be left out of a query."""
from __future__ import annotations

import pytest

from kg.ingest import ingest
from kg.reason import INFERRED, invalidate, is_current, materialise
from kg.store import Store

STORY = ("Lithuania summons Belarus envoy\n\nLithuania's Foreign Ministry summoned the Belarusian charge "
         "d'affaires on Monday. Foreign Minister Gabrielius Landsbergis said the border incidents had to stop.\n")


@pytest.fixture
def store(tmp_path, store_dir):
    (tmp_path / "lt.txt").write_text(STORY, encoding="utf-8")
    s = Store(store_dir)
    ingest([str(tmp_path / "lt.txt")], s)
    return s


def test_reason_types_up_the_class_hierarchy(store):
    q = "SELECT DISTINCT ?x WHERE { ?x a kg:Organization }"
    inferred = {r[0] for r in store.select(q)[1]}
    raw = {r[0].value for r in store.query(q, leave_out=(INFERRED,))}
    assert "https://w3id.org/geokg/id/body/ltu/ministry-of-foreign-affairs" in inferred - raw


def test_reason_transitive_part_of_without_a_path(store, tmp_path):
    # a body of a body: the office is part of the ministry, which is part of the state
    store.update("""PREFIX kg: <https://w3id.org/geokg/ontology#>
        INSERT DATA { GRAPH <urn:test:g> { <urn:test:office> kg:partOf
        <https://w3id.org/geokg/id/body/ltu/ministry-of-foreign-affairs> } }""")
    materialise(store)
    q = "ASK { <urn:test:office> kg:partOf <https://w3id.org/geokg/id/state/LTU> }"
    assert bool(store.query(q)) is True
    assert bool(store.query(q, leave_out=(INFERRED,))) is False
    assert bool(store.query("ASK { <urn:test:office> kg:partOf+ <https://w3id.org/geokg/id/state/LTU> }",
                            leave_out=(INFERRED,))) is True


def test_reason_official_serves_the_state_of_the_ministry(store):
    q = "ASK { <https://w3id.org/geokg/id/person/gabrielius-landsbergis> kg:serves <https://w3id.org/geokg/id/state/LTU> }"
    assert bool(store.query(q)) is True
    assert bool(store.query(q, leave_out=(INFERRED,))) is False


def test_reason_inverse_edges(store):
    q = "ASK { <https://w3id.org/geokg/id/state/LTU> kg:hasPart <https://w3id.org/geokg/id/body/ltu/ministry-of-foreign-affairs> }"
    assert bool(store.query(q)) is True


def test_reason_kept_current_after_ingest_and_idempotent(store, tmp_path):
    """The inferred graph: the triples, and the time it was finished (its mark of being current)."""
    n = len(list(store.query(f"SELECT * WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}")))
    assert n > 1 and is_current(store)
    assert materialise(store) == n - 1
    assert INFERRED in set(store.graphs()) and is_current(store)


def test_reason_stale_mark_makes_the_next_ingest_reason_again(store, tmp_path):
    """An ingest cut off between its writes and reasoning leaves the inferred graph unmarked; the
    next ingest, even with every article unchanged, recomputes it."""
    before = materialise(store)
    invalidate(store)
    store.update(f"DELETE WHERE {{ GRAPH <{INFERRED}> {{ ?s a ?c }} }}")  # a partial graph, as a kill leaves
    assert not is_current(store)
    summary = ingest([str(tmp_path / "lt.txt")], store)
    assert summary.stored == 0 and summary.inferred == before and is_current(store)


def test_reason_cli_and_query_without_inferred(kg_cli, store_dir, store):
    store.close()
    r = kg_cli("reason", "--store", store_dir)
    assert r.exit_code == 0 and "inferred triples" in r.stderr
    q = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a kg:Organization }"
    with_inf = kg_cli("query", q, "--store", store_dir, "--format", "csv").stdout.splitlines()[1]
    without = kg_cli("query", q, "--store", store_dir, "--format", "csv", "--no-inferred").stdout.splitlines()[1]
    assert int(with_inf) > int(without)
