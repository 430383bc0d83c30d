"""Tallies (kg/tally.py): the counts that states-mentioned-together, allegations-vs-facts,
sanctions-regimes and entities-new-since read are those that counting the articles' own triples
gives, after a bulk ingest, a replaced article, a deleted one, a Graph Store Protocol write, before
and after the deltas are folded into the totals, and after `kg reason` rebuilds them."""
from __future__ import annotations

import shutil

import pytest

from kg import queries as saved
from kg.ingest import ingest
from kg.reason import materialise, write_article
from kg.store import Store
from kg.tally import PENDING, TALLY, contributions, difference
from kg.vocab import ARTICLES, KG, article_iri

# Each query as it counted the articles' own triples before the tallies: the references.
REFERENCES = {
    "states-mentioned-together": ("state", """PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?__state ?first ?second (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  { SELECT ?a (MIN(?i0) AS ?isoA) (MIN(?l) AS ?first)
    WHERE { ?a a kg:State ; kg:iso3 ?i0 ; rdfs:label ?l } GROUP BY ?a }
  FILTER (COALESCE(?__state, "") = "" || ?isoA = ?__state)
  ?article kg:mentions ?a , ?b .
  { SELECT ?b (MIN(?i1) AS ?isoB) (MIN(?l2) AS ?second)
    WHERE { ?b a kg:State ; kg:iso3 ?i1 ; rdfs:label ?l2 } GROUP BY ?b }
  FILTER (?isoA < ?isoB || (COALESCE(?__state, "") != "" && ?isoA != ?isoB))
} GROUP BY ?__state ?first ?second"""),
    "allegations-vs-facts": (None, """PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class ?actor ?modality (COUNT(*) AS ?reports) WHERE {
  { SELECT DISTINCT ?article ?e ?c ?m ?a WHERE { ?article a kg:Article .
      GRAPH ?article { ?e kg:modality ?m ; kg:actor ?a } ?e a ?c .
      FILTER (?c != kg:Event && STRSTARTS(STR(?c), STR(kg:))) } }
  { SELECT ?a (MIN(?l) AS ?actor) WHERE { ?a rdfs:label ?l } GROUP BY ?a }
  BIND (STRAFTER(STR(?c), "#") AS ?class) BIND (STRAFTER(STR(?m), "#") AS ?modality)
} GROUP BY ?class ?actor ?modality"""),
    "entities-new-since": ("since", """PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?_since_date ?entity ?label ?class ?first WHERE {
  { SELECT ?entity (MIN(xsd:date(SUBSTR(STR(?p), 1, 10))) AS ?first)
    WHERE { ?article kg:mentions ?entity ; schema:datePublished ?p } GROUP BY ?entity }
  FILTER (?first >= ?_since_date)
  ?entity rdfs:label ?label ; a ?c .
  VALUES ?c { kg:State kg:Territory kg:InternationalOrganization kg:GovernmentBody kg:MediaOrganization
              kg:Organization kg:Person kg:Official kg:SanctionsRegime }
  BIND (STRAFTER(STR(?c), "#") AS ?class)
}"""),
    "sanctions-regimes": ("imposer", """PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?imposer ?target ?__imposer ?__target ?articles ?first ?latest ?regime WHERE {
  { SELECT ?regime (COUNT(DISTINCT ?article) AS ?articles) (MIN(?d) AS ?first) (MAX(?d) AS ?latest) WHERE {
      ?regime a kg:SanctionsRegime . ?article kg:mentions ?regime .
      OPTIONAL { ?article schema:datePublished ?p . BIND (xsd:date(SUBSTR(STR(?p), 1, 10)) AS ?d) } } GROUP BY ?regime }
  FILTER (COALESCE(?__imposer, "") = "" || EXISTS {
    ?regime kg:imposedBy ?i . ?i kg:iso3 ?__imposer .
    FILTER NOT EXISTS { ?i kg:partOf ?p0 . ?regime kg:imposedBy ?p0 } })
  { SELECT ?regime (GROUP_CONCAT(DISTINCT ?il; separator=" | ") AS ?imposer) WHERE { ?regime kg:imposedBy ?i2 .
      ?i2 rdfs:label ?il . FILTER NOT EXISTS { ?i2 kg:partOf ?p1 . ?regime kg:imposedBy ?p1 } } GROUP BY ?regime }
  { SELECT ?regime (GROUP_CONCAT(DISTINCT ?tl; separator=" | ") AS ?target) WHERE { ?regime kg:targets/rdfs:label ?tl }
    GROUP BY ?regime }
}"""),
}
VALUES = {"state": ["", "RUS", "USA", "PRK"], "since": ["2000-01-01", "2024-01-01", "2024-06-01"],
          "imposer": ["", "USA", "GBR"], None: [""]}
CHANGED = ("Britain and France talk trade\n\nThe United Kingdom and France signed a trade accord in Paris "
           "on 2 May 2024, the French Foreign Ministry said. Germany welcomed it.\n")


def _joined_sorted(row: tuple) -> tuple:
    return tuple(" | ".join(sorted(str(v).strip('"').split(" | "))) for v in row)


def _same_as_counting(store: Store) -> int:
    """Assert every tallied query answers what counting the articles does; the rows compared."""
    compared = 0
    for name, (param, text) in REFERENCES.items():
        reference = saved.parse(name, text)
        for value in VALUES[param]:
            values = {param: value} if param and value else {}
            ours = sorted(map(_joined_sorted, saved.run(store, name, values)))
            theirs = sorted(map(_joined_sorted, store.query(saved.bound_text(reference, values))))
            assert ours == theirs, (name, value)
            compared += len(ours)
    return compared


def _pending(store: Store) -> list:
    """The pending deltas, in the pending graphs of the writes (one each)."""
    return [g for g in store.graphs() if g.startswith(PENDING)]


def _tallies(store: Store) -> set[tuple]:
    return {(*t, g) for g in store.graphs() if g.startswith(TALLY) for t in store.graph_triples(g)}


@pytest.fixture
def samples_store(tmp_path, sample_store_path) -> Store:
    shutil.copytree(sample_store_path, tmp_path / "store")
    return Store(tmp_path / "store")


def test_tally_queries_count_what_the_articles_say(samples_store):
    """After the bulk ingest of the samples: every query, narrowed or not, with rows to compare."""
    assert _same_as_counting(samples_store) > 100
    assert not _pending(samples_store)  # folded in at the end of the ingest


def test_tally_follows_replaced_and_deleted_articles(samples_store, samples_dir, tmp_path):
    """A replaced article counts for its new text only, a deleted one for nothing; the pending deltas
    are counted before they are folded in, and folding them in changes no answer."""
    store = samples_store
    victim = min(g for g in store.graphs() if g.startswith(ARTICLES))
    store.remove_graph(victim, prune=True)
    assert _pending(store)
    _same_as_counting(store)
    articles = sum(g.startswith(ARTICLES) for g in store.graphs())
    (tmp_path / "au-suspends-niger.txt").write_text(CHANGED, encoding="utf-8")  # same id as a sample
    assert ingest([str(tmp_path / "au-suspends-niger.txt")], store).stored == 1
    assert sum(g.startswith(ARTICLES) for g in store.graphs()) == articles  # replaced, not added
    assert not _pending(store)
    _same_as_counting(store)
    store.compact_tallies()
    assert _same_as_counting(store) > 100


def test_tally_of_a_graph_store_protocol_write(samples_store):
    """An article written as the Graph Store Protocol writes it counts once, and again not when deleted."""
    store, graph = samples_store, article_iri("sent-by-hand")
    before = _tallies(store)
    doc = (f"<{graph}> a <{KG}Article> ; <https://schema.org/datePublished> \"2024-07-01\"^^"
           f"<http://www.w3.org/2001/XMLSchema#date> ; <{KG}mentions> <https://w3id.org/geokg/id/state/RUS> , "
           f"<https://w3id.org/geokg/id/state/FRA> , <https://w3id.org/geokg/id/state/NLD> .\n").encode()
    write_article(store, graph, doc, "text/turtle")
    _same_as_counting(store)
    store.compact_tallies()
    assert _tallies(store) != before
    store.remove_graph(graph, prune=True)
    store.compact_tallies()
    assert _tallies(store) == before


def test_tally_rebuilt_by_reason_as_ingest_wrote_it(samples_store):
    before = _tallies(samples_store)
    materialise(samples_store)
    assert _tallies(samples_store) == before and before


@pytest.mark.parametrize("new, old, expected", [
    ({("m", "a"): 2}, {("m", "a"): 2}, {}),
    ({("m", "a"): 1}, {}, {("m", "a"): 1}),
    ({}, {("m", "a"): 3}, {("m", "a"): -3}),
    ({("m", "a"): 1, ("m", "b"): 2}, {("m", "b"): 5}, {("m", "a"): 1, ("m", "b"): -3}),
])
def test_tally_difference_keeps_negative_counts(new, old, expected):
    from collections import Counter
    assert difference(Counter(new), Counter(old)) == expected


def test_tally_contributions_of_one_article():
    """Pairs of states once each, every node mentioned with the day, each report by class, actor
    and modality; a node of another class pairs with nothing."""
    from kg.rdf import IRI, Lit
    from kg.vocab import ID, RDF_TYPE, SCHEMA, XSD
    art, ent = IRI(article_iri("x")), IRI(ID + "graph/entities")
    a, b, c, p, e = (IRI(ID + k) for k in ("state/AAA", "state/BBB", "state/CCC", "person/p", "event/e"))
    quads = [(art, IRI(SCHEMA + "datePublished"), Lit("2024-05-06T10:00:00Z", XSD + "dateTime"), art)]
    quads += [(art, IRI(KG + "mentions"), n, art) for n in (a, b, c, p)]
    quads += [(n, IRI(RDF_TYPE), IRI(KG + "State"), ent) for n in (a, b, c)]
    quads += [(e, IRI(RDF_TYPE), IRI(KG + "Accusation"), art), (e, IRI(RDF_TYPE), IRI(KG + "Event"), art),
              (e, IRI(KG + "actor"), a, art), (e, IRI(KG + "modality"), IRI(KG + "Alleged"), art)]
    counts = contributions(quads, art.value)
    assert sorted(g for g in counts if g[0] == "together") == [
        ("together", a.value, b.value), ("together", a.value, c.value), ("together", b.value, c.value)]
    assert {g for g in counts if g[0] == "mentions"} == {("mentions", n.value, "2024-05-06") for n in (a, b, c, p)}
    assert {g: n for g, n in counts.items() if g[0] == "reports"} == {
        ("reports", KG + "Accusation", a.value, KG + "Alleged"): 1}


STATES = ["France", "Germany", "Poland", "Russia", "Ukraine", "Japan"]


def test_tally_of_many_bulk_writes_with_compaction_between(tmp_path, monkeypatch):
    """Forty articles written eight at a time, folded in every two writes: the groups described by
    an earlier write are not described again, and the counts are those of the articles."""
    import json

    import kg.ingest
    monkeypatch.setattr(kg.ingest, "NEW_BATCH", 8)
    monkeypatch.setattr(kg.ingest, "COMPACT_EVERY", 2)
    lines = []
    for i in range(40):
        a, b = STATES[i % 6], STATES[(i * 5 + 1) % 6]
        lines.append(json.dumps({"id": f"talks-{i}", "title": f"{a} and {b} talk",
                                 "published": f"2024-05-0{1 + i % 5}",
                                 "text": f"{a} and {b} held talks on trade, the {a} government said."}))
    (tmp_path / "talks.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    assert ingest([str(tmp_path / "talks.jsonl")], store).stored == 40
    assert not _pending(store)
    assert _same_as_counting(store) > 20
