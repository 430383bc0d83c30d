"""Each export format writes the whole store in a form other RDF tools read back."""
from __future__ import annotations

import pytest
import rdflib

from kg.ingest import ingest
from kg.store import Store

TEXT = ("Estonia expels Russian diplomat\n\nEstonia expelled a Russian diplomat on Monday, the Estonian "
        "Foreign Ministry said, after Moscow closed an Estonian consulate.\n")


@pytest.fixture
def filled_store(tmp_path, store_dir):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ee1.txt").write_text(TEXT, encoding="utf-8")
    store = Store(store_dir)
    ingest([str(tmp_path / "in")], store)
    return store


@pytest.mark.parametrize("fmt, rdflib_format, keeps_graphs", [
    ("nquads", "nquads", True),
    ("trig", "trig", True),
    ("turtle", "turtle", False),
    ("jsonld", "json-ld", True),
])
def test_export_format_parses_back(filled_store, tmp_path, fmt, rdflib_format, keeps_graphs):
    out = tmp_path / f"out.{fmt}"
    with open(out, "wb") as fh:
        filled_store.export(fmt, fh)
    ds = rdflib.Dataset()
    ds.parse(out, format=rdflib_format)
    triples = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert (rdflib.URIRef("https://w3id.org/geokg/id/state/EST"),
            rdflib.URIRef("https://w3id.org/geokg/ontology#iso3"), rdflib.Literal("EST")) in triples
    graphs = {str(g) for _, _, _, g in ds.quads((None, None, None, None)) if g is not None}
    assert any("/id/article/" in g for g in graphs) == keeps_graphs
