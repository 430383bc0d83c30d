"""single-source-facts reads rows the writes keep (kg/index.py: source_rows; kg/store/sources.py):
an event that one article alone reports, with one source, has its row; a second article that
reports it takes the row away however it comes (in the same bulk write, while the first one's is
being written, in a later run), and deleting or replacing that article gives it back; `kg reason`
rebuilds the same rows; and the answer is what counting the articles' own triples gives."""
from __future__ import annotations

from pathlib import Path

import pytest

import kg.ingest
from kg import queries as saved
from kg.index import SOURCE_KEY
from kg.ingest import ingest
from kg.reason import materialise
from kg.store import Store
from kg.vocab import SOURCE_INDEX, article_iri

DATED = ("Lithuania expels Russian diplomat\n\nLithuania expelled a Russian diplomat on 4 March 2024, "
         "according to Reuters.\n")  # one source; a dated event with its actor: one node whichever article reports it
OTHER = "Weather in Vilnius\n\nIt rained in Vilnius on Monday.\n"

# single-source-facts as it counted the articles' own triples before the index: the reference
REFERENCE = """PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?event (MIN(?l) AS ?source) (MIN(?h) AS ?headline) (MIN(?p) AS ?published) (MIN(?ev) AS ?evidence)
WHERE {
  { SELECT ?event WHERE { ?event kg:attributedTo ?src ; kg:reportedIn ?a ; kg:evidence ?e0 . }
    GROUP BY ?event HAVING (COUNT(DISTINCT ?src) = 1 && COUNT(DISTINCT ?a) = 1) }
  ?event kg:evidence ?ev .
  OPTIONAL { ?event kg:attributedTo/rdfs:label ?l }
  OPTIONAL { ?event kg:reportedIn ?a . ?a schema:headline ?h . OPTIONAL { ?a schema:datePublished ?p } }
} GROUP BY ?event
"""


def _answers(store: Store) -> tuple[list[tuple], list[tuple]]:
    ours = [tuple(map(str, r)) for r in saved.run(store, "single-source-facts", {})]
    return ours, [tuple(map(str, r)) for r in store.query(REFERENCE)]


def _listed(store: Store) -> set[str]:
    """The events single-source-facts lists, after checking it against the reference."""
    ours, theirs = _answers(store)
    assert sorted(ours) == sorted(theirs)
    return {r[0].strip("<>") for r in ours}


def _rows(store: Store) -> set[tuple]:
    return set(store.graph_triples(SOURCE_INDEX))


@pytest.fixture
def folder(tmp_path) -> Path:
    for name, text in (("a1", DATED), ("a2", DATED), ("w", OTHER)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_single_source_facts_answer_what_the_articles_say(sample_store_path):
    store = Store(sample_store_path, read_only=True)
    ours, _ = _answers(store)
    assert len(_listed(store)) == len(ours) > 3
    dates = [r[3][:11] for r in ours]  # by the day published, the undated last
    dated = [d for d in dates if d != "None"]
    assert dates == sorted(dated) + ["None"] * (len(dates) - len(dated))


@pytest.mark.parametrize("how", ["one bulk write", "while the first is written", "a later run"])
def test_single_source_event_of_a_second_article_is_listed_again_when_it_goes(folder, store_dir, monkeypatch, how):
    store = Store(store_dir)
    ingest([str(folder / "a1.txt"), str(folder / "w.txt")], store)
    alone = _listed(store)
    rows = _rows(store)
    assert len(alone) == 1 and all(r[1].value == SOURCE_KEY for r in rows)
    if how == "one bulk write":  # both new in the same run: the second waits for the first's bulk write
        store.remove_graph(article_iri("a1"))
        assert not _listed(store) and not _rows(store)
        ingest([str(folder / "a1.txt"), str(folder / "a2.txt")], store)
    else:
        if how == "while the first is written":  # one article per bulk write: the next comes while it is in flight
            monkeypatch.setattr(kg.ingest, "NEW_BATCH", 1)
            store.remove_graph(article_iri("a1"))
            ingest([str(folder / "a1.txt"), str(folder / "a2.txt")], store)
        else:
            ingest([str(folder / "a2.txt")], store)
    assert not _listed(store) and not _rows(store)  # two articles report it now
    materialise(store)
    assert not _listed(store) and not _rows(store)
    store.remove_graph(article_iri("a2"))
    assert _listed(store) == alone and _rows(store) == rows  # a1's row again
    ingest([str(folder / "a2.txt")], store)
    (folder / "a2.txt").write_text(OTHER, encoding="utf-8")  # replaced by a text without the event
    ingest([str(folder / "a2.txt")], store)
    assert _listed(store) == alone and _rows(store) == rows
    materialise(store)
    assert _rows(store) == rows


def test_single_source_event_with_two_sources_is_not_listed(store_dir, tmp_path):
    """One article, two sources for the event: not a single-source fact; its replacement with
    one source is."""
    two = DATED.replace("according to Reuters.", "Reuters and the Associated Press reported.")
    (tmp_path / "a.txt").write_text(two, encoding="utf-8")
    store = Store(store_dir)
    ingest([str(tmp_path / "a.txt")], store)
    listed = _listed(store)
    (tmp_path / "a.txt").write_text(DATED, encoding="utf-8")
    ingest([str(tmp_path / "a.txt")], store)
    assert len(_listed(store)) == len(listed) + 1
