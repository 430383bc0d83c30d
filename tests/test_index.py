"""Index graphs (kg/index.py): each event a timeline lists has a row in the index graph of each of its
actors and targets, of its class, and of its class and each party, written with its article; the
rows of an event go when no article gives them any more; `kg reason` rebuilds them as ingest wrote
them; and the saved queries that read them (state-timeline, accusations, sanctions-violators)
answer what the same queries over the articles' own triples answer."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg import queries as saved
from kg.index import CLASS_KEY, MENTION_KEY, ROLES, row_key
from kg.ingest import ingest
from kg.reason import materialise
from kg.store import Store
from kg.tally import TALLY
from kg.vocab import INDEX, KG, article_iri, class_index, party_index

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
    """The index rows (not the tallies, which are counts: tests/test_tally.py)."""
    return {q for g in store.graphs() if g.startswith(INDEX) and not g.startswith(TALLY)
            for q in ((*t, g) for t in store.graph_triples(g))}


def _rus_events(store: Store) -> set[str]:
    return {t[0].value for t in store.graph_triples(party_index(RUS))}


def _answers(store: Store, name: str, reference: str, values: dict) -> tuple[list[tuple], list[tuple]]:
    """The saved query's rows and those of the reference query (over the articles' own triples),
    as strings, with the same parameters."""
    ours = [tuple(map(str, r)) for r in saved.run(store, name, values)]
    bound = saved.bound_text(saved.parse(name, reference), values)
    return ours, [tuple(map(str, r)) for r in store.query(bound)]


@pytest.fixture
def folder(tmp_path) -> Path:
    for name, text in (("a1", DATED), ("a2", DATED), ("w", OTHER)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_index_rows_stay_while_an_article_reports_the_event(folder, store_dir):
    """Two articles report one dated event (one node): deleting one keeps its rows (and drops the
    rows of its own sentences), deleting both removes them; replacing an article by a text without
    the event removes what only it gave."""
    store = Store(store_dir)
    ingest([str(folder / "a1.txt"), str(folder / "a2.txt")], store)
    events = _rus_events(store)
    assert len(events) == 1
    rows = _rows(store)
    assert {r[1].value for r in rows if r[0].value in events} == {*ROLES.values(), CLASS_KEY}
    assert all(len(r[2].value) == 15 for r in rows)
    cls = next(KG + r[3][len(class_index(KG)):] for r in rows if r[1].value == CLASS_KEY)  # the event's class
    assert {class_index(cls), class_index(cls, RUS)} <= {r[3] for r in rows}
    a1 = {t[0].value for t in store.graph_triples(article_iri("a1")) if "/sentence/" in t[0].value}
    assert a1 and {r for r in rows if r[0].value in a1 and r[1].value == MENTION_KEY}
    store.remove_graph(article_iri("a1"), prune=True)
    assert _rows(store) == {r for r in rows if r[0].value not in a1}
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
    assert row_key(date, "urn:e").startswith(order) and row_key(date, "urn:e") not in (key, row_key(date, "urn:e2"))


def test_index_state_timeline_answers_what_the_articles_say(sample_store_path):
    """For every state of the samples: the same rows as the query over the articles' own triples."""
    store = Store(sample_store_path, read_only=True)
    states = [r[0] for r in store.select("SELECT DISTINCT ?i WHERE { ?s kg:iso3 ?i }")[1]]
    listed = 0
    for iso in states:
        ours, theirs = _answers(store, "state-timeline", REFERENCE, {"state": iso})
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
    store.replace_graphs({g: [] for g in store.graphs() if g.startswith(INDEX)})
    assert rebuild_pending(store) and not _rows(store)
    summary = ingest([str(folder / "a1.txt")], store)
    assert summary.stored == 0 and _rows(store) == rows != set() and not rebuild_pending(store)


def test_index_made_by_another_layout_is_rebuilt_by_the_next_ingest(folder, store_dir):
    """A store whose index and inferred graphs another geokg made (its derivation stamp differs, it
    has none, or it has articles but no shared inferred graph: made before the stamp, or by the
    Graph Store Protocol): the next ingest, every article unchanged, warns and rebuilds them, and
    stamps them as this geokg's. A new store's first ingest does not."""
    from kg.reason import DERIVATION, made_by_another
    from kg.vocab import INFERRED

    store = Store(store_dir)
    first = []
    ingest([str(folder / "a1.txt")], store, on_warning=first.append)
    rows = _rows(store)
    assert rows and not made_by_another(store) and first == []
    for stamp in (f'<{INFERRED}> <{DERIVATION}> "older"', "", None):  # another's, none, no shared graph at all
        store.replace_graphs({g: [] for g in store.graphs() if g.startswith(INDEX)})
        store.update(f"DELETE WHERE {{ GRAPH <{INFERRED}> {{ <{INFERRED}> <{DERIVATION}> ?d }} }} ;"
                     f"INSERT DATA {{ GRAPH <{INFERRED}> {{ {stamp or ''} }} }}")
        if stamp is None:
            store.replace_graphs({INFERRED: []})
        assert made_by_another(store) and not _rows(store)
        warnings = []
        summary = ingest([str(folder / "a1.txt")], store, on_warning=warnings.append)
        assert summary.stored == 0 and _rows(store) == rows and not made_by_another(store)
        assert len(warnings) == 1 and "not made by this version" in warnings[0] and str(store_dir) in warnings[0]


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
    rows = [tuple(map(str, r)) for r in saved.run(store, "accusations", {"accuser": "RUS"})]
    assert len(rows) == 1 and event in rows[0][-1]


# accusations and sanctions-violators as they would read the articles' own triples: the reference
_COLUMNS = """
  ?event kg:evidence ?ev .
  OPTIONAL { ?event kg:reportedIn ?article }
  OPTIONAL { ?event kg:actor/rdfs:label ?al }
  OPTIONAL { ?event kg:target/rdfs:label ?tl }
  OPTIONAL { ?event kg:attributedTo/rdfs:label ?sl }
  OPTIONAL { ?event kg:citing/rdfs:label ?ci }
  OPTIONAL { ?event kg:modality ?m . BIND (STRAFTER(STR(?m), "#") AS ?mod) }
  OPTIONAL { ?event kg:date ?d }"""
_OF_STATE = "?x (kg:partOf|kg:memberOf)* ?s . ?s kg:iso3 ?__{}"
_EVENTS = """
  GRAPH ?g {{ ?event a ?c ; kg:cameoCode ?k ; kg:evidence ?any }}
  FILTER (STRSTARTS(STR(?g), "https://w3id.org/geokg/id/article/"))
  FILTER (COALESCE(?__{param}, "") = "" || EXISTS {{ ?event kg:{role} ?x . {state} }})"""
REFERENCES = {
    "accusations": ("accuser", f"""PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?__accuser (GROUP_CONCAT(DISTINCT ?cls; separator=" | ") AS ?kind)
       (GROUP_CONCAT(DISTINCT ?al; separator=" | ") AS ?accuser)
       (GROUP_CONCAT(DISTINCT ?tl; separator=" | ") AS ?accused) (MIN(?mod) AS ?modality)
       (GROUP_CONCAT(DISTINCT ?sl; separator=" | ") AS ?source) (MIN(?d) AS ?date) (MIN(?ev) AS ?evidence)
       (COUNT(DISTINCT ?article) AS ?reports) ?event
WHERE {{
  {{ SELECT DISTINCT ?__accuser ?event WHERE {{
    VALUES ?c {{ kg:Accusation kg:Criticism kg:ViolationAllegation }}
    {_EVENTS.format(param="accuser", role="actor", state=_OF_STATE.format("accuser"))} }} }}
  ?event a ?c2 . VALUES ?c2 {{ kg:Accusation kg:Criticism kg:ViolationAllegation }}
  BIND (STRAFTER(STR(?c2), "#") AS ?cls)
  {_COLUMNS}
}}
GROUP BY ?__accuser ?event
"""),
    "sanctions-violators": ("violator", f"""PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?__violator (GROUP_CONCAT(DISTINCT ?tl; separator=" | ") AS ?violator)
       (GROUP_CONCAT(DISTINCT ?al; separator=" | ") AS ?claimant)
       (GROUP_CONCAT(DISTINCT ?sl; separator=" | ") AS ?source)
       (GROUP_CONCAT(DISTINCT ?ci; separator=" | ") AS ?cites) (MIN(?mod) AS ?modality) (MIN(?d) AS ?date)
       (MIN(?ev) AS ?evidence) (COUNT(DISTINCT ?article) AS ?reports) ?event
WHERE {{
  VALUES ?c {{ kg:ViolationAllegation }}
  {_EVENTS.format(param="violator", role="target", state=_OF_STATE.format("violator"))}
  {_COLUMNS}
}}
GROUP BY ?__violator ?event
"""),
}


def _dates_in_order(rows: list[tuple], column: int) -> bool:
    """Dated rows by date, then the undated ones."""
    dates = [r[column][:11] for r in rows]  # the day (of an N-Triples literal, after its quote)
    dated = [d for d in dates if d != "None"]
    return dates == sorted(dated) + ["None"] * (len(dates) - len(dated))


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_index_event_lists_answer_what_the_articles_say(sample_store_path, name):
    """Unnarrowed and narrowed to each state of the samples: one row per event, the rows the query
    over the articles' own triples gives, by date with the undated ones last."""
    param, text = REFERENCES[name]
    store = Store(sample_store_path, read_only=True)
    states = [r[0] for r in store.select("SELECT DISTINCT ?i WHERE { ?s kg:iso3 ?i }")[1]]
    found = {}
    for iso in ["", *states]:
        values = {param: iso} if iso else {}
        ours, theirs = _answers(store, name, text, values)
        assert sorted(map(_joined_sorted, ours)) == sorted(map(_joined_sorted, theirs)), iso
        assert len({r[-1] for r in ours}) == len(ours) and _dates_in_order(ours, 6), iso  # one row per event
        found[iso] = len(ours)
    narrowed = [iso for iso in states if found[iso]]
    assert len(states) > 10 and found[""] and narrowed and all(found[iso] <= found[""] for iso in narrowed)


WHO_SAID_WHAT = """PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?__speaker (GROUP_CONCAT(DISTINCT ?sl; separator=" | ") AS ?speaker)
       (GROUP_CONCAT(DISTINCT ?b; separator=" | ") AS ?serves) (MIN(?q) AS ?quote) (MIN(?h) AS ?headline)
       (MIN(?pub) AS ?published) ?statement
WHERE {
  ?statement a kg:Statement ; kg:quote ?q ; kg:speaker ?any .
  FILTER (COALESCE(?__speaker, "") = "" || EXISTS { ?statement kg:speaker/rdfs:label ?name .
                                                    FILTER (CONTAINS(LCASE(?name), LCASE(?__speaker))) })
  OPTIONAL { ?statement kg:speaker ?p2 . ?p2 rdfs:label ?sl . OPTIONAL {
    ?statement kg:reportedIn ?in . GRAPH ?in { ?p2 kg:memberOf ?body } ?body rdfs:label ?b } }
  OPTIONAL { ?statement kg:reportedIn ?article . ?article schema:headline ?h .
             OPTIONAL { ?article schema:datePublished ?pub } }
}
GROUP BY ?__speaker ?statement
"""


def _joined_sorted(row: tuple) -> tuple:
    """A row with its joined lists in one order (GROUP_CONCAT joins in the order the plan reads)."""
    return tuple(" | ".join(sorted(v.strip('"').split(" | "))) for v in row)


@pytest.mark.parametrize("speaker", ["", "a", "lavrov", "KIM", "nobody-at-all"])
def test_index_who_said_what_answers_what_the_articles_say(sample_store_path, speaker):
    """One row per quotation with a speaker, the rows of the query over the articles' own triples,
    by the day the article was published, narrowed by part of a speaker's name."""
    store = Store(sample_store_path, read_only=True)
    values = {"speaker": speaker} if speaker else {}
    ours, theirs = _answers(store, "who-said-what", WHO_SAID_WHAT, values)
    assert sorted(map(_joined_sorted, ours)) == sorted(map(_joined_sorted, theirs))
    assert len({r[-1] for r in ours}) == len(ours) and _dates_in_order(ours, 5)
    assert (len(ours) > 10) if speaker in ("", "a") else (speaker == "nobody-at-all") is (not ours)


def _article_doc(graph: str, body: str, published: str = "2024-03-01") -> bytes:
    return (f"<{graph}> a <{KG}Article> ; <https://schema.org/datePublished> "
            f"\"{published}\"^^<http://www.w3.org/2001/XMLSchema#date> .\n{body}").encode()


def test_index_rows_of_a_quotation_two_articles_give_stay_with_the_one_left(store_dir):
    """A quotation (keyed by the day its article was published) that two articles sent by the Graph
    Store Protocol both give: removing one keeps its rows, removing both removes them."""
    from kg.reason import write_article

    store = Store(store_dir)
    st, speaker = "https://w3id.org/geokg/id/statement/shared/0", "https://w3id.org/geokg/id/person/someone"
    body = f"<{st}> a <{KG}Statement> ; <{KG}quote> \"We will not.\" ; <{KG}speaker> <{speaker}> ."
    for name in ("qa", "qb"):
        write_article(store, article_iri(name), _article_doc(article_iri(name), body), "text/turtle")
    rows = {r for r in _rows(store) if r[0].value == st}
    assert {r[3] for r in rows} == {class_index(KG + "Statement"), class_index(KG + "Statement", speaker)}
    store.remove_graph(article_iri("qb"))
    assert {r for r in _rows(store) if r[0].value == st} == rows
    store.remove_graph(article_iri("qa"))
    assert not {r for r in _rows(store) if r[0].value == st}


def test_index_event_of_two_listed_classes_is_one_accusation_row(store_dir):
    """An event of two of the classes accusations lists (they are not disjoint): one row, with both
    kinds, whether or not the list is narrowed to its accuser."""
    from kg.reason import write_article

    store = Store(store_dir)
    store.update(f"""INSERT DATA {{ GRAPH <https://w3id.org/geokg/id/graph/entities> {{
        <{RUS}> <{KG}iso3> "RUS" ; <http://www.w3.org/2000/01/rdf-schema#label> "Russia" }} }}""")
    event = "https://w3id.org/geokg/id/event/two-kinds"
    body = (f"<{event}> a <{KG}Accusation>, <{KG}Criticism> ; <{KG}cameoCode> \"112\" ; "
            f"<{KG}evidence> \"Moscow accused and condemned.\" ; <{KG}actor> <{RUS}> .")
    write_article(store, article_iri("two"), _article_doc(article_iri("two"), body), "text/turtle")
    for values in ({}, {"accuser": "RUS"}):
        rows = [tuple(map(str, r)) for r in saved.run(store, "accusations", values)]
        assert len(rows) == 1 and '"Accusation | Criticism"' in rows[0] and event in rows[0][-1], values


@pytest.mark.parametrize("stale", [True, False])
def test_index_made_by_another_is_told_when_kg_serve_starts(folder, store_dir, stale):
    """`kg serve` on a store whose index another geokg made warns on its first line (the saved
    queries may miss rows until `kg reason`); on a current store it does not."""
    import socket
    import subprocess
    import sys

    from conftest import wait_for

    from kg.reason import DERIVATION
    from kg.vocab import INFERRED

    store = Store(store_dir)
    ingest([str(folder / "a1.txt")], store)
    if stale:
        store.update(f"DELETE WHERE {{ GRAPH <{INFERRED}> {{ <{INFERRED}> <{DERIVATION}> ?d }} }}")
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    kg = Path(sys.executable).parent / "kg"
    proc = subprocess.Popen([str(kg), "serve", "--store", str(store_dir), "--port", str(port)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/queries", proc)
    finally:
        proc.terminate()
        err = proc.communicate(timeout=30)[1]
    first = err.splitlines()[0]
    assert ("not made by this version" in first and "kg reason" in first) is stale, err
    assert f"serving {store_dir}" in err


OFFICIALS_QUOTED = """PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?_state (GROUP_CONCAT(DISTINCT ?b; separator=" | ") AS ?body)
       (GROUP_CONCAT(DISTINCT ?sl; separator=" | ") AS ?speaker)
       (MIN(?q) AS ?quote) (MIN(?h) AS ?headline) (MIN(?pub) AS ?published) ?statement
WHERE {
  ?s kg:iso3 ?_state .
  ?article kg:mentions ?s .
  ?statement kg:reportedIn ?article ; a kg:Statement ; kg:quote ?q ; kg:speaker ?any . ?any a kg:Official .
  OPTIONAL { ?statement kg:speaker ?p . ?p a kg:Official ; rdfs:label ?sl }
  OPTIONAL { ?statement kg:speaker ?p2 . ?p2 a kg:Official . GRAPH ?article { ?p2 kg:memberOf ?bb } ?bb rdfs:label ?b }
  OPTIONAL { ?article schema:headline ?h } OPTIONAL { ?article schema:datePublished ?pub }
}
GROUP BY ?_state ?statement
"""

ENTITY_FACTS = """PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?_entity_iri ?property ?value ?headline
WHERE {
  { SELECT DISTINCT ?_entity_iri ?property ?value WHERE {
      ?_entity_iri ?p ?o . FILTER (?p != kg:mentionedIn) BIND (STR(?p) AS ?property) BIND (STR(?o) AS ?value) } }
  UNION
  { SELECT ?_entity_iri ?sentence ("mentioned in" AS ?property) (MIN(?t) AS ?value) (MIN(?h) AS ?headline) WHERE {
      ?m kg:mentionOf ?_entity_iri ; kg:sentence ?sentence . ?sentence kg:text ?t ; kg:inArticle ?a .
      OPTIONAL { ?a schema:headline ?h } } GROUP BY ?_entity_iri ?sentence }
}
"""


def test_index_officials_quoted_about_each_state_answer_what_the_articles_say(sample_store_path):
    """For each state (and territory) of the samples: one row per quotation by an official in an
    article that mentions it, the rows of the query over the articles' own triples, by publication day."""
    store = Store(sample_store_path, read_only=True)
    states = [r[0] for r in store.select("SELECT DISTINCT ?i WHERE { ?s kg:iso3 ?i }")[1]]
    found = 0
    for iso in states:
        ours, theirs = _answers(store, "officials-quoted-about-state", OFFICIALS_QUOTED, {"state": iso})
        assert sorted(map(_joined_sorted, ours)) == sorted(map(_joined_sorted, theirs)), iso
        assert len({r[-1] for r in ours}) == len(ours) and _dates_in_order(ours, 5), iso
        found += len(ours)
    assert found > 10


@pytest.mark.parametrize("entity", ["state/RUS", "state/USA", "person/sergei-lavrov", "org/african-union",
                                    "regime/state-USA--state-CHN", "state/ZZZ"])
def test_index_entity_facts_answer_what_the_articles_say(sample_store_path, entity):
    """What is said of the entity, then one row per sentence that mentions it: the rows of the query
    over the articles' own triples, what is said first."""
    store = Store(sample_store_path, read_only=True)
    ours, theirs = _answers(store, "entity-facts", ENTITY_FACTS, {"entity": entity})
    assert sorted(ours) == sorted(theirs)
    kinds = [r[1] == '"mentioned in"' for r in ours]
    assert kinds == sorted(kinds)  # the sentences after what is said of it
    assert (entity == "state/ZZZ") is (not ours) and (entity == "state/ZZZ" or any(kinds))
