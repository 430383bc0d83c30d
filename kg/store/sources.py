"""Single-source rows (kg/index.py: source_rows) put right by a write that changes who reports an
event: after it, an event has its row exactly when one article reports it (with one source)."""
from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..index import PUBLISHED, REPORTED_IN, SOURCE_KEY, source_rows
from ..rdf import IRI, Lit, Quad
from ..vocab import ARTICLES, SOURCE_INDEX
from .terms import plain


def reporters(db: ox.Store, event: str, but: str = "") -> set[str]:
    """The article graphs, but `but`, that report an event."""
    return {q.graph_name.value for q in db.quads_for_pattern(ox.NamedNode(event), ox.NamedNode(REPORTED_IN), None, None)
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(ARTICLES)
            and q.graph_name.value != but}


def _reported(quads: Iterable[Quad], graph: str) -> set[str]:
    return {s.value for s, p, o, g in quads if p.value == REPORTED_IN and g.value == graph and o.value == graph}


def _row_of(db: ox.Store, event: str, article: str) -> set[Quad]:
    """The single-source row another stored article gives an event, when it reports it alone."""
    node = ox.NamedNode(article)
    quads = [q for q in db.quads_for_pattern(ox.NamedNode(event), None, None, node)]
    quads += list(db.quads_for_pattern(node, ox.NamedNode(PUBLISHED), None, node))
    return set(source_rows([(plain(q.subject), plain(q.predicate), plain(q.object), IRI(article)) for q in quads],
                           article))


def source_changes(db: ox.Store, graph: str, new: list[Quad], stored: list[Quad]) -> tuple[list[Quad], list[Quad]]:
    """(rows to delete, rows to add) when the article `graph` goes from its `stored` quads to `new`
    ones (none: deleted), for every event either version reports."""
    mine, now = {r[0].value: r for r in source_rows(new, graph)}, _reported(new, graph)
    gone: list[Quad] = []
    added: list[Quad] = []
    index = ox.NamedNode(SOURCE_INDEX)
    for event in sorted(now | _reported(stored, graph)):
        current = {(IRI(event), IRI(SOURCE_KEY), Lit(q.object.value), IRI(SOURCE_INDEX))  # keys are plain strings
                   for q in db.quads_for_pattern(ox.NamedNode(event), ox.NamedNode(SOURCE_KEY), None, index)}
        reporting = reporters(db, event, graph) | ({graph} if event in now else set())
        want: set[Quad] = set()
        if len(reporting) == 1:
            (only,) = reporting
            want = ({mine[event]} if event in mine else set()) if only == graph else _row_of(db, event, only)
        gone += sorted(current - want)
        added += sorted(want - current)
    return gone, added
