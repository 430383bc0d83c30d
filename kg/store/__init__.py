"""The only package that imports pyoxigraph: open the store, replace an article's graph atomically,
query with the union of named graphs as the default graph, export."""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError, StoreError, StoreLockedError
from ..index import PUBLISHED, index_rows
from ..rdf import ENTITIES, IRI, Lit, Quad, to_nquads
from ..tally import contributions, delta_rows, difference
from ..vocab import ARTICLES, INDEX, INFERRED, KG, PREFIXES, SPARQL_PREFIXES, inferred_graph
from .sources import reporters, source_changes
from .tallies import compaction
from .terms import plain as _plain
from .terms import term as _term
from .terms import to_oxigraph

ENV_VAR = "KG_STORE"
NEW_GRAPHS_MAX_QUADS = 500_000  # below Oxigraph's bulk-load chunk (1,000,000 quads): one atomic ingestion
FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
           "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
           "jsonld": getattr(ox.RdfFormat, "JSON_LD", None), "rdfxml": ox.RdfFormat.RDF_XML}
GRAPH_FORMATS = {"nquads", "trig", "jsonld"}  # keep named graphs; the others merge them


def default_store_path() -> Path:
    """$KG_STORE, else the user's data folder (~/.local/share/geokg/store)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "geokg" / "store"


# what articles (and hand-loaded graphs) say, not the index or tally graphs, which name entities too
_ASSERTED = (f'FILTER (?g != <{ENTITIES}> && !STRSTARTS(STR(?g), "{INFERRED}") '
             f'&& !STRSTARTS(STR(?g), "{INDEX}"))')


# A node stays when a graph other than the entities graph names it, or when such a node is part of it.
# With candidates, only those nodes and the nodes they are part of are looked at.
def _prune_update(candidates: Iterable[str] | None = None) -> str:
    scope = ""
    if candidates is not None:
        values = " ".join(f"<{c}>" for c in sorted(candidates))
        scope = (f"VALUES ?c {{ {values} }}\n  {{ BIND (?c AS ?e) }} UNION "
                 f"{{ GRAPH <{ENTITIES}> {{ ?c <{KG}partOf>+ ?e }} }}\n  ")
    return f"""DELETE {{ GRAPH <{ENTITIES}> {{ ?e ?p ?o }} }} WHERE {{
  {scope}GRAPH <{ENTITIES}> {{ ?e ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?e }} {_ASSERTED} }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?e ?q ?x }} {_ASSERTED} }}
  FILTER NOT EXISTS {{ GRAPH <{ENTITIES}> {{ ?k <{KG}partOf>+ ?e }}
                      GRAPH ?g {{ ?x ?q ?k }} {_ASSERTED} }}
}}"""


def _data(quads: Iterable) -> str:
    by_graph: dict[str, list[str]] = {}
    for s, p, o, g in quads:
        by_graph.setdefault(g.value, []).append(f"{_term(s)} {_term(p)} {_term(o)}")
    return "\n".join(f"GRAPH <{g}> {{\n" + " .\n".join(triples) + " }" for g, triples in by_graph.items())


def _replace_update(graphs: Iterable[str], quads: list[Quad], stale: list[Quad] = ()) -> str:
    """One update that deletes the stale quads, drops these graphs and inserts the quads (of these
    graphs and others)."""
    parts = [f"DELETE DATA {{ {_data(stale)} }}"] if stale else []
    parts += [f"DROP SILENT GRAPH <{g}>" for g in graphs]
    if quads:
        parts.append(f"INSERT DATA {{ {_data(quads)} }}")
    return " ;\n".join(parts)


def is_shared(graph: str) -> bool:
    """Graphs that several articles write to: an article's write adds to them, never replaces them."""
    return graph == ENTITIES or graph.startswith(INDEX)


def left_out(graph: str, leave_out: tuple[str, ...]) -> bool:
    """Whether a graph is one of `leave_out` or under one (`…/graph/inferred/<hash>` under the inferred graph)."""
    return any(graph == g or graph.startswith(g + "/") for g in leave_out)


class Store:
    """An Oxigraph store on disk (or in memory when path is None)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.read_only = read_only
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._db = ox.Store()
            elif read_only:
                self._db = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._db = ox.Store(str(self.path))
        except OSError as e:
            if "lock" in str(e).lower() or "temporarily unavailable" in str(e).lower():
                raise StoreLockedError(
                    f"the store {self.path} is in use by another process (a running `kg ingest` or "
                    f"`kg serve`?); wait for it to finish, or send articles to the server with "
                    f"`kg ingest --endpoint URL`") from None
            raise StoreError(f"cannot open the store {self.path}: {e}") from None

    # --- writing ---------------------------------------------------------------------------
    def replace_graph(self, graph: str, quads: Iterable[Quad]) -> int:
        """Replace a named graph by these quads in one transaction: all or nothing.

        Quads of other graphs replace those graphs too (an article's inferred graph), except the
        shared graphs (entities, index), which they are added to, in the same transaction, where the
        index rows only the stored version of an article gave are deleted, and the article's
        tallies (kg/tally.py) change by the difference between the two versions, and the
        single-source rows of the events either version reports are put right (sources.py). A
        graph the store does not hold yet is written with one `extend` (a transaction too, and
        four times faster than parsing an update), unless another article's single-source row must
        go; an existing one by one DROP + INSERT DATA update."""
        quads = list(quads)
        replaced = {graph} | {q[3].value for q in quads if not is_shared(q[3].value)}
        article = graph.startswith(ARTICLES)
        if article:  # its inferred graph goes, even when the new version concludes nothing
            replaced.add(inferred_graph(graph))
        try:
            if not self._db.contains_named_graph(ox.NamedNode(graph)):
                stale, added = source_changes(self._db, graph, quads, []) if article else ([], [])
                tallies = delta_rows(contributions(quads, graph)) if article else []
                if stale:  # another article's single-source row goes: it reports the event no more alone
                    self._db.update(_replace_update(sorted(replaced), quads + tallies + added, stale))
                else:
                    self._db.extend(to_oxigraph(quads + tallies + added))
            else:
                stale, added = [], []  # index rows only the stored version gave; tally deltas, single-source rows
                if article:
                    stored = self._stored_article(graph)
                    gone, added = source_changes(self._db, graph, quads, stored)
                    stale = self._stale_rows(graph, stored) + gone
                    added += delta_rows(difference(contributions(quads, graph), contributions(stored, graph)))
                self._db.update(_replace_update(sorted(replaced), quads + added, stale))
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(f"could not write graph {graph}: {e}") from None
        return len(quads)

    def replace_graphs(self, graphs: dict[str, list[Quad]], add: list[Quad] = ()) -> None:
        """Replace several named graphs (each by its quads; none to drop it) and add quads to others,
        in one transaction."""
        if not graphs and not add:
            return
        quads = [q for qs in graphs.values() for q in qs] + list(add)
        try:
            self._db.update(_replace_update(sorted(graphs), quads))
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(f"could not write graphs {', '.join(sorted(graphs))}: {e}") from None

    def add_new_graphs(self, nquads: bytes, tallies: dict | None = None, described: frozenset = frozenset()) -> None:
        """Add the graphs of several articles the store does not hold yet, given as N-Quads, all or
        nothing, at bulk-load speed (three times faster than a transaction).

        Oxigraph's bulk loader writes the quads to sorted files and hands each chunk of up to a
        million quads to RocksDB in one IngestExternalFiles call, which is atomic across the
        indexes: a call below NEW_GRAPHS_MAX_QUADS is wholly in the store or not at all (the crash
        test kills `kg ingest` during these writes and checks it). Only for graphs not stored yet:
        nothing is removed first. `tallies`: what the articles count for together (kg/tally.py),
        written with them, with the descriptions of their groups but those `described` by an
        earlier write that is in the store (and no compaction since)."""
        if tallies:
            nquads += to_nquads(delta_rows(tallies, described=described))
        try:
            self._db.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(f"could not add the new graphs: {e}") from None

    def parse_graph(self, data: bytes, media_type: str, graph: str) -> list[Quad]:
        """The triples of an RDF document as quads of `graph`, as plain terms; a document with
        blank nodes is refused (an article's graph has none, and plain terms cannot keep them)."""
        fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
        if fmt is None:
            raise StoreError(f"cannot read {media_type!r}; send N-Triples, Turtle or RDF/XML")
        try:
            terms = [(_plain(t.subject), _plain(t.predicate), _plain(t.object)) for t in ox.parse(data, format=fmt)]
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"could not read graph {graph}: {e}") from None
        if any(None in t for t in terms):
            raise StoreError(f"graph {graph}: an article's graph has no blank nodes; name every node with an IRI")
        return [(*t, IRI(graph)) for t in terms]

    def replace_graph_with(self, graph: str, data: bytes, media_type: str, replace: bool = True) -> int:
        """Replace a named graph by the triples of an RDF document (or, with replace=False, add
        them to it), in one transaction."""
        fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
        if fmt is None:
            raise StoreError(f"cannot read {media_type!r}; send N-Triples, Turtle or RDF/XML")
        name = ox.NamedNode(graph)
        try:
            quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(data, format=fmt)]
            if replace and self._db.contains_named_graph(name):
                body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
                self._db.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body} }} }}")
            else:
                self._db.extend(quads)
        except (SyntaxError, ValueError, OSError) as e:
            raise StoreError(f"could not write graph {graph}: {e}") from None
        return len(quads)

    def graph_as(self, graph: str, media_type: str) -> bytes | None:
        """One named graph as an RDF document, or None when the store has no such graph."""
        fmt = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES
        if not self.has_graph(graph):
            return None
        return self._db.dump(format=fmt, from_graph=ox.NamedNode(graph))

    def _stored_article(self, graph: str) -> list[Quad]:
        """A stored article's quads and its inferred graph's (what its index rows and tallies come from)."""
        return [(*t, IRI(g)) for g in (graph, inferred_graph(graph)) for t in self.graph_triples(g)]

    def _stale_rows(self, graph: str, stored: list[Quad]) -> list[Quad]:
        """The index rows (kg/index.py) that only this stored article graph gives: its rows, but for
        those another article's graph gives too (an event several articles report)."""
        rows = index_rows(stored, graph)
        kept: set[Quad] = set()
        for event in {r[0] for r in rows}:
            others: dict[str, list[Quad]] = defaultdict(list)
            for q in self._db.quads_for_pattern(_term(event), None, None, None):
                name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
                if name != graph and name.startswith(ARTICLES):
                    others[name].append((_plain(q.subject), _plain(q.predicate), _plain(q.object), IRI(name)))
            for name, quads in others.items():  # with the day each was published (a quotation's key)
                node = ox.NamedNode(name)
                quads += [(IRI(name), IRI(PUBLISHED), _plain(q.object), IRI(name))
                          for q in self._db.quads_for_pattern(node, ox.NamedNode(PUBLISHED), None, node)]
                kept.update(index_rows(quads, name))
        return [r for r in rows if r not in kept]

    def reported_elsewhere(self, event: str, graph: str) -> bool:
        """Whether an article graph other than `graph` reports the event."""
        return bool(reporters(self._db, event, graph))

    def graph_triples(self, graph: str, subject: IRI | None = None) -> Iterator[tuple]:
        """The triples of one named graph (those of one subject), as plain terms."""
        s = _term(subject) if subject is not None else None
        for q in self._db.quads_for_pattern(s, None, None, ox.NamedNode(graph)):
            t = (_plain(q.subject), _plain(q.predicate), _plain(q.object))
            if None not in t:
                yield t

    def update(self, sparql: str) -> None:
        try:
            self._db.update(sparql)
        except (SyntaxError, OSError) as e:
            raise StoreError(f"the update failed: {e}") from None

    def remove_graph(self, graph: str, prune: bool = False) -> None:
        """Drop a named graph (an article's: with its inferred graph, the index rows only it gave,
        and what it counted for in the tallies); with `prune`, in the same transaction also the
        shared descriptions of the nodes that only it named, and of the states and bodies those are
        part of when nothing else names them."""
        article = graph.startswith(ARTICLES)
        stored = self._stored_article(graph) if article else []
        named: set[str] = set()
        if prune and graph != ENTITIES:  # the nodes its own graph names (an article's: read once, above)
            own = stored or [(*t, IRI(graph)) for t in self.graph_triples(graph)]
            named.update(t.value for s, _, o, g in own if g.value == graph for t in (s, o) if isinstance(t, IRI))
        if article:
            stale, added = source_changes(self._db, graph, [], stored)
            added += delta_rows(difference({}, contributions(stored, graph)))  # what it counted for
            drop = _replace_update([graph, inferred_graph(graph)], added, self._stale_rows(graph, stored) + stale)
        else:
            drop = _replace_update([graph], [])
        self._db.update(f"{drop} ;\n{_prune_update(named)}" if named else drop)

    def compact_tallies(self) -> None:
        """Fold the pending deltas of the tallies into their totals (kg/tally.py), in one transaction."""
        try:
            update = compaction(self._db)
            if update:
                self._db.update(update)
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(f"could not fold the tallies' pending deltas into their totals: {e}") from None

    def prune_entities(self) -> int:
        """Drop the shared descriptions of nodes that no article refers to any more (after an article
        was replaced or deleted); a node kept for an article keeps the states and bodies it is part of.
        Returns how many triples went."""
        before = self._count_graph(ENTITIES)
        self._db.update(_prune_update())
        return before - self._count_graph(ENTITIES)

    def _count_graph(self, graph: str) -> int:
        return sum(1 for _ in self._db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def bulk_load(self, nquads: Path) -> None:
        """Load an N-Quads file without transactions (Oxigraph's fastest path; for benchmarks and
        rebuilding a store from an export)."""
        self._db.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)

    def stored_version(self, graph: str) -> tuple[str, str] | None:
        """(content hash, pipeline) recorded for the article whose graph this is, if stored (looked
        up, not queried: asked of every article an ingest reads)."""
        node = ox.NamedNode(graph)
        if not self._db.contains_named_graph(node):
            return None
        found = [next(iter(self._db.quads_for_pattern(node, ox.NamedNode(KG + p), None, node)), None)
                 for p in ("contentHash", "pipeline")]
        return None if None in found else (found[0].object.value, found[1].object.value)

    def has_graph(self, graph: str) -> bool:
        return self._db.contains_named_graph(ox.NamedNode(graph))

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._db.flush()

    # --- reading ---------------------------------------------------------------------------
    def query(self, sparql: str, prefixes: bool = True, substitutions: dict[str, IRI | Lit] | None = None,
              leave_out: tuple[str, ...] = ()):
        """Run a SPARQL query over the union of the named graphs (less those in `leave_out`);
        `substitutions` binds variables (named without '?') to terms before evaluation."""
        subs = {ox.Variable(k): _term(v) for k, v in (substitutions or {}).items()}
        dataset: dict = {"use_default_graph_as_union": True}
        if leave_out:
            kept = [g for g in self._db.named_graphs()
                    if isinstance(g, ox.NamedNode) and not left_out(g.value, leave_out)]
            dataset = {"default_graph": kept or [ox.DefaultGraph()]}
        try:
            return self._db.query((SPARQL_PREFIXES if prefixes else "") + sparql,
                                  substitutions=subs or None, **dataset)
        except SyntaxError as e:
            raise QueryError(f"the query does not parse: {e}") from None
        except OSError as e:
            raise QueryError(f"the query failed: {e}") from None

    def select(self, sparql: str) -> tuple[list[str], list[list[str | None]]]:
        """Variables and rows of a SELECT, as plain strings (None where unbound)."""
        res = self.query(sparql)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [v.value for v in res.variables]
        return names, [[None if sol[n] is None else sol[n].value for n in names] for sol in res]

    def export(self, fmt: str, out) -> None:
        """Write the whole store to a binary stream in one of FORMATS."""
        if fmt not in FORMATS or FORMATS[fmt] is None:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        kwargs = {} if fmt in GRAPH_FORMATS else {"from_graph": ox.DefaultGraph()}
        if fmt in GRAPH_FORMATS:
            self._db.dump(out, format=FORMATS[fmt])
        else:
            merged = ox.Store()
            merged.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                          for q in self._db.quads_for_pattern(None, None, None, None))
            merged.dump(out, format=FORMATS[fmt], **kwargs)

    def graphs(self) -> Iterator[str]:
        return (g.value for g in self._db.named_graphs())

    def __len__(self) -> int:
        return len(self._db)

    def close(self) -> None:
        self.flush()
        del self._db


RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}


def serialize_results(result, fmt: str) -> bytes:
    """SELECT/ASK results in a SPARQL results format; CONSTRUCT/DESCRIBE triples as N-Triples or Turtle."""
    if isinstance(result, ox.QueryTriples):
        rdf = ox.RdfFormat.TURTLE if fmt in {"turtle", "table"} else ox.RdfFormat.N_TRIPLES
        return result.serialize(format=rdf)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    return result.serialize(format=RESULT_FORMATS[fmt])


def is_graph_result(result) -> bool:
    return isinstance(result, ox.QueryTriples)


def compact(term) -> str:
    """A term for display: IRIs in our namespaces as prefixed names, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, iri in PREFIXES.items():
            if term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri):]}"
    return term.value


def rows_of(result) -> tuple[list[str], list[list[str]]]:
    """A SELECT or ASK result as column names and rows of display strings."""
    if isinstance(result, ox.QueryBoolean):
        return ["result"], [["true" if bool(result) else "false"]]
    names = [v.value for v in result.variables]
    return names, [[compact(sol[n]) for n in names] for sol in result]
