"""Tallies: counts that the aggregate saved queries read instead of counting the articles again.

At 100,000 articles, "which states are named together, in how many articles" reads a million rows
of mentions for each answer (17 s). The counts change only when an article is written or deleted,
and by what that article names, so each write carries its article's share of them (+ for the
version written, - for the stored version it replaces or that is deleted) and the queries add up
what is written. What an article counts for:

- `together`: each unordered pair of the states it mentions (`…/id/state/…`; the query keeps the
  kg:State ones): states-mentioned-together;
- `mentions`: each node it mentions, with the day it was published (none when undated): an
  entity's number of articles and first and last day (sanctions-regimes, entities-new-since);
- `reports`: each event it reports with a kg:modality, by class (narrower than kg:Event), actor
  and modality: allegations-vs-facts.

Layout (graphs under INDEX, so no reasoning reads them and `kg reason` rebuilds them):

- a group is a node (`…/id/tally/<kind>/<hash of its terms>`) described in its kind's graph
  (`…/id/index/tally/<kind>`) by kg:tallyOf (the states, the entity or the actor), kg:tallyClass,
  kg:tallyModality and kg:tallyDay, with its total as kg:tallyCount;
- a write adds, in the same transaction as the article, a delta per group it changes (the group
  kg:tallyDelta the signed number, one triple) to a pending graph of its own
  (`…/id/index/tally/pending/<write id>`: two writes may add the same number to a group), and the
  descriptions of those groups. Writes only insert, so a write is whole or not there, even for
  the bulk loader, which cannot delete;
- `Store.compact_tallies` (during and at the end of an ingest, with no write in flight; after each
  write of `kg serve`, under its write lock) folds the pending deltas into the totals and drops
  their graphs, in one transaction, and drops groups whose total is zero.

A query adds a group's total and its pending deltas, so it counts right before, during and after
compaction. Each share is computed from the article's own graphs alone, so what a write adds is
what its deletion takes away, whatever changed in the shared graphs meanwhile."""
from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from itertools import combinations

from .index import STATES, own_facts
from .rdf import IRI, Lit, Quad
from .vocab import ID, INDEX, KG, RDF_TYPE, SCHEMA, XSD, inferred_graph, sha1_hex

TALLY = INDEX + "tally/"
PENDING = TALLY + "pending/"  # + a write's id: the deltas of that write
ROWS_PER_GROUP = 4  # at most, in one write: the delta (1) and the group's description (up to 3)
OF, CLASS, MODALITY, DAY = KG + "tallyOf", KG + "tallyClass", KG + "tallyModality", KG + "tallyDay"
COUNT, DELTA = KG + "tallyCount", KG + "tallyDelta"
EVENT = KG + "Event"

_READ = frozenset((SCHEMA + "datePublished", KG + "mentions", RDF_TYPE, KG + "modality", KG + "actor"))
Group = tuple[str, ...]  # (kind, its terms: IRIs, and for `mentions` a day or "")


def contributions(quads: Iterable[Quad], graph: str) -> Counter[Group]:
    """What one article counts for, from its own graph and its inferred graph alone (never from the
    shared descriptions, which other articles and gazetteer updates change: the share a write adds
    is then exactly the share its deletion takes away). States are the nodes named `…/id/state/…`
    (states and territories, as the gazetteer keys them; the queries check the class when they read)."""
    own = own_facts(quads, _READ, (graph, inferred_graph(graph)))
    article = own.get(graph, {})
    day = min((d.value[:10] for d in article.get(SCHEMA + "datePublished", ())), default="")
    named = sorted({o.value for o in article.get(KG + "mentions", ()) if isinstance(o, IRI)})
    counts: Counter[Group] = Counter(("mentions", n, day) for n in named)
    counts.update(("together", a, b) for a, b in combinations([n for n in named if n.startswith(STATES)], 2))
    for facts in own.values():
        classes = [c.value for c in facts.get(RDF_TYPE, ()) if c.value.startswith(KG) and c.value != EVENT]
        for m in facts.get(KG + "modality", ()):
            counts.update(("reports", c, a.value, m.value) for c in classes
                          for a in facts.get(KG + "actor", ()) if isinstance(a, IRI))
    return counts


def difference(new: Counter[Group], old: Counter[Group]) -> dict[Group, int]:
    """new - old, group by group, keeping negative numbers (Counter's `-` drops them)."""
    return {g: n for g in new.keys() | old.keys() if (n := new.get(g, 0) - old.get(g, 0))}


def node(group: Group) -> str:
    return f"{ID}tally/{group[0]}/{sha1_hex(' '.join(group))[:20]}"


def description(group: Group) -> list[Quad]:
    """The triples that say what a group counts, in its kind's graph."""
    kind, *terms = group
    s, g = IRI(node(group)), IRI(TALLY + kind)
    if kind == "together":
        return [(s, IRI(OF), IRI(t), g) for t in terms]
    if kind == "mentions":
        entity, day = terms
        return [(s, IRI(OF), IRI(entity), g)] + ([(s, IRI(DAY), Lit(day, XSD + "date"), g)] if day else [])
    cls, actor, modality = terms
    return [(s, IRI(OF), IRI(actor), g), (s, IRI(CLASS), IRI(cls), g), (s, IRI(MODALITY), IRI(modality), g)]


def delta_rows(deltas: dict[Group, int], described: frozenset = frozenset()) -> list[Quad]:
    """The rows of one write's deltas (pending) and of the descriptions of their groups (but those
    `described` already: an ingest's earlier bulk write said them, and no compaction ran since)."""
    rows, pending = [], IRI(PENDING + uuid.uuid4().hex[:16])
    for group, n in sorted(deltas.items()):
        if n:
            rows.append((IRI(node(group)), IRI(DELTA), Lit(str(n), XSD + "integer"), pending))
            rows += [] if group in described else description(group)
    return rows
