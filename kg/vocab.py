"""Namespaces and IRIs of the graph (see ../shared/CONTRACT.md)."""
from __future__ import annotations

import hashlib

KG = "https://w3id.org/geokg/ontology#"
ID = "https://w3id.org/geokg/id/"
SCHEMA = "https://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF + "type"
ARTICLES = ID + "article/"  # an article's IRI, which names its graph, starts so
INFERRED = ID + "graph/inferred"  # what the shared graphs let one conclude; an article's: INFERRED/<hash>
INDEX = ID + "index/"  # the index graphs (kg/index.py): rows that lay data out for the saved queries, no facts
PARTY_INDEX = INDEX + "party/"  # + a party's IRI after ID: the events it acts in or is targeted by
CLASS_INDEX = INDEX + "class/"  # + an event class's name: its events; + "/" + a party's path: those it takes part in
MENTION_INDEX = INDEX + "mention/"  # + a node's path: the sentences that mention it
ABOUT_INDEX = INDEX + "about/"  # + a state's path: the quotations with a speaker in articles that mention it
SOURCE_INDEX = INDEX + "single-source"  # the events one article alone reports, with one source

PREFIXES = {"kg": KG, "id": ID, "schema": SCHEMA, "rdf": RDF, "rdfs": RDFS, "skos": SKOS,
            "prov": PROV, "xsd": XSD}
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def article_hash(article_id: str) -> str:
    return hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:20]


def article_iri(article_id: str) -> str:
    """The article's IRI, which also names its graph."""
    return f"{ARTICLES}{article_hash(article_id)}"


def inferred_graph(article_graph: str) -> str:
    """The graph that holds what an article's graph lets one conclude (kg/reason.py)."""
    return f"{INFERRED}/{article_graph.rsplit('/', 1)[-1]}"


def is_inferred(graph: str) -> bool:
    """Whether a graph is inferred: the shared inferred graph or an article's."""
    return graph == INFERRED or graph.startswith(INFERRED + "/")


def _party_path(party: str) -> str:
    """A party's IRI after ID, or `iri/<SHA-1>` for one outside ID (data sent by hand)."""
    return party[len(ID):] if party.startswith(ID) else "iri/" + sha1_hex(party)


def party_index(party: str) -> str:
    """The index graph of a party's events (kg/index.py)."""
    return PARTY_INDEX + _party_path(party)


def class_index(cls: str, party: str | None = None) -> str:
    """The index graph of the events of a class of the ontology (kg/index.py), or of those of them
    a party takes part in."""
    name = CLASS_INDEX + cls[len(KG):]
    return name if party is None else f"{name}/{_party_path(party)}"


def mention_index(node: str) -> str:
    """The index graph of the sentences that mention a node (kg/index.py)."""
    return MENTION_INDEX + _party_path(node)


def about_index(state: str) -> str:
    """The index graph of the quotations with a speaker in articles that mention a state (kg/index.py)."""
    return ABOUT_INDEX + _party_path(state)


def sha1_hex(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def entity_iri(key: str) -> str:
    return ID + key
