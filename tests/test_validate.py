"""SHACL validation of graphs against the contract (`ontology/shapes.ttl`, `kg/validate.py`).

Small graphs written by hand for these tests (one named graph per article, the contract's IRIs)
show that each kind of contract break is caught and named (node, article, shape); the project's
sample articles, ingested by the real pipeline into a real store, break none of the shapes."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import rdflib

from kg.ingest import ingest
from kg.rdf import ENTITIES
from kg.resources import data_dir
from kg.store import Store
from kg.validate import Violation, validate_nquads, validate_store

SHAPES = "https://w3id.org/geokg/shapes#"
KG = "https://w3id.org/geokg/ontology#"
ID = "https://w3id.org/geokg/id/"

PREFIXES = f"""
@prefix kg: <{KG}> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix art: <{ID}article/> .
@prefix state: <{ID}state/> .
@prefix body: <{ID}body/> .
@prefix org: <{ID}org/> .
@prefix media: <{ID}media/> .
@prefix person: <{ID}person/> .
@prefix regime: <{ID}regime/> .
@prefix event: <{ID}event/> .
@prefix statement: <{ID}statement/> .
"""

# Two articles about made-up states (Ruritania, Grand Fenwick), one triple a line so that a test can
# drop a line. Narrower classes only where the contract allows them (kg:Ministry without
# kg:GovernmentBody, kg:Accusation without kg:Event, kg:NewsAgency as publisher): the shapes must
# reach them through the ontology's rdfs:subClassOf.
ARTICLE_ONE = """
art:one a kg:Article .
art:one schema:identifier "dispatch-one" .
art:one schema:headline "Grand Fenwick accuses Ruritania over border mill" .
art:one schema:datePublished "2031-05-02"^^xsd:date .
art:one schema:publisher media:harbour-wire .
art:one schema:author person:ann-quill .
art:one schema:url "https://news.example/dispatch-one"^^xsd:anyURI .
art:one kg:mentions state:RUR .
art:one kg:mentions state:GFW .
art:one kg:mentions person:lena-marsh .
media:harbour-wire a kg:NewsAgency .
media:harbour-wire rdfs:label "Harbour Wire" .
person:ann-quill a kg:Person .
person:ann-quill rdfs:label "Ann Quill" .
state:RUR a kg:State .
state:RUR kg:iso3 "RUR" .
state:RUR rdfs:label "Ruritania" .
state:GFW a kg:State .
state:GFW kg:iso3 "GFW" .
state:GFW rdfs:label "Grand Fenwick" .
body:rur-foreign-ministry a kg:Ministry .
body:rur-foreign-ministry rdfs:label "Ruritanian Foreign Ministry" .
body:rur-foreign-ministry skos:altLabel "Ruritania's Foreign Ministry" .
body:rur-foreign-ministry kg:partOf state:RUR .
body:rur-protocol-department a kg:Department .
body:rur-protocol-department rdfs:label "Protocol Department" .
body:rur-protocol-department kg:partOf body:rur-foreign-ministry .
person:lena-marsh a kg:Official .
person:lena-marsh rdfs:label "Lena Marsh" .
person:lena-marsh kg:role "foreign minister" .
person:lena-marsh kg:memberOf body:rur-foreign-ministry .
org:mill-council a kg:InternationalOrganization .
org:mill-council rdfs:label "Council of River Mills" .
regime:gfw-rur a kg:SanctionsRegime .
regime:gfw-rur rdfs:label "Grand Fenwick sanctions on Ruritania" .
regime:gfw-rur kg:imposedBy state:GFW .
regime:gfw-rur kg:targets state:RUR .
event:accusation a kg:Accusation .
event:accusation kg:reportedIn art:one .
event:accusation kg:cameoCode "112" .
event:accusation kg:actor state:GFW .
event:accusation kg:target state:RUR .
event:accusation kg:date "2031-05-01"^^xsd:date .
event:accusation kg:evidence "Grand Fenwick on Thursday accused Ruritania of diverting the river." .
event:accusation kg:modality kg:Asserted .
statement:marsh a kg:Statement .
statement:marsh kg:reportedIn art:one .
statement:marsh kg:cameoCode "010" .
statement:marsh kg:evidence "\\"We divert nothing,\\" Marsh said." .
statement:marsh kg:quote "We divert nothing" .
statement:marsh kg:speaker person:lena-marsh .
"""

ARTICLE_TWO = """
art:two a kg:Article .
art:two schema:identifier "bulletin-two" .
art:two schema:headline "Ruritania summons envoy" .
art:two kg:mentions state:RUR .
state:RUR a kg:State .
state:RUR kg:iso3 "RUR" .
state:RUR rdfs:label "Ruritania" .
event:summons a kg:Event , kg:Protest .
event:summons kg:reportedIn art:two .
event:summons kg:cameoCode "14" .
event:summons kg:actor state:RUR .
event:summons kg:evidence "Ruritania summoned the Fenwick envoy." .
"""


def to_nquads(one: str = ARTICLE_ONE, two: str = ARTICLE_TWO, extra_one: str = "") -> bytes:
    """The two articles as TriG (article two first, so sorting is what picks an article), turned
    into N-Quads as the store exports them."""
    trig = (PREFIXES + "art:two {\n" + two + "}\n" + "art:one {\n" + one + extra_one + "}\n")
    ds = rdflib.Dataset()
    ds.parse(data=trig, format="trig")
    return ds.serialize(format="nquads", encoding="utf-8")


def drop(text: str, *patterns: str) -> str:
    """The text without the lines matching each pattern (regex); each pattern must match."""
    lines = text.splitlines()
    for pattern in patterns:
        kept = [line for line in lines if not re.search(pattern, line)]
        assert len(kept) < len(lines), pattern
        lines = kept
    return "\n".join(lines) + "\n"


def found(violations: list[Violation]) -> set[tuple[str, str, str | None]]:
    return {(v.node.removeprefix(ID), v.shape.removeprefix(SHAPES), v.article) for v in violations}


# --- a conforming graph ---------------------------------------------------------------------------


def test_the_hand_written_graph_conforms() -> None:
    assert validate_nquads(to_nquads()) == []


def test_empty_data_conforms() -> None:
    assert validate_nquads(b"") == []


# --- each kind of contract break --------------------------------------------------------------------

BREAKS = {
    # the contract's six breaks
    "event with no article": (
        drop(ARTICLE_ONE, r"^event:accusation kg:reportedIn"), "",
        {("event/accusation", "Event-reportedIn", "dispatch-one")}),
    "state without an ISO code": (
        drop(ARTICLE_ONE, r"^state:GFW kg:iso3"), "",
        {("state/GFW", "State-iso3", "dispatch-one")}),
    "official with no body": (
        drop(ARTICLE_ONE, r"^person:lena-marsh kg:memberOf"), "",
        {("person/lena-marsh", "Official-memberOf", "dispatch-one")}),
    "regime with no imposer": (
        drop(ARTICLE_ONE, r"^regime:gfw-rur kg:imposedBy"), "",
        {("regime/gfw-rur", "SanctionsRegime-imposedBy", "dispatch-one")}),
    "body with no state": (
        drop(ARTICLE_ONE, r"^body:rur-foreign-ministry kg:partOf"), "",
        {("body/rur-foreign-ministry", "GovernmentBody-partOf", "dispatch-one"),
         ("body/rur-foreign-ministry", "GovernmentBody-state", "dispatch-one"),
         # the department is part of the ministry, which no longer leads to a state
         ("body/rur-protocol-department", "GovernmentBody-state", "dispatch-one")}),
    "statement without speaker": (
        drop(ARTICLE_ONE, r"^statement:marsh kg:speaker"), "",
        {("statement/marsh", "Statement-speaker", "dispatch-one")}),
    # more of the contract
    "body part of a body of no state": (
        ARTICLE_ONE, "body:orphan a kg:Agency . body:orphan rdfs:label \"Mill Office\" . "
                     "body:orphan kg:partOf org:mill-council .\n",
        {("body/orphan", "GovernmentBody-state", "dispatch-one")}),
    "state code not upper case": (
        ARTICLE_ONE.replace('state:GFW kg:iso3 "GFW"', 'state:GFW kg:iso3 "gfw"'), "",
        {("state/GFW", "State-iso3-format", "dispatch-one")}),
    "state without a label": (
        drop(ARTICLE_ONE, r"^state:GFW rdfs:label"), "",
        {("state/GFW", "State-label", "dispatch-one")}),
    "organisation without a label": (
        drop(ARTICLE_ONE, r"^org:mill-council rdfs:label"), "",
        {("org/mill-council", "Organization-label", "dispatch-one")}),
    "person without a label": (
        drop(ARTICLE_ONE, r"^person:ann-quill rdfs:label"), "",
        {("person/ann-quill", "Person-label", "dispatch-one")}),
    "regime with no target": (
        drop(ARTICLE_ONE, r"^regime:gfw-rur kg:targets"), "",
        {("regime/gfw-rur", "SanctionsRegime-targets", "dispatch-one")}),
    "event reported in a non-article": (
        ARTICLE_ONE.replace("event:accusation kg:reportedIn art:one", "event:accusation kg:reportedIn state:RUR"),
        "", {("event/accusation", "Event-reportedIn", "dispatch-one")}),
    "event without CAMEO code": (
        drop(ARTICLE_ONE, r"^event:accusation kg:cameoCode"), "",
        {("event/accusation", "Event-cameoCode", "dispatch-one")}),
    "CAMEO code not digits": (
        ARTICLE_ONE.replace('kg:cameoCode "112"', 'kg:cameoCode "11a"'), "",
        {("event/accusation", "Event-cameoCode", "dispatch-one")}),
    "two CAMEO codes": (
        ARTICLE_ONE, 'event:accusation kg:cameoCode "111" .\n',
        {("event/accusation", "Event-cameoCode", "dispatch-one")}),
    "actor as a literal": (
        ARTICLE_ONE, 'event:accusation kg:actor "Grand Fenwick" .\n',
        {("event/accusation", "Event-actor", "dispatch-one")}),
    "target as a literal": (
        ARTICLE_ONE, 'event:accusation kg:target "Ruritania" .\n',
        {("event/accusation", "Event-target", "dispatch-one")}),
    "event without evidence": (
        drop(ARTICLE_ONE, r"^event:accusation kg:evidence"), "",
        {("event/accusation", "Event-evidence", "dispatch-one")}),
    "date not an xsd:date": (
        ARTICLE_ONE.replace('"2031-05-01"^^xsd:date', '"1 May 2031"'), "",
        {("event/accusation", "Event-date", "dispatch-one")}),
    "statement without quote": (
        drop(ARTICLE_ONE, r"^statement:marsh kg:quote"), "",
        {("statement/marsh", "Statement-quote", "dispatch-one")}),
    "article without identifier": (
        drop(ARTICLE_ONE, r"^art:one schema:identifier"), "",
        {("article/one", "Article-identifier", None)}),
    "article with two identifiers": (
        ARTICLE_ONE, 'art:one schema:identifier "dispatch-1" .\n',
        # two identifiers: the first in sorted order names the article
        {("article/one", "Article-identifier", "dispatch-1")}),
    "two headlines": (
        ARTICLE_ONE, 'art:one schema:headline "Another headline" .\n',
        {("article/one", "Article-headline", "dispatch-one")}),
    "publication date as a plain string": (
        ARTICLE_ONE.replace('"2031-05-02"^^xsd:date', '"May 2, 2031"'), "",
        {("article/one", "Article-datePublished", "dispatch-one")}),
    "publisher not a media organisation": (
        ARTICLE_ONE.replace("art:one schema:publisher media:harbour-wire", "art:one schema:publisher person:ann-quill"),
        "", {("article/one", "Article-publisher", "dispatch-one")}),
    "author not a person": (
        ARTICLE_ONE.replace("art:one schema:author person:ann-quill", "art:one schema:author media:harbour-wire"),
        "", {("article/one", "Article-author", "dispatch-one")}),
    "a state that is also a person": (
        ARTICLE_ONE, "state:GFW a kg:Person .\n",
        {("state/GFW", "DisjointState", "dispatch-one")}),
    "an event that is also an organisation": (
        ARTICLE_ONE, "event:accusation a kg:Organization . event:accusation rdfs:label \"x\" .\n",
        {("event/accusation", "DisjointOrganization", "dispatch-one")}),
}


@pytest.mark.parametrize("one, extra, expected", BREAKS.values(), ids=BREAKS.keys())
def test_validation_catches_a_contract_break(one: str, extra: str, expected: set) -> None:
    assert found(validate_nquads(to_nquads(one, extra_one=extra))) == expected


def test_a_node_shared_by_two_articles_is_reported_with_the_first_article_sorted() -> None:
    """state:RUR sits in both articles' graphs: "bulletin-two" sorts before "dispatch-one"."""
    one = ARTICLE_ONE.replace('state:RUR kg:iso3 "RUR"', 'state:RUR kg:iso3 "R1"')
    two = ARTICLE_TWO.replace('state:RUR kg:iso3 "RUR"', 'state:RUR kg:iso3 "R2"')
    violations = validate_nquads(to_nquads(one, two))
    assert {(v.node, v.article, v.shape) for v in violations} >= {
        (ID + "state/RUR", "bulletin-two", SHAPES + "State-iso3"),  # two codes
        (ID + "state/RUR", "bulletin-two", SHAPES + "State-iso3-format"),
    }


def test_a_violation_names_node_article_shape_message_and_path() -> None:
    (v,) = validate_nquads(to_nquads(drop(ARTICLE_ONE, r"^person:lena-marsh kg:memberOf")))
    assert v == Violation(
        node=ID + "person/lena-marsh", article="dispatch-one", shape=SHAPES + "Official-memberOf",
        message="an official with no body: a kg:Official must be kg:memberOf the body, organisation or "
                "state they serve",
        path=KG + "memberOf")
    assert str(v) == (f"{ID}person/lena-marsh (article dispatch-one): {v.message} [{SHAPES}Official-memberOf]")


def test_a_path_of_one_or_more_steps_is_reported_as_a_sparql_path() -> None:
    violations = validate_nquads(to_nquads(drop(ARTICLE_ONE, r"^body:rur-protocol-department kg:partOf")))
    paths = {v.shape.removeprefix(SHAPES): v.path for v in violations}
    assert paths == {"GovernmentBody-partOf": KG + "partOf", "GovernmentBody-state": f"<{KG}partOf>+"}


def test_a_node_in_no_article_graph_has_no_article() -> None:
    data = (f'<{ID}state/ZZZ> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}State> .\n'
            f'<{ID}state/ZZZ> <http://www.w3.org/2000/01/rdf-schema#label> "Nowhere" .\n').encode()
    assert found(validate_nquads(data)) == {("state/ZZZ", "State-iso3", None)}


# --- the shapes file -----------------------------------------------------------------------------


def test_every_constraint_has_a_message_and_every_shape_an_iri() -> None:
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    g = rdflib.Graph().parse(data_dir("ontology") / "shapes.ttl", format="turtle")
    shapes = set(g.subjects(rdflib.RDF.type, sh.NodeShape)) | set(g.subjects(rdflib.RDF.type, sh.PropertyShape))
    assert shapes and all(isinstance(s, rdflib.URIRef) for s in shapes)
    referenced = set(g.objects(None, sh.property))
    assert referenced <= shapes
    constrained = {s for s in shapes if any(p not in (rdflib.RDF.type, rdflib.RDFS.label, sh.property,
                                                      sh.targetClass, sh.path, sh.message)
                                            for p in g.predicates(s))}
    assert constrained and [s for s in constrained if g.value(s, sh.message) is None] == []


# --- the store --------------------------------------------------------------------------------------


def test_validate_store_reads_every_named_graph(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    ds = rdflib.Dataset()
    ds.parse(data=to_nquads(drop(ARTICLE_ONE, r"^regime:gfw-rur kg:imposedBy")), format="nquads")
    for ctx in ds.graphs():
        if len(ctx):
            store.replace_graph_with(str(ctx.identifier), ctx.serialize(format="nt", encoding="utf-8"),
                                     "application/n-triples")
    assert found(validate_store(store)) == {("regime/gfw-rur", "SanctionsRegime-imposedBy", "dispatch-one")}


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory, samples_dir: Path) -> Store:
    store = Store(tmp_path_factory.mktemp("samples") / "s")
    summary = ingest([str(samples_dir)], store)
    assert not summary.errors
    return store


def test_the_pipeline_output_for_the_samples_breaks_no_shape(samples_store: Store) -> None:
    t0 = time.perf_counter()
    violations = validate_store(samples_store)
    seconds = time.perf_counter() - t0
    assert [str(v) for v in violations] == []
    assert len(samples_store) > 3000 and seconds < 20


def test_each_sample_article_graph_conforms_on_its_own(samples_store: Store) -> None:
    """As `kg ingest --validate` checks one article before storing it: each article's graph, with
    the shared descriptions of the nodes it uses (the states its bodies are part of), breaks no shape."""
    ds = rdflib.Dataset()
    ds.parse(data=_export(samples_store), format="nquads")
    articles = [ctx for ctx in ds.graphs() if str(ctx.identifier).startswith(ID + "article/")]
    reference = ds.graph(rdflib.URIRef(ENTITIES))
    assert len(articles) >= 7 and len(reference) > 50
    for ctx in articles:
        g = rdflib.Dataset()
        nodes = {n for triple in ctx for n in triple}
        for source, triples in ((ctx, list(ctx)), (reference, [t for t in reference if t[0] in nodes])):
            named = g.graph(source.identifier)
            for triple in triples:
                named.add(triple)
        assert [str(v) for v in validate_nquads(g.serialize(format="nquads", encoding="utf-8"))] == []


def _export(store: Store) -> bytes:
    import io

    buf = io.BytesIO()
    store.export("nquads", buf)
    return buf.getvalue()


def test_validate_cli_reports_and_exits_nonzero(kg_cli, tmp_path, store_dir):
    from kg.store import Store
    good = tmp_path / "ok.txt"
    good.write_text("Peru recalls envoy\n\nPeru recalled its ambassador from Mexico on Friday.\n", encoding="utf-8")
    assert kg_cli("ingest", good, "--store", store_dir).exit_code == 0
    r = kg_cli("validate", "--store", store_dir)
    assert r.exit_code == 0 and "0 violations" in r.stderr
    store = Store(store_dir)
    store.update('PREFIX kg: <https://w3id.org/geokg/ontology#> INSERT DATA { GRAPH <urn:test:bad> { '
                 '<urn:test:s> a kg:State } }')
    store.close()
    r = kg_cli("validate", "--store", store_dir)
    assert r.exit_code == 1 and "urn:test:s" in r.stdout and "2 violations" in r.stderr
    assert "State-iso3" in r.stdout


def test_validate_on_ingest_keeps_a_broken_article_out(kg_cli, tmp_path, store_dir):
    good = tmp_path / "ok.txt"
    good.write_text("Peru recalls envoy\n\nPeru recalled its ambassador from Mexico on Friday.\n", encoding="utf-8")
    r = kg_cli("ingest", good, "--store", store_dir, "--validate")
    assert r.exit_code == 0 and "stored 1" in r.stderr
