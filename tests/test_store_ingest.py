"""Ingesting into a real on-disk Oxigraph store: idempotence, replacement, atomicity, provenance."""
from __future__ import annotations

import json

import pytest

from kg.errors import StoreError
from kg.ingest import ingest
from kg.rdf import IRI, ENTITIES, Lit
from kg.store import Store
from kg.vocab import article_iri

ARTICLE = {"id": "x1", "title": "Lithuania expels two Belarusian diplomats",
           "published": "2024-02-02", "source": "Northgate Wire",
           "text": "Lithuania expelled two Belarusian diplomats on Friday, the Lithuanian Foreign Ministry said. "
                   "Minsk called the decision hostile."}


def _write(tmp_path, articles, name="batch.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    return path


def _count(store: Store, graph: str) -> int:
    _, rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0][0])


def test_ingest_again_replaces_and_never_duplicates(tmp_path, store_dir):
    path = _write(tmp_path, [ARTICLE])
    store = Store(store_dir)
    ingest([str(path)], store)
    first = len(store)
    ingest([str(path)], store)
    assert len(store) == first
    assert [g for g in store.graphs() if "/id/graph/" not in g and "/id/index/" not in g] == [article_iri("x1")]


def test_ingest_changed_article_replaces_its_graph(tmp_path, store_dir):
    store = Store(store_dir)
    ingest([str(_write(tmp_path, [ARTICLE]))], store)
    changed = dict(ARTICLE, title="Latvia shuts a crossing", text="Latvia closed a border crossing with Belarus on Friday.")
    ingest([str(_write(tmp_path, [changed], "b.jsonl"))], store)
    _, rows = store.select("SELECT ?iso WHERE { ?a kg:mentions ?s . ?s kg:iso3 ?iso } ORDER BY ?iso")
    assert [r[0] for r in rows] == ["BLR", "LVA"]


def test_ingest_failed_write_leaves_earlier_graph_whole(tmp_path, store_dir):
    store = Store(store_dir)
    ingest([str(_write(tmp_path, [ARTICLE]))], store)
    graph = article_iri("x1")
    before = _count(store, graph)
    bad = [(IRI("urn:x:s"), IRI("urn:x:p"), Lit("ok"), IRI(graph)),
           (IRI("not an iri"), IRI("urn:x:p"), Lit("broken"), IRI(graph))]
    with pytest.raises(StoreError):
        store.replace_graph(graph, bad)
    assert _count(store, graph) == before


def test_ingest_records_provenance_of_each_mention(tmp_path, store_dir):
    store = Store(store_dir)
    ingest([str(_write(tmp_path, [ARTICLE]))], store)
    _, rows = store.select("""SELECT ?text ?start ?end ?sentence WHERE {
        ?m kg:mentionOf <https://w3id.org/geokg/id/state/LTU> ; kg:text ?text ; kg:startChar ?start ;
           kg:endChar ?end ; kg:sentence/kg:text ?sentence } ORDER BY ?start""")
    text = ARTICLE["title"] + "\n\n" + ARTICLE["text"]
    assert rows
    for mention, start, end, sentence in rows:
        assert text[int(start):int(end)] == mention
        assert mention in sentence
    _, rows = store.select("SELECT ?p WHERE { ?a a kg:Article ; kg:pipeline ?p }")
    assert "en_core_web_sm" in rows[0][0] or "core_web_sm" in rows[0][0]


def test_ingest_bad_line_is_reported_and_batch_goes_on(tmp_path, store_dir):
    path = tmp_path / "mixed.jsonl"
    second = dict(ARTICLE, id="x2")
    path.write_text(json.dumps(ARTICLE) + "\n{not json\n" + json.dumps(second) + "\n", encoding="utf-8")
    store = Store(store_dir)
    errors: list[str] = []
    summary = ingest([str(path)], store, on_error=errors.append)
    assert summary.stored == 2 and summary.failed
    assert len(errors) == 1 and "mixed.jsonl" in errors[0] and ":2" in errors[0]


def test_ingest_store_held_by_another_process_gives_clear_error(store_dir):
    import subprocess
    import sys
    holder = subprocess.Popen([sys.executable, "-c", f"import pyoxigraph,time; s=pyoxigraph.Store({str(store_dir)!r}); "
                               "print('ok', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        from kg.errors import StoreLockedError
        with pytest.raises(StoreLockedError, match="in use by another process"):
            Store(store_dir)
    finally:
        holder.kill()
        holder.wait()


def test_ingest_writes_gazetteer_facts_once_to_the_reference_graph(tmp_path, store_dir):
    """Two articles naming Lithuania: its class and label are stored once, in the shared entities graph,
    and stay when one of the articles is deleted."""
    second = dict(ARTICLE, id="x2", text="Lithuania closed two border crossings, Vilnius said on Monday.")
    path = _write(tmp_path, [ARTICLE, second])
    store = Store(store_dir)
    ingest([str(path)], store, reason=False)
    _, rows = store.select("SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/geokg/id/state/LTU> a kg:State ; rdfs:label ?l } }")
    assert rows == [[ENTITIES]]
    _, rows = store.select("SELECT ?g WHERE { GRAPH ?g { ?a kg:mentions <https://w3id.org/geokg/id/state/LTU> } } ORDER BY ?g")
    assert sorted(r[0] for r in rows) == sorted([article_iri("x1"), article_iri("x2")])
    store.remove_graph(article_iri("x1"))
    _, rows = store.select("SELECT ?l WHERE { <https://w3id.org/geokg/id/state/LTU> rdfs:label ?l }")
    assert rows == [["Lithuania"]]


@pytest.mark.parametrize("stored_before", [False, True], ids=["new-graph", "replaced-graph"])
def test_store_replace_graph_adds_reference_quads_in_the_same_write(store_dir, stored_before):
    store, g = Store(store_dir), article_iri("r1")
    if stored_before:
        store.replace_graph(g, [(IRI(g), IRI("urn:p"), Lit("old"), IRI(g))])
    quads = [(IRI(g), IRI("urn:p"), Lit("new"), IRI(g)), (IRI("urn:s"), IRI("urn:q"), Lit("ref"), IRI(ENTITIES))]
    store.replace_graph(g, quads)
    _, rows = store.select("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o")
    assert rows == [[g, "new"], [ENTITIES, "ref"]]


def test_ingest_replacing_an_article_prunes_entities_no_article_names(tmp_path, store_dir):
    """Replacing an article by one about Latvia: Lithuania's shared description goes (ingest prunes
    after a replacement), Latvia's and Belarus's stay, and so does the state a named body is part of."""
    store = Store(store_dir)
    ingest([str(_write(tmp_path, [ARTICLE]))], store, reason=False)
    changed = dict(ARTICLE, title="Latvia shuts a crossing", text="Latvia closed a border crossing with Belarus, "
                   "the Latvian Interior Ministry said on Friday.")
    _, rows = store.select(f"SELECT ?s WHERE {{ GRAPH <{ENTITIES}> {{ ?s kg:iso3 'LTU' }} }}")
    assert len(rows) == 1
    ingest([str(_write(tmp_path, [changed], "b.jsonl"))], store, reason=False)
    _, rows = store.select(f"SELECT ?iso WHERE {{ GRAPH <{ENTITIES}> {{ ?s kg:iso3 ?iso }} }} ORDER BY ?iso")
    assert [r[0] for r in rows] == ["BLR", "LVA"]
    _, rows = store.select(f"SELECT ?b WHERE {{ GRAPH <{ENTITIES}> {{ ?b kg:partOf ?s }} }}")
    assert len(rows) == 1 and "lva" in rows[0][0]
    assert store.prune_entities() == 0


@pytest.mark.parametrize("prune", [False, True], ids=["graph-only", "pruned"])
def test_store_remove_graph_prunes_only_what_no_other_article_names(tmp_path, store_dir, prune):
    """Deleting article x1 (Lithuania, Belarus, the Lithuanian Foreign Ministry) while x2 still names
    Lithuania: with prune, Belarus and the ministry lose their shared descriptions, Lithuania keeps
    its; without, every description stays."""
    second = dict(ARTICLE, id="x2", title="Lithuania shuts two crossings",
                  text="Lithuania closed two border crossings on Monday.")
    store = Store(store_dir)
    ingest([str(_write(tmp_path, [ARTICLE, second]))], store, reason=False)
    isos = f"SELECT ?iso WHERE {{ GRAPH <{ENTITIES}> {{ ?s kg:iso3 ?iso }} }} ORDER BY ?iso"
    bodies = f"SELECT ?b WHERE {{ GRAPH <{ENTITIES}> {{ ?b a kg:GovernmentBody }} }}"
    assert [r[0] for r in store.select(isos)[1]] == ["BLR", "LTU"]
    assert len(store.select(bodies)[1]) == 1
    store.remove_graph(article_iri("x1"), prune=prune)
    assert not store.has_graph(article_iri("x1"))
    assert [r[0] for r in store.select(isos)[1]] == (["LTU"] if prune else ["BLR", "LTU"])
    assert len(store.select(bodies)[1]) == (0 if prune else 1)
    assert store.prune_entities() == 0 if prune else store.prune_entities() > 0
