"""Index graphs (kg/index.py): each event a timeline lists has a row in the index graph of each of its
actors and targets, written with its article; the rows of an event go when no article reports it
with that party any more; `kg reason` rebuilds them as ingest wrote them; and state-timeline, which
reads them, answers what the same query over the articles' own triples answers."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg import queries as saved
from kg.index import ROLES, row_key
from kg.ingest import ingest
from kg.reason import materialise
from kg.store import Store
from kg.vocab import KG, PARTY_INDEX, article_iri, party_index

RUS = "https://w3id.org/geokg/id/state/RUS"
DATED = ("Lithuania expels Russian diplomat\n\nLithuania expelled a Russian diplomat on 4 March 2024, "
         "the Lithuanian Foreign Ministry said.\n")
OTHER = "Weather in Vilnius\n\nIt rained in Vilnius on Monday.\n"

# state-timeline as it read the articles' own triples before the index: the reference
REFERENCE = """PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?_state ?party ?role ?date ?class ?cameo
       (MIN(?al) AS ?actor) (MIN(?tl) AS ?target) (MIN(?mod) AS ?modality) (MIN(?ev) AS ?evidence)
WHERE {
  { SELECT ?_state ?e ?party ?role (MIN(?d) AS ?date) (MIN(?cls) AS ?class) (MIN(?k) AS ?cameo) WHERE {
      ?s kg:iso3 ?_state .
      ?party (kg:partOf|kg:memberOf)* ?s .
      { ?e kg:actor ?party . BIND ("actor" AS ?role) } UNION { ?e kg:target ?party . BIND ("target" AS ?role) }
      ?e a ?c ; kg:cameoCode ?k .
      FILTER EXISTS { ?e kg:evidence ?any }
      FILTER (?c != kg:Event && ?c != kg:Statement && STRSTARTS(STR(?c), STR(kg:)))
      BIND (STRAFTER(STR(?c), "#") AS ?cls)
      OPTIONAL { ?e kg:date ?d } }
    GROUP BY ?_state ?e ?party ?role }
  ?e kg:evidence ?ev .
  OPTIONAL { ?e kg:modality ?m . BIND (STRAFTER(STR(?m), "#") AS ?mod) }
  OPTIONAL { ?e kg:actor/rdfs:label ?al }
  OPTIONAL { ?e kg:target/rdfs:label ?tl }
}
GROUP BY ?_state ?e ?party ?role ?date ?class ?cameo
"""


def _rows(store: Store) -> set[tuple]:
    return {q for g in store.graphs() if g.startswith(PARTY_INDEX)
            for q in ((*t, g) for t in store.graph_triples(g))}


def _rus_events(store: Store) -> set[str]:
    return {t[0].value for t in store.graph_triples(party_index(RUS))}


@pytest.fixture
def folder(tmp_path) -> Path:
    for name, text in (("a1", DATED), ("a2", DATED), ("w", OTHER)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_index_rows_stay_while_an_article_reports_the_event(folder, store_dir):
    """Two articles report one dated event (one node): deleting one keeps its rows, deleting both
    removes them; replacing an article by a text without the event removes what only it gave."""
    store = Store(store_dir)
    ingest([str(folder / "a1.txt"), str(folder / "a2.txt")], store)
    events = _rus_events(store)
    assert len(events) == 1
    rows = _rows(store)
    assert {r[1].value for r in rows} <= set(ROLES.values()) and all(len(r[2].value) == 15 for r in rows)
    store.remove_graph(article_iri("a1"), prune=True)
    assert _rows(store) == rows
    (folder / "a2.txt").write_text(OTHER, encoding="utf-8")
    assert ingest([str(folder / "a2.txt")], store).stored == 1
    assert _rus_events(store) == set() and not any(r for r in _rows(store) if r[0].value in events)


def test_index_rebuilt_by_reason_as_ingest_wrote_it(sample_store_path, tmp_path):
    import shutil
    copy = tmp_path / "store"
    shutil.copytree(sample_store_path, copy)
    store = Store(copy)
    written = _rows(store)
    assert len(written) > 20
    materialise(store)
    assert _rows(store) == written


@pytest.mark.parametrize("date, order", [("2024-03-04", "20240304"), (None, "99999999"), ("2024", "99999999")])
def test_index_key_is_short_sorted_by_date_and_of_its_row(date, order):
    key = row_key(date, "urn:e", KG + "actor", RUS)
    assert len(key) == 15 and key.startswith(order)
    assert key != row_key(date, "urn:e", KG + "target", RUS) != row_key(date, "urn:e2", KG + "actor", RUS)


def test_index_state_timeline_answers_what_the_articles_say(sample_store_path):
    """For every state of the samples: the same rows as the query over the articles' own triples."""
    store = Store(sample_store_path, read_only=True)
    reference = saved.parse("state-timeline", REFERENCE)
    states = [r[0] for r in store.select("SELECT DISTINCT ?i WHERE { ?s kg:iso3 ?i }")[1]]
    listed = 0
    for iso in states:
        ours = [tuple(map(str, r)) for r in saved.run(store, "state-timeline", {"state": iso})]
        theirs = [tuple(map(str, r)) for r in store.query(saved.bound_text(reference, {"state": iso}))]
        assert sorted(ours) == sorted(theirs), iso
        listed += len(ours)
    assert len(states) > 10 and listed > 50


def test_index_is_not_read_by_the_reasoner(folder, store_dir):
    """Index graphs hold no facts to reason from: a typed node put in one concludes nothing in the
    shared inferred graph (reading them would make every ingest read a store-sized index), while
    the same triple in a graph of the user's own does."""
    from kg.reason import refresh_shared
    from kg.vocab import INFERRED

    store = Store(store_dir)
    ingest([str(folder / "a1.txt")], store)
    for graph in (party_index(RUS), "urn:test:mine"):
        store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:test:x> a <{KG}Ministry> }} }}")
        refresh_shared(store)
        found = bool(store.query(f"ASK {{ GRAPH <{INFERRED}> {{ <urn:test:x> a <{KG}Organization> }} }}"))
        assert found is (graph == "urn:test:mine"), graph


def test_index_rebuild_cut_off_is_done_again_by_the_next_ingest(folder, store_dir):
    """What a kill leaves in the middle of `kg reason` (its mark set, the index dropped): the next
    ingest, every article unchanged, rebuilds everything."""
    from kg.reason import mark, rebuild_pending

    store = Store(store_dir)
    ingest([str(folder / "a1.txt")], store)
    rows = _rows(store)
    mark(store)
    store.replace_graphs({g: [] for g in store.graphs() if g.startswith(PARTY_INDEX)})
    assert rebuild_pending(store) and not _rows(store)
    summary = ingest([str(folder / "a1.txt")], store)
    assert summary.stored == 0 and _rows(store) == rows != set() and not rebuild_pending(store)


def test_index_of_a_party_outside_geokg_names_is_found_by_the_timeline(store_dir):
    """An article graph sent by the Graph Store Protocol whose actor is an IRI of someone else's
    (a body of Russia by an IRI outside …/id/): its row's index graph is named as the query names it."""
    from kg.reason import write_article

    store = Store(store_dir)
    body = "http://example.org/agency/1"
    store.update(f"""INSERT DATA {{ GRAPH <https://w3id.org/geokg/id/graph/entities> {{
        <{RUS}> <{KG}iso3> "RUS" . <{body}> <{KG}partOf> <{RUS}> }} }}""")
    graph, event = article_iri("outside"), "https://w3id.org/geokg/id/event/outside-1"
    doc = (f"<{event}> a <{KG}Accusation> ; <{KG}cameoCode> \"112\" ; <{KG}evidence> \"The agency accused.\" ; "
           f"<{KG}actor> <{body}> ; <{KG}date> \"2024-05-02\"^^<http://www.w3.org/2001/XMLSchema#date> .")
    write_article(store, graph, doc.encode(), "text/turtle")
    assert party_index(body) in set(store.graphs())
    rows = [tuple(map(str, r)) for r in saved.run(store, "state-timeline", {"state": "RUS"})]
    assert len(rows) == 1 and body in rows[0][1] and "2024-05-02" in rows[0][3]
