"""Compaction of the tallies (kg/tally.py): the pending deltas folded into the groups' totals."""
from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ..tally import COUNT, DELTA, DELTA_OF, PENDING, TALLY
from ..vocab import ID, XSD

_PENDING = f"SELECT ?group ?n WHERE {{ GRAPH <{PENDING}> {{ ?d <{DELTA_OF}> ?group ; <{DELTA}> ?n }} }}"


def _kind_graph(group: str) -> ox.NamedNode:
    """The graph of a group's kind, from its IRI (…/id/tally/<kind>/<hash>)."""
    return ox.NamedNode(TALLY + group[len(ID + "tally/"):].split("/", 1)[0])


def compaction(db: ox.Store) -> str | None:
    """The update that adds the pending deltas to their groups' totals and drops them, and drops
    the groups whose total comes to zero or less; None when nothing is pending. No write may run
    between the reading and the update (`kg ingest` compacts with no bulk write in flight, `kg
    serve` under its write lock): the update drops the whole pending graph."""
    if not db.contains_named_graph(ox.NamedNode(PENDING)):
        return None
    sums: dict[str, int] = defaultdict(int)
    for row in db.query(_PENDING):
        sums[row["group"].value] += int(row["n"].value)
    gone, new = [], []
    for group, delta in sorted(sums.items()):
        g, kind = ox.NamedNode(group), _kind_graph(group)
        totals = list(db.quads_for_pattern(g, ox.NamedNode(COUNT), None, kind))
        total = delta + sum(int(q.object.value) for q in totals)
        if total > 0:
            gone += totals
            new.append(ox.Quad(g, ox.NamedNode(COUNT), ox.Literal(str(total), datatype=ox.NamedNode(XSD + "integer")),
                               kind))
        else:  # counts nothing any more: its description goes too
            gone += list(db.quads_for_pattern(g, None, None, kind))
    parts = [f"DROP SILENT GRAPH <{PENDING}>"]
    if gone:
        parts.append("DELETE DATA { " + " .\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
                                                  for q in gone) + " }")
    if new:
        parts.append("INSERT DATA { " + " .\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
                                                  for q in new) + " }")
    return " ;\n".join(parts)
