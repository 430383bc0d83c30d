"""kg reason: the inferred graphs answer without property paths what the raw graph needs them for,
conclude what the ontology's rules conclude (checked against the rules run as SPARQL updates), come
and go with their article, stay current after ingest, and can be left out of a query."""
from __future__ import annotations

import pytest

from kg.ingest import ingest
from kg.rdf import IRI
from kg.reason import DERIVATION, GENERATED, INFERRED, axioms, invalidate, is_current, materialise
from kg.store import Store
from kg.vocab import article_iri, inferred_graph, is_inferred

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
    """A graph of the user's own (not an article's) is a shared graph: `kg reason` reasons over it."""
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


def _inferred_quads(store: Store) -> set:
    """Every inferred quad but the shared graph's marks: of being current (a time) and of what made it."""
    return {(s, p, o, g) for g in store.graphs() if is_inferred(g)
            for s, p, o in store.graph_triples(g) if p.value not in (GENERATED, DERIVATION)}


def test_reason_kept_current_after_ingest_and_idempotent(store, tmp_path):
    """The inferred graphs: the article's, written with it, and the shared one with the time it was
    finished (its mark of being current); recomputing them all gives the same quads."""
    written = _inferred_quads(store)
    graphs = {q[3] for q in written}
    assert graphs == {INFERRED, inferred_graph(article_iri("lt"))} and is_current(store)
    assert materialise(store) == len(written)
    assert _inferred_quads(store) == written and is_current(store)


def _rules(graph: str) -> list[str]:
    """The ontology's rules as SPARQL updates within one graph: the reference the in-memory reasoner
    is checked against."""
    ax, out = axioms(), []
    values = lambda pairs: " ".join(f"(<{a}> <{b}>)" for a, b in pairs)  # noqa: E731
    rule = lambda head, body: f"INSERT {{ GRAPH <{graph}> {{ {head} }} }} WHERE {{ GRAPH <{graph}> {{ {body} }} }}"  # noqa: E731
    pairs = [(c, s) for c, sups in ax.superclasses.items() for s in sups]
    out.append(rule("?x a ?super", f"VALUES (?c ?super) {{ {values(pairs)} }} ?x a ?c"))
    pairs = [(p, s) for p, sups in ax.superproperties.items() for s in sups]
    out.append(rule("?s ?super ?o", f"VALUES (?p ?super) {{ {values(pairs)} }} ?s ?p ?o"))
    both = ax.inverses + [(b, a) for a, b in ax.inverses]
    out.append(rule("?o ?q ?s", f"VALUES (?p ?q) {{ {values(both)} }} ?s ?p ?o FILTER(isIRI(?o))"))
    out += [rule(f"?a <{p}> ?c", f"?a <{p}>+ ?c") for p in ax.transitive]
    for p, chain in ax.chains:
        out.append(rule(f"?v0 <{p}> ?v{len(chain)}", " . ".join(f"?v{i} <{q}> ?v{i + 1}" for i, q in enumerate(chain))))
    assert len(out) == 3 + len(ax.transitive) + len(ax.chains) >= 6
    return out


def test_reason_concludes_what_the_rules_conclude(sample_store_path):
    """Over the sample articles, the inferred graphs together hold exactly what the ontology's rules,
    run as SPARQL updates to their fixed point over everything asserted, add to it."""
    store = Store(sample_store_path, read_only=True)
    asserted = {t for g in store.graphs() if not is_inferred(g) for t in store.graph_triples(g)}
    inferred = {q[:3] for q in _inferred_quads(store)} - asserted
    reference = Store()
    reference.replace_graphs({"urn:test:all": [(*t, IRI("urn:test:all")) for t in asserted]})
    size = 0
    while size != len(reference):
        size = len(reference)
        for rule in _rules("urn:test:all"):
            reference.update(rule)
    concluded = set(reference.graph_triples("urn:test:all")) - asserted
    assert len(concluded) > 1000 and inferred == concluded


def test_reason_article_inferences_come_and_go_with_the_article(store, tmp_path):
    """Replaced, an article's inferred graph is replaced with it (no conclusion of the old text
    stays); deleted, it goes with it; other articles' inferred graphs are never touched."""
    other = tmp_path / "other.txt"
    other.write_text("Poland protests\n\nPoland's Foreign Ministry summoned the Russian ambassador on "
                     "Tuesday.\n", encoding="utf-8")
    ingest([str(other)], store)
    mine, theirs = inferred_graph(article_iri("lt")), inferred_graph(article_iri("other"))
    before = {q for q in _inferred_quads(store) if q[3] == theirs}
    landsbergis = "https://w3id.org/geokg/id/person/gabrielius-landsbergis"
    assert any(q[0].value == landsbergis for q in _inferred_quads(store) if q[3] == mine)
    (tmp_path / "lt.txt").write_text(STORY.replace(" Foreign Minister Gabrielius Landsbergis said the border "
                                                   "incidents had to stop.", ""), encoding="utf-8")
    assert ingest([str(tmp_path / "lt.txt")], store).stored == 1
    now = _inferred_quads(store)
    assert not any(q[0].value == landsbergis for q in now) and any(q[3] == mine for q in now)
    store.remove_graph(article_iri("lt"), prune=True)
    assert mine not in set(store.graphs())
    assert {q for q in _inferred_quads(store) if q[3] == theirs} == before != set()


def test_reason_stale_mark_makes_the_next_ingest_reason_again(store, tmp_path):
    """An ingest cut off between its writes and reasoning leaves the shared inferred graph unmarked;
    the next ingest, even with every article unchanged, recomputes it."""
    before = _inferred_quads(store)
    invalidate(store)
    store.update(f"DELETE WHERE {{ GRAPH <{INFERRED}> {{ ?s a ?c }} }}")  # a partial graph, as a kill leaves
    assert not is_current(store)
    summary = ingest([str(tmp_path / "lt.txt")], store)
    assert summary.stored == 0 and is_current(store) and _inferred_quads(store) == before
    assert summary.inferred == sum(1 for q in before if q[3] == INFERRED)


def test_reason_cli_and_query_without_inferred(kg_cli, store_dir, store):
    store.close()
    r = kg_cli("reason", "--store", store_dir)
    assert r.exit_code == 0 and "inferred triples" in r.stderr
    q = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a kg:Organization }"
    with_inf = kg_cli("query", q, "--store", store_dir, "--format", "csv").stdout.splitlines()[1]
    without = kg_cli("query", q, "--store", store_dir, "--format", "csv", "--no-inferred").stdout.splitlines()[1]
    assert int(with_inf) > int(without)
