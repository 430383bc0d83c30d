"""Materialised inferences: what the ontology lets a reasoner conclude, written into one named graph
of its own so that queries need no property paths (types up the class hierarchy, super-properties,
inverse edges, transitive kg:partOf, property chains such as "an official of a ministry serves its
state"). Recomputed after each ingest; a query can leave it out (`kg query --no-inferred`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from .rdf import IRI, Lit
from .resources import data_dir
from .store import Store
from .vocab import ID, PROV, XSD

INFERRED = ID + "graph/inferred"
# Written last, with the finished graph: without it the inferred graph is stale (an ingest was cut
# off between storing articles and reasoning) and the next ingest recomputes it.
GENERATED = PROV + "generatedAtTime"
MAX_ROUNDS = 6


@dataclass
class Axioms:
    superclasses: dict[str, set[str]] = field(default_factory=dict)  # class -> all its superclasses
    superproperties: dict[str, set[str]] = field(default_factory=dict)
    inverses: list[tuple[str, str]] = field(default_factory=list)
    transitive: list[str] = field(default_factory=list)
    chains: list[tuple[str, list[str]]] = field(default_factory=list)  # property <- chain


def _closure(direct: dict[str, set[str]]) -> dict[str, set[str]]:
    out = {}
    for start in direct:
        seen, todo = set(), list(direct[start])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo += list(direct.get(x, ()))
        out[start] = seen - {start}
    return out


@lru_cache(maxsize=1)
def axioms() -> Axioms:
    """The ontology's axioms that materialisation uses, between named terms only."""
    g = rdflib.Graph().parse(data_dir("ontology") / "geokg.ttl", format="turtle")
    named = lambda t: isinstance(t, rdflib.URIRef)  # noqa: E731
    sub: dict[str, set[str]] = {}
    for s, o in g.subject_objects(RDFS.subClassOf):
        if named(s) and named(o) and o != OWL.Thing:
            sub.setdefault(str(s), set()).add(str(o))
    subp: dict[str, set[str]] = {}
    for s, o in g.subject_objects(RDFS.subPropertyOf):
        if named(s) and named(o):
            subp.setdefault(str(s), set()).add(str(o))
    ax = Axioms(_closure(sub), _closure(subp))
    ax.inverses = [(str(s), str(o)) for s, o in g.subject_objects(OWL.inverseOf) if named(s) and named(o)]
    ax.transitive = [str(s) for s in g.subjects(RDF.type, OWL.TransitiveProperty) if named(s)]
    for p, head in g.subject_objects(OWL.propertyChainAxiom):
        chain = [str(x) for x in Collection(g, head)]
        if named(p) and chain:
            ax.chains.append((str(p), chain))
    return ax


def _values(pairs) -> str:
    return " ".join(f"(<{a}> <{b}>)" for a, b in pairs)


def rules(ax: Axioms) -> list[str]:
    """CONSTRUCT queries, each one rule, evaluated over the union of all graphs (inferred ones too)."""
    out = []
    pairs = [(c, s) for c, sups in ax.superclasses.items() for s in sups]
    if pairs:
        out.append(f"CONSTRUCT {{ ?x a ?super }} WHERE {{ VALUES (?c ?super) {{ {_values(pairs)} }} ?x a ?c }}")
    pairs = [(p, s) for p, sups in ax.superproperties.items() for s in sups]
    if pairs:
        out.append(f"CONSTRUCT {{ ?s ?super ?o }} WHERE {{ VALUES (?p ?super) {{ {_values(pairs)} }} ?s ?p ?o }}")
    if ax.inverses:
        both = ax.inverses + [(b, a) for a, b in ax.inverses]
        out.append(f"CONSTRUCT {{ ?o ?q ?s }} WHERE {{ VALUES (?p ?q) {{ {_values(both)} }} ?s ?p ?o . "
                   f"FILTER(isIRI(?o)) }}")
    for p in ax.transitive:
        out.append(f"CONSTRUCT {{ ?a <{p}> ?c }} WHERE {{ ?a <{p}> ?b . ?b <{p}>+ ?c }}")
    for p, chain in ax.chains:
        steps = " . ".join(f"?v{i} <{q}> ?v{i + 1}" for i, q in enumerate(chain))
        out.append(f"CONSTRUCT {{ ?v0 <{p}> ?v{len(chain)} }} WHERE {{ {steps} }}")
    return out


def materialise(store: Store) -> int:
    """Recompute the inferred graph; returns how many triples it holds."""
    store.remove_graph(INFERRED)
    graph = IRI(INFERRED)
    found: set[tuple] = set()
    for round_ in range(MAX_ROUNDS):
        before = len(found)
        for rule in rules(axioms()):
            for s, p, o in store.construct(rule):
                found.add((s, p, o))
        new = store.not_asserted(found, exclude_graph=INFERRED)
        last = len(found) == before or round_ == MAX_ROUNDS - 1
        quads = [(s, p, o, graph) for s, p, o in new]
        if last:  # the finished graph carries its completion mark, written with it
            stamp = Lit(datetime.now(timezone.utc).isoformat(timespec="seconds"), XSD + "dateTime")
            quads.append((graph, IRI(GENERATED), stamp, graph))
        store.replace_graph(INFERRED, quads)
        if last:
            break
    return len(new)


def is_current(store: Store) -> bool:
    """Whether the inferred graph was finished after the last change to the articles."""
    return bool(store.query(f"ASK {{ GRAPH <{INFERRED}> {{ <{INFERRED}> <{GENERATED}> ?t }} }}"))


def invalidate(store: Store) -> None:
    """Mark the inferred graph stale, before articles change (one write per ingest, not per article)."""
    store.update(f"DELETE WHERE {{ GRAPH <{INFERRED}> {{ <{INFERRED}> <{GENERATED}> ?t }} }}")
