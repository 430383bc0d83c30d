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

PREFIXES = {"kg": KG, "id": ID, "schema": SCHEMA, "rdf": RDF, "rdfs": RDFS, "skos": SKOS,
            "prov": PROV, "xsd": XSD}
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def article_hash(article_id: str) -> str:
    return hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:20]


def article_iri(article_id: str) -> str:
    """The article's IRI, which also names its graph."""
    return f"{ID}article/{article_hash(article_id)}"


def entity_iri(key: str) -> str:
    return ID + key
