"""Check a graph against the contract's SHACL shapes (`ontology/shapes.ttl`) with pyshacl.

The data graph is the union of all named graphs (as queries see it), with the ontology
(`ontology/geokg.ttl`) mixed in, so that its rdfs:subClassOf triples let `sh:targetClass kg:Event`
reach a `kg:Accusation` and `sh:class kg:MediaOrganization` accept a `kg:NewsAgency`; no RDFS or
OWL inference runs, so a node is checked as what the data says it is. Each violation names the
focus node, the article whose graph holds it, the shape it breaks and the shape's message.

No pyoxigraph here: the store hands its quads over as N-Quads (`Store.export`)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import rdflib
from pyshacl import validate as shacl_validate
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from .resources import data_dir
from .vocab import SCHEMA

SCHEMA_IDENTIFIER = rdflib.URIRef(SCHEMA + "identifier")


@dataclass(frozen=True)
class Violation:
    """One broken constraint: the focus node (an IRI, or `_:id` for a blank node), the
    schema:identifier of the article whose graph holds it (the first one in sorted order, None when
    no article graph does), the IRI of the shape broken, what is wrong, and the property path
    checked (an IRI, a SPARQL property path such as `<…#partOf>+`, or None for a node-level
    constraint)."""

    node: str
    article: str | None
    shape: str
    message: str
    path: str | None

    def __str__(self) -> str:
        where = f" (article {self.article})" if self.article else ""
        return f"{self.node}{where}: {self.message} [{self.shape}]"


@lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data_dir("ontology") / "geokg.ttl", format="turtle")


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data_dir("ontology") / "shapes.ttl", format="turtle")


def _term(node: rdflib.term.Node) -> str:
    return f"_:{node}" if isinstance(node, rdflib.BNode) else str(node)


def _path(g: rdflib.Graph, path: rdflib.term.Node | None) -> str | None:
    """A SHACL property path as a string: a plain IRI as itself, anything else in SPARQL syntax."""
    if path is None:
        return None
    if isinstance(path, rdflib.URIRef):
        return str(path)
    return _sparql_path(g, path)


def _sparql_path(g: rdflib.Graph, path: rdflib.term.Node) -> str:
    if isinstance(path, rdflib.URIRef):
        return f"<{path}>"
    for prop, suffix in ((SH.oneOrMorePath, "+"), (SH.zeroOrMorePath, "*"), (SH.zeroOrOnePath, "?")):
        inner = g.value(path, prop)
        if inner is not None:
            text = _sparql_path(g, inner)
            return f"{text}{suffix}" if isinstance(inner, rdflib.URIRef) else f"({text}){suffix}"
    inner = g.value(path, SH.inversePath)
    if inner is not None:
        return f"^({_sparql_path(g, inner)})"
    inner = g.value(path, SH.alternativePath)
    if inner is not None:
        return "(" + "|".join(_sparql_path(g, p) for p in Collection(g, inner)) + ")"
    if g.value(path, RDF.first) is not None:
        return "/".join(_sparql_path(g, p) for p in Collection(g, path))
    return _term(path)


class _Data:
    """The union of a dataset's graphs, and which articles' graphs hold each node."""

    def __init__(self, data: bytes):
        ds = rdflib.Dataset()
        ds.parse(data=data, format="nquads")
        self.union = rdflib.Graph()
        self.articles_of_graph: dict[rdflib.term.Node, set[str]] = {}
        self.graphs_as_subject: dict[rdflib.term.Node, set] = {}
        self.graphs_as_object: dict[rdflib.term.Node, set] = {}
        add = self.union.add
        for s, p, o, g in ds.quads((None, None, None, None)):
            add((s, p, o))
            if g is None:
                continue
            g = getattr(g, "identifier", g)
            self.graphs_as_subject.setdefault(s, set()).add(g)
            self.graphs_as_object.setdefault(o, set()).add(g)
            if p == SCHEMA_IDENTIFIER and s == g:
                self.articles_of_graph.setdefault(g, set()).add(str(o))

    def article(self, node: rdflib.term.Node) -> str | None:
        for index in (self.graphs_as_subject, self.graphs_as_object):
            ids = [i for g in index.get(node, ()) for i in self.articles_of_graph.get(g, ())]
            if ids:
                return min(ids)
        return None


def validate_nquads(data: bytes) -> list[Violation]:
    """Every violation of the contract's shapes in these quads (N-Quads), sorted by article, node
    and shape; an empty list when the graph conforms."""
    d = _Data(data)
    conforms, report, _ = shacl_validate(
        d.union, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none",
        inplace=True, advanced=False, allow_warnings=False)
    if conforms:
        return []
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        node = report.value(result, SH.focusNode)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        shape = report.value(result, SH.sourceShape)
        found.add(Violation(
            node=_term(node), article=d.article(node), shape=_term(shape),
            message="; ".join(messages) or f"breaks {_term(shape)}",
            path=_path(report, report.value(result, SH.resultPath))))
    return sorted(found, key=lambda v: (v.article or "", v.node, v.shape, v.path or "", v.message))


def validate_store(store) -> list[Violation]:
    """Every violation of the contract's shapes in a kg.store.Store (all its named graphs)."""
    buf = io.BytesIO()
    store.export("nquads", buf)
    return validate_nquads(buf.getvalue())
