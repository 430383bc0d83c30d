"""Compaction of the tallies (kg/tally.py): the pending deltas folded into the groups' totals."""
from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ..tally import COUNT, DELTA, PENDING, TALLY
from ..vocab import ID, XSD


def _kind_graph(group: str) -> ox.NamedNode:
    """The graph of a group's kind, from its IRI (…/id/tally/<kind>/<hash>)."""
    return ox.NamedNode(TALLY + group[len(ID + "tally/"):].split("/", 1)[0])


def compaction(db: ox.Store) -> str | None:
    """The update that adds the pending deltas to their groups' totals and drops their graphs, and
    drops the groups whose total comes to zero or less; None when nothing is pending. No write may
    run between the reading and the update (`kg ingest` compacts with no bulk write in flight: on
    its writer thread before one, or after waiting for the last; `kg serve` under its write lock):
    the update drops every pending graph it read."""
    sums: dict[str, int] = defaultdict(int)
    graphs: set[str] = set()
    for q in db.quads_for_pattern(None, ox.NamedNode(DELTA), None, None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(PENDING):
            sums[q.subject.value] += int(q.object.value)
            graphs.add(q.graph_name.value)
    if not graphs:
        return None
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
    parts = [f"DROP SILENT GRAPH <{g}>" for g in sorted(graphs)]
    if gone:
        parts.append("DELETE DATA { " + " .\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
                                                  for q in gone) + " }")
    if new:
        parts.append("INSERT DATA { " + " .\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
                                                  for q in new) + " }")
    return " ;\n".join(parts)
