"""Index graphs: data laid out so that a saved query reads one page of a long answer without reading
the whole answer first.

Oxigraph looks a triple up in some 25 microseconds but reads the next triple of an index scan in
well under one, and it sorts without looking anything up only literals of at most 15 bytes (those it
stores inline). A state's timeline at 100,000 articles is 18,000 events: sorted by their dates
looked up one by one, its first page cost 18 s. So each event an article reports has, in the index
graph of each of its actors and targets (`…/id/index/party/<the party's IRI after …/id/>`), one
triple `event kg:actorIndexKey|kg:targetIndexKey "KEY"`, KEY being the event's date as YYYYMMDD
(99999999 when it has none) and seven hexadecimal digits of the SHA-1 of the row (event, role,
party): fifteen characters, sorted by date, (all but surely) different for each row, inline. A query finds the parties it wants (a state's bodies and
officials) as before, scans their index graphs (`LATERAL { GRAPH ?index { ... } }`), sorts the keys,
and looks up the columns of one page only.

The rows are an article's (written in its write, from its own triples), but the index graphs are
shared: an event reported by several articles has one row per party. When an article is replaced or
deleted, the rows of its events go, but for those another article still gives (kg/store)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .rdf import IRI, Lit, Quad
from .vocab import KG, RDF_TYPE, party_index, sha1_hex

ROLES = {KG + "actor": KG + "actorIndexKey", KG + "target": KG + "targetIndexKey"}
GENERAL = {KG + "Event", KG + "Statement"}
UNDATED = "99999999"


def row_key(date: str | None, event: str, role: str, party: str) -> str:
    """A row's sort key: the event's date (YYYYMMDD), then seven hex digits of the SHA-1 of the row
    (event, role, party), so that keys are sorted by date and differ between rows (but for a chance of
    one in 268 million for two rows of one day: the store then orders the two as it finds them)."""
    day = date[:10].replace("-", "") if date else UNDATED
    day = day if len(day) == 8 and day.isdigit() else UNDATED
    return day + sha1_hex(f"{event} {role} {party}")[:7]


def _listed(f: dict[str, list]) -> bool:
    """An event a timeline lists: of a class narrower than kg:Event, with a CAMEO code and the
    sentence it rests on."""
    narrower = any(c.value.startswith(KG) and c.value not in GENERAL for c in f[RDF_TYPE])
    return narrower and bool(f[KG + "cameoCode"]) and bool(f[KG + "evidence"])


def index_rows(quads: Iterable[Quad], graph: str) -> list[Quad]:
    """The index rows of the events an article's own graph (`graph`) reports and a timeline lists,
    one per actor and target."""
    wanted = (*ROLES, KG + "date", KG + "cameoCode", KG + "evidence", RDF_TYPE)
    facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o, g in quads:
        if g.value == graph and isinstance(s, IRI) and p.value in wanted:
            facts[s.value][p.value].append(o)
    rows = []
    for event, f in facts.items():
        if not _listed(f):
            continue
        date = min((d.value for d in f[KG + "date"]), default=None)
        for role, prop in ROLES.items():
            for p in f[role]:
                if isinstance(p, IRI):
                    key = Lit(row_key(date, event, role, p.value))
                    rows.append((IRI(event), IRI(prop), key, IRI(party_index(p.value))))
    return rows
