"""The ontology `ontology/geokg.ttl`: it holds the contract's vocabulary, parses with rdflib and
pyoxigraph, loads in owlready2 (via RDF/XML, since owlready2 does not read Turtle), and HermiT
(through owlready2, on Java) finds it consistent, rejects data that breaks its disjointness axioms and
draws the inferences it is meant to (inverses, the kg:serves chains)."""
from __future__ import annotations

from pathlib import Path

import owlready2
import pyoxigraph
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.resources import data_dir

ONTOLOGY_IRI = "https://w3id.org/geokg/ontology"
KG = rdflib.Namespace("https://w3id.org/geokg/ontology#")
SCHEMA = rdflib.Namespace("https://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
# A plain Namespace: pytest's fixture scan warns on rdflib's closed XSD namespace.
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")

# CONTRACT.md: these may never be renamed or dropped.
CONTRACT_CLASSES = [
    "Article", "State", "Organization", "InternationalOrganization", "GovernmentBody",
    "MediaOrganization", "Person", "Official", "SanctionsRegime", "Event", "Statement",
]
CONTRACT_OBJECT_PROPERTIES = [
    "mentions", "partOf", "memberOf", "imposedBy", "targets", "reportedIn", "actor", "target",
    "speaker",
]
CONTRACT_DATATYPE_PROPERTIES = ["iso3", "role", "cameoCode", "date", "evidence", "quote"]

# Additions the code emits.
# The kinds of event, each ⊑ kg:Event.
EVENT_CLASSES = [
    "SanctionsImposition", "SanctionsLifting", "ViolationAllegation", "Accusation", "Criticism",
    "Denial", "Rejection", "Investigation", "Demand", "Appeal", "Threat", "Visit", "Meeting",
    "Agreement", "Authorization", "Aid", "Protest", "MilitaryAction", "WeaponsTest", "Seizure",
    "Arrest", "Vote", "Expulsion", "Suspension", "PublicStatement", "Cooperation", "Yield",
]
ADDED_CLASSES = [
    "Territory", "Mention", "Sentence",
    "Ministry", "Department", "Agency", "Office", "Legislature", "Court", "ArmedForce", "Police",
    "Government", "Embassy", "Company", "PoliticalParty", "ArmedGroup", "NewsAgency",
    *EVENT_CLASSES, "Modality", "Quantity",
]
ADDED_OBJECT_PROPERTIES = [
    "editor", "mentionOf", "inArticle", "sentence", "modality", "attributedTo", "citing",
    "quantity",
    # not emitted: inverses and a super-property that reasoning (or `kg reason`) derives
    "hasPart", "hasMember", "reports", "mentionedIn", "serves",
]
ADDED_DATATYPE_PROPERTIES = [
    "pipeline", "contentHash", "caption", "dateline", "startChar", "endChar", "text", "index",
    "trigger", "dateText", "datePrecision", "sourceText", "speakerText",
    "value", "minValue", "maxValue", "unit", "currency", "period",
]
# The values of kg:modality: the only named individuals, each of type kg:Modality.
MODALITIES = ["Asserted", "Alleged", "Denied", "Planned", "Threatened", "Negated", "Hypothetical"]

CLASSES = CONTRACT_CLASSES + ADDED_CLASSES
OBJECT_PROPERTIES = CONTRACT_OBJECT_PROPERTIES + ADDED_OBJECT_PROPERTIES
DATATYPE_PROPERTIES = CONTRACT_DATATYPE_PROPERTIES + ADDED_DATATYPE_PROPERTIES
PROPERTIES = OBJECT_PROPERTIES + DATATYPE_PROPERTIES
TERMS = CLASSES + PROPERTIES + MODALITIES

# (subclass, superclass) as full IRIs: the contract's axioms, the narrower classes, the alignments.
SUBCLASS_AXIOMS = [
    (KG.Article, SCHEMA.NewsArticle),
    (KG.InternationalOrganization, KG.Organization),
    (KG.GovernmentBody, KG.Organization),
    (KG.MediaOrganization, KG.Organization),
    (KG.Official, KG.Person),
    (KG.Statement, KG.Event),
    *[(KG[body], KG.GovernmentBody) for body in (
        "Ministry", "Department", "Agency", "Office", "Legislature", "Court", "ArmedForce",
        "Police", "Government", "Embassy")],
    (KG.Company, KG.Organization),
    (KG.PoliticalParty, KG.Organization),
    (KG.ArmedGroup, KG.Organization),
    (KG.NewsAgency, KG.MediaOrganization),
    (KG.Territory, SCHEMA.Place),
    (KG.State, SCHEMA.Country),
    (KG.Organization, ORG.Organization),
    (KG.Organization, SCHEMA.Organization),
    (KG.Person, SCHEMA.Person),
    (KG.Person, PROV.Agent),
    (KG.Article, PROV.Entity),
    (KG.GovernmentBody, SCHEMA.GovernmentOrganization),
    (KG.MediaOrganization, SCHEMA.NewsMediaOrganization),
    (KG.Event, SCHEMA.Event),
    (KG.Event, PROV.Entity),
    # indirect, through the hierarchy
    (KG.Ministry, KG.Organization),
    (KG.NewsAgency, SCHEMA.NewsMediaOrganization),
    (KG.Official, PROV.Agent),
    *[(KG[kind], KG.Event) for kind in EVENT_CLASSES],
    (KG.SanctionsImposition, PROV.Entity),
]

# The schema.org properties an article carries: declared, labelled, never punned.
SCHEMA_ARTICLE_PROPERTIES = [
    "identifier", "headline", "datePublished", "publisher", "author", "url", "inLanguage",
]

DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                     OWL.NamedIndividual)


@pytest.fixture(scope="module")
def ttl_path() -> Path:
    return data_dir("ontology") / "geokg.ttl"


@pytest.fixture(scope="module")
def graph(ttl_path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(ttl_path, format="turtle")


@pytest.fixture(scope="module")
def world(graph: rdflib.Graph, tmp_path_factory: pytest.TempPathFactory) -> owlready2.World:
    """A fresh owlready2 world holding the ontology, loaded from an RDF/XML copy of the Turtle."""
    rdfxml = tmp_path_factory.mktemp("ontology") / "geokg.owl"
    graph.serialize(destination=rdfxml, format="xml", encoding="utf-8")
    w = owlready2.World()
    w.get_ontology(rdfxml.as_uri()).load()
    yield w
    w.close()


def _english_labels(graph: rdflib.Graph, term: rdflib.URIRef) -> list[rdflib.Literal]:
    return [o for o in graph.objects(term, RDFS.label)
            if isinstance(o, rdflib.Literal) and o.language == "en"]


# --- parsing -------------------------------------------------------------------------------------


def test_ontology_file_is_found_through_data_dir(ttl_path: Path) -> None:
    assert ttl_path.is_file()


def test_ontology_parses_with_pyoxigraph(ttl_path: Path) -> None:
    quads = list(pyoxigraph.parse(path=ttl_path, format=pyoxigraph.RdfFormat.TURTLE))
    assert quads
    subjects = {q.subject for q in quads}
    assert pyoxigraph.NamedNode(str(KG.Official)) in subjects
    assert pyoxigraph.NamedNode(ONTOLOGY_IRI) in subjects


def test_ontology_header_has_iri_version_title_and_description(graph: rdflib.Graph) -> None:
    onto = rdflib.URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in graph
    assert list(graph.subjects(RDF.type, OWL.Ontology)) == [onto]
    assert str(graph.value(onto, OWL.versionInfo)) == "0.2.0"
    assert graph.value(onto, DCTERMS.title) is not None
    assert graph.value(onto, DCTERMS.description) is not None


# --- rdflib: declarations, labels, comments ----------------------------------------------------


@pytest.mark.parametrize("name", CLASSES)
def test_ontology_declares_class(graph: rdflib.Graph, name: str) -> None:
    assert (KG[name], RDF.type, OWL.Class) in graph


@pytest.mark.parametrize("name", OBJECT_PROPERTIES)
def test_ontology_declares_object_property(graph: rdflib.Graph, name: str) -> None:
    assert (KG[name], RDF.type, OWL.ObjectProperty) in graph


@pytest.mark.parametrize("name", DATATYPE_PROPERTIES)
def test_ontology_declares_datatype_property(graph: rdflib.Graph, name: str) -> None:
    assert (KG[name], RDF.type, OWL.DatatypeProperty) in graph


@pytest.mark.parametrize("name", TERMS)
def test_ontology_term_has_one_english_label_and_a_comment(graph: rdflib.Graph, name: str) -> None:
    assert len(_english_labels(graph, KG[name])) == 1
    assert len(list(graph.objects(KG[name], RDFS.label))) == 1
    comments = [str(c) for c in graph.objects(KG[name], RDFS.comment)]
    assert comments and all(c.strip() for c in comments)


def test_ontology_every_kg_term_has_one_english_label_and_a_comment(graph: rdflib.Graph) -> None:
    """Also the kg: terms not listed in this test file."""
    declared = {s for t in DECLARATION_TYPES for s in graph.subjects(RDF.type, t)
                if isinstance(s, rdflib.URIRef) and s.startswith(str(KG))}
    assert {KG[name] for name in TERMS} <= declared
    problems = [s for s in declared
                if len(_english_labels(graph, s)) != 1 or graph.value(s, RDFS.comment) is None]
    assert problems == []


def test_ontology_uses_no_undeclared_kg_terms(graph: rdflib.Graph) -> None:
    declared = {s for t in DECLARATION_TYPES for s in graph.subjects(RDF.type, t)}
    used = {n for triple in graph for n in triple
            if isinstance(n, rdflib.URIRef) and n.startswith(str(KG))}
    assert used <= declared


def test_ontology_has_no_punning(graph: rdflib.Graph) -> None:
    """No IRI is declared as more than one of class / object / datatype / annotation property /
    named individual."""
    kinds: dict[rdflib.URIRef, set] = {}
    for t in DECLARATION_TYPES:
        for s in graph.subjects(RDF.type, t):
            if isinstance(s, rdflib.URIRef):
                kinds.setdefault(s, set()).add(t)
    assert {s: k for s, k in kinds.items() if len(k) > 1} == {}


@pytest.mark.parametrize("name", PROPERTIES)
def test_ontology_property_has_domain_and_range(graph: rdflib.Graph, name: str) -> None:
    assert graph.value(KG[name], RDFS.domain) is not None
    assert graph.value(KG[name], RDFS.range) is not None


@pytest.mark.parametrize("name, datatype", [
    ("iso3", XSD.string), ("role", XSD.string), ("cameoCode", XSD.string), ("date", RDFS.Literal),
    ("evidence", XSD.string), ("quote", XSD.string), ("pipeline", XSD.string),
    ("contentHash", XSD.string), ("caption", XSD.string), ("dateline", XSD.string),
    ("startChar", XSD.integer), ("endChar", XSD.integer), ("text", XSD.string),
    ("index", XSD.integer), ("trigger", XSD.string), ("dateText", XSD.string),
    ("datePrecision", XSD.string), ("sourceText", XSD.string), ("speakerText", XSD.string),
    ("value", XSD.decimal), ("minValue", XSD.decimal), ("maxValue", XSD.decimal),
    ("unit", XSD.string), ("currency", XSD.string), ("period", XSD.string),
])
def test_ontology_datatype_property_has_range(graph: rdflib.Graph, name: str, datatype) -> None:
    assert (KG[name], RDFS.range, datatype) in graph


@pytest.mark.parametrize("name, domain, range_", [
    ("modality", KG.Event, KG.Modality), ("quantity", KG.Event, KG.Quantity),
    ("attributedTo", KG.Event, OWL.Thing), ("citing", KG.Event, OWL.Thing),
    ("mentionOf", KG.Mention, OWL.Thing),
    ("trigger", KG.Event, XSD.string), ("dateText", KG.Event, XSD.string),
    ("datePrecision", KG.Event, XSD.string), ("sourceText", KG.Event, XSD.string),
    ("speakerText", KG.Statement, XSD.string), ("quote", KG.Statement, XSD.string),
    *[(name, KG.Quantity, XSD.decimal) for name in ("value", "minValue", "maxValue")],
    *[(name, KG.Quantity, XSD.string) for name in ("unit", "currency", "period")],
])
def test_ontology_added_property_has_domain_and_range(graph: rdflib.Graph, name: str, domain,
                                                      range_) -> None:
    assert list(graph.objects(KG[name], RDFS.domain)) == [domain]
    assert list(graph.objects(KG[name], RDFS.range)) == [range_]


@pytest.mark.parametrize("name", MODALITIES)
def test_ontology_declares_modality_individual(graph: rdflib.Graph, name: str) -> None:
    assert set(graph.objects(KG[name], RDF.type)) == {OWL.NamedIndividual, KG.Modality}


def test_ontology_modality_is_the_closed_set_of_its_individuals(graph: rdflib.Graph) -> None:
    (enumeration,) = graph.objects(KG.Modality, OWL.equivalentClass)
    members = Collection(graph, graph.value(enumeration, OWL.oneOf))
    assert sorted(members) == sorted(KG[name] for name in MODALITIES)
    (different,) = graph.subjects(RDF.type, OWL.AllDifferent)
    distinct = Collection(graph, graph.value(different, OWL.distinctMembers))
    assert sorted(distinct) == sorted(KG[name] for name in MODALITIES)


def test_ontology_event_kinds_are_typed_with_cameo_codes(graph: rdflib.Graph) -> None:
    """Every kind of event says in its comment which CAMEO code(s) it usually carries."""
    assert [name for name in EVENT_CLASSES
            if "CAMEO" not in str(graph.value(KG[name], RDFS.comment))] == []


def test_ontology_text_is_used_on_mentions_sentences_and_quantities(graph: rdflib.Graph) -> None:
    """kg:text is declared once, its domain widened to kg:Quantity rather than redeclared."""
    (domain,) = graph.objects(KG.text, RDFS.domain)
    union = Collection(graph, graph.value(domain, OWL.unionOf))
    assert set(union) == {KG.Mention, KG.Sentence, KG.Quantity}


@pytest.mark.parametrize("name", SCHEMA_ARTICLE_PROPERTIES)
def test_ontology_declares_schema_article_property(graph: rdflib.Graph, name: str) -> None:
    kinds = {t for t in DECLARATION_TYPES if (SCHEMA[name], RDF.type, t) in graph}
    assert len(kinds) == 1 and OWL.Class not in kinds
    assert len(_english_labels(graph, SCHEMA[name])) == 1


# --- owlready2 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CLASSES)
def test_ontology_class_loads_in_owlready2_with_label_and_comment(world, name: str) -> None:
    cls = world[str(KG[name])]
    assert isinstance(cls, owlready2.ThingClass)
    assert [lab.lang for lab in cls.label] == ["en"]
    assert cls.comment


@pytest.mark.parametrize("name, kind", [
    *[(n, owlready2.ObjectPropertyClass) for n in OBJECT_PROPERTIES],
    *[(n, owlready2.DataPropertyClass) for n in DATATYPE_PROPERTIES],
])
def test_ontology_property_loads_in_owlready2_with_label_and_comment(world, name: str, kind) -> None:
    prop = world[str(KG[name])]
    assert isinstance(prop, kind)
    assert [lab.lang for lab in prop.label] == ["en"]
    assert prop.comment
    assert prop.domain and prop.range


@pytest.mark.parametrize("sub, sup", SUBCLASS_AXIOMS, ids=lambda iri: iri.split("/")[-1])
def test_ontology_subclass_axiom_holds(world, sub: rdflib.URIRef, sup: rdflib.URIRef) -> None:
    sub_cls, sup_cls = world[str(sub)], world[str(sup)]
    assert sub_cls is not None and sup_cls is not None
    assert issubclass(sub_cls, sup_cls)


def test_ontology_territory_is_not_a_state(world) -> None:
    territory, state = world[str(KG.Territory)], world[str(KG.State)]
    assert not issubclass(territory, state)
    assert not issubclass(state, territory)
    assert any({territory, state} <= set(d.entities) for d in state.disjoints())


def test_ontology_top_classes_are_pairwise_disjoint(world) -> None:
    top = {world[str(KG[name])] for name in (
        "Article", "Sentence", "Mention", "State", "Territory", "Organization", "Person",
        "SanctionsRegime", "Event", "Quantity", "Modality")}
    assert any(top <= set(d.entities) for d in world[str(KG.Event)].disjoints())


def test_ontology_event_kinds_are_not_declared_disjoint(world) -> None:
    """One report may be of two kinds (a kg:Vote that is a veto is also a kg:Rejection)."""
    kinds = {world[str(KG[name])] for name in EVENT_CLASSES}
    for kind in kinds:
        assert not any(len(set(d.entities) & kinds) > 1 for d in kind.disjoints())


@pytest.mark.parametrize("name", MODALITIES)
def test_ontology_modality_loads_in_owlready2_as_an_individual(world, name: str) -> None:
    individual = world[str(KG[name])]
    assert isinstance(individual, world[str(KG.Modality)])
    assert not isinstance(individual, owlready2.ThingClass)
    assert [lab.lang for lab in individual.label] == ["en"]
    assert individual.comment


def test_ontology_part_of_is_transitive(world) -> None:
    part_of = world[str(KG.partOf)]
    assert issubclass(part_of, owlready2.TransitiveProperty)
    assert not issubclass(world[str(KG.memberOf)], owlready2.TransitiveProperty)


def test_ontology_iso3_domain_is_state_or_territory(world) -> None:
    (domain,) = world[str(KG.iso3)].domain
    assert isinstance(domain, owlready2.Or)
    assert set(domain.Classes) == {world[str(KG.State)], world[str(KG.Territory)]}
    assert world[str(KG.iso3)].range == [str]


def test_ontology_mentions_goes_from_article_to_anything(world) -> None:
    mentions = world[str(KG.mentions)]
    assert mentions.domain == [world[str(KG.Article)]]
    assert mentions.range == [owlready2.Thing]


@pytest.mark.parametrize("sub, sup", [
    (KG.reportedIn, PROV.wasDerivedFrom),
    (KG.mentions, SCHEMA.mentions),
    (KG.editor, SCHEMA.editor),
    (KG.dateline, SCHEMA.dateline),
], ids=lambda iri: iri.split("/")[-1])
def test_ontology_subproperty_alignment_holds(world, sub, sup) -> None:
    assert issubclass(world[str(sub)], world[str(sup)])


def test_ontology_event_is_a_record_not_an_activity(graph: rdflib.Graph) -> None:
    """A kg:Event is derived from its article (kg:reportedIn ⊑ prov:wasDerivedFrom), so it is a
    prov:Entity and never a prov:Activity."""
    assert (KG.Event, RDFS.subClassOf, PROV.Entity) in graph
    assert (KG.Event, RDFS.subClassOf, PROV.Activity) not in graph


# --- the new axioms, as written -------------------------------------------------------------------


@pytest.mark.parametrize("prop, inverse", [
    (KG.hasPart, KG.partOf), (KG.hasMember, KG.memberOf), (KG.reports, KG.reportedIn),
    (KG.mentionedIn, KG.mentions),
], ids=lambda iri: iri.split("#")[-1])
def test_ontology_inverse_property(graph: rdflib.Graph, world, prop, inverse) -> None:
    assert (prop, OWL.inverseOf, inverse) in graph
    assert world[str(prop)].inverse_property is world[str(inverse)]


def test_ontology_has_part_is_transitive_like_part_of(world) -> None:
    assert issubclass(world[str(KG.hasPart)], owlready2.TransitiveProperty)


@pytest.mark.parametrize("sub", [KG.memberOf, KG.partOf], ids=lambda iri: iri.split("#")[-1])
def test_ontology_member_of_and_part_of_imply_serves(world, sub) -> None:
    assert issubclass(world[str(sub)], world[str(KG.serves)])


def test_ontology_serves_has_the_two_property_chains(graph: rdflib.Graph) -> None:
    chains = {tuple(Collection(graph, head)) for head in graph.objects(KG.serves, OWL.propertyChainAxiom)}
    assert chains == {(KG.memberOf, KG.partOf), (KG.serves, KG.partOf)}


def test_ontology_serves_is_not_declared_transitive(graph: rdflib.Graph) -> None:
    """The chains give the inferences; a transitivity axiom is not needed on top of them."""
    assert (KG.serves, RDF.type, OWL.TransitiveProperty) not in graph


def test_ontology_date_range_is_an_owl2_datatype(graph: rdflib.Graph) -> None:
    """xsd:date is outside the OWL 2 datatype map (HermiT rejects it); data still uses xsd:date,
    which the comment says and the SHACL shapes check."""
    assert list(graph.objects(KG.date, RDFS.range)) == [RDFS.Literal]
    assert "xsd:date" in str(graph.value(KG.date, RDFS.comment))
    assert not [s for s, p, o in graph if o == XSD.date or s == XSD.date]


@pytest.mark.parametrize("members", [
    {KG.InternationalOrganization, KG.GovernmentBody, KG.Company, KG.PoliticalParty, KG.ArmedGroup},
    {KG.MediaOrganization, KG.Company, KG.PoliticalParty, KG.ArmedGroup},
    {KG.Ministry, KG.Legislature, KG.Court, KG.ArmedForce, KG.Embassy},
], ids=["organisations", "media", "bodies"])
def test_ontology_narrower_disjointness(world, members) -> None:
    classes = {world[str(c)] for c in members}
    some = next(iter(classes))
    assert any(classes == set(d.entities) for d in some.disjoints())


def test_ontology_media_and_government_body_are_not_disjoint(world) -> None:
    """A state broadcaster or news agency may be both."""
    media, body = world[str(KG.MediaOrganization)], world[str(KG.GovernmentBody)]
    assert not any({media, body} <= set(d.entities) for d in media.disjoints())


def test_ontology_alignments_to_org_schema_prov_are_see_also_where_semantics_differ(graph) -> None:
    assert {SCHEMA.subOrganization, ORG.hasSubOrganization} <= set(graph.objects(KG.hasPart, RDFS.seeAlso))
    assert {ORG.hasMember, SCHEMA.member} <= set(graph.objects(KG.hasMember, RDFS.seeAlso))
    assert PROV.actedOnBehalfOf in set(graph.objects(KG.serves, RDFS.seeAlso))
    for prop in (KG.hasPart, KG.hasMember, KG.serves):
        assert not [o for o in graph.objects(prop, RDFS.subPropertyOf) if not str(o).startswith(str(KG))]


# --- HermiT, through owlready2 (needs Java) ------------------------------------------------------

TEST = rdflib.Namespace("https://example.org/geokg-test#")
PREFIXES = f"""@prefix kg: <{KG}> .
@prefix ex: <{TEST}> .
@prefix owl: <{OWL}> .
"""


def _load_with(graph: rdflib.Graph, data: str, folder: Path) -> owlready2.World:
    """A fresh world holding the ontology plus `data` (Turtle written for the test)."""
    g = rdflib.Graph()
    for triple in graph:
        g.add(triple)
    if data:
        g.parse(data=PREFIXES + data, format="turtle")
    rdfxml = folder / "with-data.owl"
    g.serialize(destination=rdfxml, format="xml", encoding="utf-8")
    w = owlready2.World()
    w.get_ontology(rdfxml.as_uri()).load()
    return w


def _hermit(w: owlready2.World) -> None:
    owlready2.sync_reasoner_hermit(w, infer_property_values=True, debug=0)


def test_hermit_finds_the_ontology_consistent_and_every_class_satisfiable(graph, tmp_path) -> None:
    w = _load_with(graph, "", tmp_path)
    try:
        _hermit(w)  # raises OwlReadyInconsistentOntologyError if inconsistent
        assert list(w.inconsistent_classes()) == []
        assert issubclass(w[str(KG.Ministry)], w[str(KG.Organization)])
    finally:
        w.close()


CHAIN_DATA = """
ex:lavrova a owl:NamedIndividual , kg:Official ; kg:memberOf ex:foreignMinistry .
ex:foreignMinistry a owl:NamedIndividual , kg:Ministry ; kg:partOf ex:ruritania .
ex:clerk a owl:NamedIndividual , kg:Official ; kg:memberOf ex:protocolDepartment .
ex:protocolDepartment a owl:NamedIndividual , kg:Department ; kg:partOf ex:foreignMinistry .
ex:ruritania a owl:NamedIndividual , kg:State ; kg:iso3 "RUR" .
ex:dispatch a owl:NamedIndividual , kg:Article .
ex:talks a owl:NamedIndividual , kg:Meeting ; kg:reportedIn ex:dispatch .
"""


@pytest.fixture(scope="module")
def reasoned(graph, tmp_path_factory):
    """The ontology with a small graph of its own, before and after HermiT."""
    w = _load_with(graph, CHAIN_DATA, tmp_path_factory.mktemp("chain"))
    before = {name: [x.name for x in w[str(TEST[name])].serves] for name in ("lavrova", "clerk")}
    _hermit(w)
    yield w, before
    w.close()


def _values(w, subject: str, prop: rdflib.URIRef) -> set[str]:
    return {x.name for x in getattr(w[str(TEST[subject])], prop.split("#")[-1])}


def test_hermit_chain_official_of_a_ministry_serves_its_state(reasoned) -> None:
    w, before = reasoned
    assert before["lavrova"] == []  # nothing asserted: the reasoner has to find it
    assert "ruritania" in _values(w, "lavrova", KG.serves)


def test_hermit_chain_goes_up_through_a_parent_body(reasoned) -> None:
    """Department ⊑partOf ministry ⊑partOf state: (kg:serves kg:partOf) and transitive kg:partOf."""
    w, before = reasoned
    assert before["clerk"] == []
    assert {"foreignMinistry", "ruritania"} <= _values(w, "clerk", KG.serves)


def test_hermit_inverses_and_transitive_has_part(reasoned) -> None:
    w, _ = reasoned
    assert {"foreignMinistry", "protocolDepartment"} <= {
        x.name for x in w[str(TEST.ruritania)].INDIRECT_hasPart}
    assert "lavrova" in _values(w, "foreignMinistry", KG.hasMember)
    assert "talks" in _values(w, "dispatch", KG.reports)


@pytest.mark.parametrize("data", [
    "ex:x a owl:NamedIndividual , kg:State , kg:Person .",
    "ex:x a owl:NamedIndividual , kg:Event , kg:Organization .",
    "ex:x a owl:NamedIndividual , kg:Article , kg:Event .",
    "ex:x a owl:NamedIndividual , kg:State , kg:Territory .",
    "ex:x a owl:NamedIndividual , kg:Official , kg:Ministry .",
    "ex:x a owl:NamedIndividual , kg:Court , kg:Legislature .",
    "ex:x a owl:NamedIndividual , kg:InternationalOrganization , kg:Agency .",
    # a domain or range broken: an event reported in a person, a state code on an event
    "ex:x a owl:NamedIndividual , kg:Event ; kg:reportedIn ex:y . ex:y a owl:NamedIndividual , kg:Person .",
    "ex:x a owl:NamedIndividual , kg:Event ; kg:iso3 \"RUR\" .",
], ids=["state-person", "event-organization", "article-event", "state-territory",
        "official-ministry", "court-legislature", "intl-org-agency", "reported-in-person",
        "iso3-on-event"])
def test_hermit_rejects_an_inconsistent_graph(graph, tmp_path, data: str) -> None:
    w = _load_with(graph, data, tmp_path)
    try:
        with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
            _hermit(w)
    finally:
        w.close()
