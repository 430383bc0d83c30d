"""Materialised inferences: what the ontology lets a reasoner conclude, written into named graphs of
their own so that queries need no property paths (types up the class hierarchy, super-properties,
inverse edges, transitive kg:partOf, property chains such as "an official of a ministry serves its
state"). A query can leave them out (`kg query --no-inferred`).

The inferences are kept where their premises are, so that none has to be recomputed for the whole
store when articles come and go:

- what an article's own triples let one conclude, joined with the shared descriptions of the nodes
  it names (their classes, the state or body they are part of), goes to the article's inferred
  graph (`…/id/graph/inferred/<article hash>`), written in the same write as the article's graph and
  dropped with it: adding, replacing or deleting an article never touches another's inferences;
- what the shared graphs alone let one conclude (the entities graph: a ministry is a kg:Organization,
  is part of its state, the state has it as a part) goes to the shared inferred graph
  (`…/id/graph/inferred`), recomputed after each ingest from the shared graphs, whose size grows with
  the entities named, not with the articles.

`kg reason` recomputes both for every article (after the ontology changed, or shared graphs were
edited by hand). Inference is forward chaining in memory over one article's triples at a time."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from .index import LAYOUT, index_rows, own_event, source_rows
from .rdf import ENTITIES, IRI, Lit
from .resources import data_dir
from .store import Store
from .tally import contributions, delta_rows
from .vocab import ARTICLES, INDEX, INFERRED, KG, PROV, RDF_TYPE, XSD, inferred_graph, is_inferred, sha1_hex

# Written last, with the finished shared graph: without it that graph is stale (an ingest was cut off
# between storing articles and reasoning) and the next ingest recomputes it.
GENERATED = PROV + "generatedAtTime"
DERIVATION = KG + "derivation"  # on the shared inferred graph: what made every derived graph (derivation())
PART_OF = KG + "partOf"
REBUILDING = INFERRED + "/rebuilding"  # a graph that exists while `kg reason` rebuilds everything
WRITE_EVERY = 64  # articles' inferred graphs replaced together, in one transaction, by `kg reason`
FLUSH_EVERY = 4  # such transactions between flushes of the store's memory tables

Triple = tuple  # (subject, predicate, object) of kg.rdf terms


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


class _Rules:
    """The axioms as look-up tables of terms, made once."""

    def __init__(self, ax: Axioms):
        inverse = dict(ax.inverses + [(b, a) for a, b in ax.inverses])
        self.supers = {c: [IRI(x) for x in sups] for c, sups in ax.superclasses.items()}
        self.superproperties = {p: [IRI(q) for q in sups] for p, sups in ax.superproperties.items()}
        self.inverse = {p: IRI(q) for p, q in inverse.items()}
        self.transitive = set(ax.transitive)
        self.chains = [(IRI(head), chain) for head, chain in ax.chains]
        self.joined = self.transitive | {q for _, chain in ax.chains for q in chain}  # rules of two premises
        self.active = set(self.superproperties) | set(inverse) | self.joined

    def concludes(self, t: Triple) -> bool:
        """Whether a rule can use this triple (most of an article's, its text and offsets, none can)."""
        p = t[1].value
        return p in self.active or (p == RDF_TYPE and t[2].value in self.supers)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules(axioms())


class _Facts:
    """Triples indexed by predicate and subject, and by predicate and object, grown to the fixed point
    of the rules (semi-naive: each new triple is joined with those already there, once)."""

    def __init__(self, rules: _Rules):
        self.rules, self.all = rules, set()
        self.out: dict[str, dict] = defaultdict(lambda: defaultdict(set))  # p -> s -> {o}
        self.into: dict[str, dict] = defaultdict(lambda: defaultdict(set))  # p -> o -> {s}

    def add_all(self, triples: Iterable[Triple]) -> None:
        todo = list(triples)
        while todo:
            t = todo.pop()
            if t in self.all:
                continue
            self.all.add(t)
            s, p, o = t
            supers = [(s, p, c) for c in self.rules.supers.get(o.value, ())] if p.value == RDF_TYPE else []
            if p.value == RDF_TYPE and p.value not in self.rules.active:  # no rule but the superclasses'
                self.all.update(supers)  # reads types, and those are closed already
                continue
            todo += supers
            if p.value in self.rules.joined:
                self.out[p.value][s].add(o)
                self.into[p.value][o].add(s)
            todo += self._consequences(s, p, o)

    def _consequences(self, s, p: IRI, o) -> list[Triple]:
        r, pv, iri = self.rules, p.value, isinstance(o, IRI)
        out = [(s, q, o) for q in r.superproperties.get(pv, ())]
        if iri and pv in r.inverse:
            out.append((o, r.inverse[pv], s))
        if pv in r.transitive:
            out += [(s, p, c) for c in self.out[pv].get(o, ())]
            out += [(a, p, o) for a in self.into[pv].get(s, ())]
        for head, chain in r.chains:
            for i, q in enumerate(chain):
                if q == pv:
                    for start in self._walk(s, reversed(chain[:i]), self.into):
                        out += [(start, head, end) for end in self._walk(o, chain[i + 1:], self.out)]
        return out

    @staticmethod
    def _walk(node, steps: Iterable[str], index: dict) -> set:
        nodes = {node}
        for q in steps:
            nodes = {n for x in nodes for n in index[q].get(x, ())}
        return nodes


def infer(triples: Iterable[Triple]) -> set[Triple]:
    """The triples the axioms conclude from these (those given left out)."""
    rules = _rules()
    given = set(triples)
    facts = _Facts(rules)
    facts.add_all(t for t in given if rules.concludes(t))
    return facts.all - given


def article_inferences(article_graph: str, quads: Iterable[tuple]) -> list[tuple]:
    """The quads of an article's inferred graph, from the article's quads: its own graph and the
    shared descriptions it carries (of the nodes it names and the states and bodies they are part
    of). What the descriptions alone conclude is the shared inferred graph's, not the article's."""
    own, shared = [], []
    for s, p, o, g in quads:
        (own if g.value == article_graph else shared).append((s, p, o))
    graph = IRI(inferred_graph(article_graph))
    return [(s, p, o, graph) for s, p, o in infer(own + shared) - infer(shared) - set(shared)]


def with_derived(graph: str, quads: list[tuple], descriptions: list[tuple] = ()) -> list[tuple]:
    """An article's quads (its graph's, and those of the descriptions it carries), what they let one
    conclude (with other `descriptions` of what it names, not written) and its index rows
    (kg/index.py): everything one write of the article holds."""
    return quads + article_inferences(graph, quads + list(descriptions)) + index_rows(quads, graph)


def _stamp(graph: IRI) -> tuple:
    now = Lit(datetime.now(timezone.utc).isoformat(timespec="seconds"), XSD + "dateTime")
    return graph, IRI(GENERATED), now, graph


@lru_cache(maxsize=1)
def derivation() -> str:
    """What the derived graphs depend on besides the data: the ontology's axioms (those the reasoner
    uses, not its labels or comments) and the layout of the index rows. A store whose derived
    graphs were made by another is rebuilt."""
    a = axioms()
    canonical = [sorted((k, sorted(v)) for k, v in a.superclasses.items()),
                 sorted((k, sorted(v)) for k, v in a.superproperties.items()),
                 sorted(a.inverses), sorted(a.transitive), sorted((p, list(c)) for p, c in a.chains)]
    return sha1_hex(f"{canonical!r} index layout {LAYOUT}")[:16]


def _shared_facts(graph: str) -> bool:
    """A graph of facts that are no article's: the entities graph, or one a user loaded (not the
    articles', not the inferred ones, not the index, whose rows are no facts to reason from)."""
    return not graph.startswith((ARTICLES, INDEX)) and not is_inferred(graph)


def refresh_shared(store: Store) -> int:
    """Recompute the shared inferred graph from the shared graphs (the entities graph, and any
    graph that is not an article's); returns how many triples it holds. Written with its mark of
    being current."""
    triples = {t for g in store.graphs() if _shared_facts(g) for t in store.graph_triples(g)}
    inferred = infer(triples)
    graph = IRI(INFERRED)
    made = (graph, IRI(DERIVATION), Lit(derivation()), graph)
    store.replace_graph(INFERRED, [(s, p, o, graph) for s, p, o in inferred] + [_stamp(graph), made])
    return len(inferred)


def _descriptions(store: Store, nodes: set, cache: dict) -> list[tuple]:
    """The entities graph's quads about these nodes and the states and bodies they are part of."""
    out, todo, seen = [], list(nodes), set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if node not in cache:
            cache[node] = [(s, p, o) for s, p, o in store.graph_triples(ENTITIES, subject=node)]
        for s, p, o in cache[node]:
            out.append((s, p, o, IRI(ENTITIES)))
            if p.value == PART_OF:
                todo.append(o)
    return out


def _stored_article(store: Store, graph: str, cache: dict) -> list[tuple]:
    """An article's stored quads and the shared descriptions of what it names."""
    g = IRI(graph)
    own = [(s, p, o, g) for s, p, o in store.graph_triples(graph)]
    nodes = {t for s, _, o, _ in own for t in (s, o) if isinstance(t, IRI)}
    return own + _descriptions(store, nodes, cache)


def materialise(store: Store) -> int:
    """Recompute everything derived from the articles: every inferred graph (the shared one and
    each article's) and the index graphs (kg/index.py); returns how many inferred triples there are."""
    invalidate(store)
    mark(store)  # until the end: a rebuild cut off is done again by the next ingest
    total, cache, waiting, rows, counts, writes = 0, {}, {}, [], Counter(), 0
    graphs = [g for g in store.graphs() if g != REBUILDING]
    orphans = {g for g in graphs if is_inferred(g) and g != INFERRED}  # of articles no longer stored
    store.replace_graphs({g: [] for g in graphs if g.startswith(INDEX)})  # the tallies too
    for graph in sorted(g for g in graphs if g.startswith(ARTICLES)):
        quads = _stored_article(store, graph, cache)
        orphans.discard(inferred_graph(graph))
        waiting[inferred_graph(graph)] = inferred = article_inferences(graph, quads)
        rows += index_rows(quads, graph)  # and the single-source rows of the events no other article reports
        rows += [r for r in source_rows(quads, graph)
                 if own_event(r[0].value, graph) or not store.reported_elsewhere(r[0].value, graph)]
        counts.update(contributions(quads + inferred, graph))
        total += len(inferred)
        if len(waiting) >= WRITE_EVERY:  # with one delta per group for these articles (kg/tally.py)
            store.replace_graphs(waiting, rows + delta_rows(counts))
            waiting, rows, counts, writes = {}, [], Counter(), writes + 1
            if writes % FLUSH_EVERY == 0:
                store.flush()  # Oxigraph keeps what transactions wrote in memory until flushed
    store.replace_graphs(waiting | {g: [] for g in orphans}, rows + delta_rows(counts))
    store.compact_tallies()
    total += refresh_shared(store)
    store.replace_graphs({REBUILDING: []})
    return total


def write_article(store: Store, graph: str, data: bytes, media_type: str, replace: bool = True) -> None:
    """Write an article's graph that came by the Graph Store Protocol (triples, not conclusions) as
    an ingest writes it: with its inferred graph and index rows, in one transaction; POSTed triples
    (replace=False) are added to those stored."""
    quads = store.parse_graph(data, media_type, graph)
    if not replace:
        quads = [(*t, IRI(graph)) for t in store.graph_triples(graph)] + quads
    nodes = {t for s, _, o, _ in quads for t in (s, o) if isinstance(t, IRI)}
    store.replace_graph(graph, with_derived(graph, quads, _descriptions(store, nodes, {})))


def mark(store: Store) -> None:
    """Mark a rebuild pending, until `kg reason` is done."""
    store.replace_graphs({REBUILDING: [_stamp(IRI(REBUILDING))]})


def rebuild_pending(store: Store) -> bool:
    """Whether a `kg reason` was cut off: some articles' inferred graphs and index rows may be missing."""
    return store.has_graph(REBUILDING)


NOT_MADE_HERE = ("its inferred and index graphs were not made by this version of geokg's ontology and index "
                 "(or never finished)")  # what `kg ingest` and `kg serve` say of a store made_by_another


def made_by_another(store: Store) -> bool:
    """Whether the store holds articles whose derived graphs (inferred graphs, index rows) no
    derivation stamp of this geokg vouches for: the stamp of another ontology or index layout, or
    none (a store written by an older geokg, by the Graph Store Protocol or with --no-reason only).
    Asked before an ingest writes (a new store's first ingest has no stamp yet either)."""
    if store.has_graph(INFERRED):
        return not store.query(f'ASK {{ GRAPH <{INFERRED}> {{ <{INFERRED}> <{DERIVATION}> "{derivation()}" }} }}')
    return _has_articles(store)


def stamp_new(store: Store) -> None:
    """Stamp a store that holds no article yet as made by this geokg (`kg serve` on a new store), so
    that what the Graph Store Protocol then writes, derived as this geokg derives, is vouched for."""
    if not store.has_graph(INFERRED) and not _has_articles(store):
        refresh_shared(store)


def _has_articles(store: Store) -> bool:
    return bool(store.query(f"ASK {{ ?article a <{KG}Article> }}"))


def is_current(store: Store) -> bool:
    """Whether the shared inferred graph was finished after the last change to the articles."""
    return bool(store.query(f"ASK {{ GRAPH <{INFERRED}> {{ <{INFERRED}> <{GENERATED}> ?t }} }}"))


def invalidate(store: Store) -> None:
    """Mark the shared inferred graph stale, before articles change (one write per ingest)."""
    store.update(f"DELETE WHERE {{ GRAPH <{INFERRED}> {{ <{INFERRED}> <{GENERATED}> ?t }} }}")
