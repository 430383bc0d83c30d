"""Index graphs: data laid out so that a saved query reads one page of a long answer without reading
the whole answer first.

Oxigraph looks a triple up in some 25 microseconds but reads the next triple of an index scan in
well under one, and it sorts without looking anything up only literals of at most 15 bytes (those it
stores inline). A state's timeline at 100,000 articles is 18,000 events: sorted by their dates
looked up one by one, its first page cost 18 s. So each event a timeline lists (of a class narrower
than kg:Event, with a CAMEO code and a sentence) has rows, each a triple `event PROPERTY "KEY"`, KEY
being the event's date as YYYYMMDD (99999999 when it has none) and seven hexadecimal digits of a
SHA-1: fifteen characters, sorted by date, (all but surely) different for each row, inline:

- in the index graph of each of its actors and targets (`…/id/index/party/state/RUS`), with
  `kg:actorIndexKey` or `kg:targetIndexKey`, hashed over (event, role, party): a timeline's rows;
- in the index graph of its class (`…/id/index/class/Accusation`), with `kg:classIndexKey`, and in
  that of its class and each party (`…/id/index/class/Accusation/state/RUS`), with the party's
  role key; these hashed over the event alone, so that an event has one key in all of them
  (a query reading several of them takes the distinct keys: one row per event).

Each quotation with a speaker (a kg:Statement, which no timeline lists) has a row in the graph of
its class (`…/id/index/class/Statement`) and, with `kg:speakerIndexKey`, in that of its class and
each speaker, its key's date being the day the article was published. It also has a row
(`kg:aboutIndexKey`, the same key) in the graph of each state its article mentions
(`…/id/index/about/state/RUS`); officials-quoted-about-state keeps those whose speaker is an
official when it reads them (whether a person is one is the shared graph's to say, and changes).

Each sentence that mentions a node has a row (`kg:mentionIndexKey`, keyed by the day the article
was published and the sentence) in the graph of that node (`…/id/index/mention/state/RUS`): the
sentences entity-facts lists.

Each event an article reports with its sentence and one source (kg:attributedTo) has a row
(`kg:singleSourceKey`, keyed by the day the article was published) in `…/id/index/single-source`
while no other article reports it: the facts single-source-facts lists. Only this row depends on
other articles: a write that changes who reports an event puts it right (kg/store/sources.py).

Every row but those comes from the article's own graph alone (states are the nodes the gazetteer keys
`…/id/state/…`), never from the shared descriptions, which other articles change: the rows an
article's write adds are the rows its deletion looks for.

A query finds the graphs it wants (a state's bodies and officials, or some classes), scans them
(`LATERAL { GRAPH ?index { ... } }`), sorts the keys, and looks up the columns of one page only.

The rows are an article's (written in its write, from its own triples), but the index graphs are
shared: an event reported by several articles has its rows once. When an article is replaced or
deleted, the rows it gave go, but for those another article still gives (kg/store)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .rdf import IRI, Lit, Quad
from .vocab import (
    ARTICLES,
    ID,
    KG,
    RDF_TYPE,
    SCHEMA,
    SOURCE_INDEX,
    about_index,
    class_index,
    mention_index,
    party_index,
    sha1_hex,
)

ROLES = {KG + "actor": KG + "actorIndexKey", KG + "target": KG + "targetIndexKey"}
CLASS_KEY = KG + "classIndexKey"
SPEAKER_KEY = KG + "speakerIndexKey"
ABOUT_KEY = KG + "aboutIndexKey"
MENTION_KEY = KG + "mentionIndexKey"
SOURCE_KEY = KG + "singleSourceKey"
REPORTED_IN, ATTRIBUTED_TO, EVIDENCE = KG + "reportedIn", KG + "attributedTo", KG + "evidence"
STATES = ID + "state/"
STATEMENT = KG + "Statement"
PUBLISHED = SCHEMA + "datePublished"
GENERAL = {KG + "Event", KG + "Statement"}
UNDATED = "99999999"
_WANTED = frozenset((*ROLES, KG + "date", KG + "cameoCode", KG + "evidence", RDF_TYPE, KG + "speaker", KG + "quote",
                     PUBLISHED, KG + "mentions", KG + "mentionOf", KG + "sentence"))  # what index_rows reads
_SOURCE_WANTED = frozenset((REPORTED_IN, ATTRIBUTED_TO, EVIDENCE, PUBLISHED))  # what source_rows reads
LAYOUT = 6  # raised whenever the rows written change: a store made before is rebuilt by its next ingest


def row_key(date: str | None, *row: str) -> str:
    """A row's sort key: the event's date (YYYYMMDD), then seven hex digits of the SHA-1 of the row
    (event, role, party; or the event alone), so that keys are sorted by date and differ between
    rows (but for a chance of one in 268 million for two rows of one day: the store then orders the
    two as it finds them)."""
    day = date[:10].replace("-", "") if date else UNDATED
    day = day if len(day) == 8 and day.isdigit() else UNDATED
    return day + sha1_hex(" ".join(row))[:7]


def _classes(f: dict[str, list]) -> list[str]:
    """An event's classes narrower than kg:Event."""
    return [c.value for c in f[RDF_TYPE] if c.value.startswith(KG) and c.value not in GENERAL]


def _listed(f: dict[str, list]) -> bool:
    """An event a timeline lists: of a class narrower than kg:Event, with a CAMEO code and the
    sentence it rests on."""
    return bool(_classes(f)) and bool(f[KG + "cameoCode"]) and bool(f[KG + "evidence"])


Facts = dict[str, dict[str, list]]  # subject -> property -> objects


def own_facts(quads: Iterable[Quad], wanted: frozenset, graphs: tuple[str, ...]) -> Facts:
    """What these graphs (an article's own, and maybe its inferred graph) say with the `wanted`
    properties, by subject and property."""
    facts: Facts = defaultdict(lambda: defaultdict(list))
    for s, p, o, g in quads:
        if p.value in wanted and g.value in graphs and isinstance(s, IRI):
            facts[s.value][p.value].append(o)
    return facts


def _published(facts: Facts, graph: str) -> str | None:
    """The article's publication date (the first, should it give several)."""
    return min((d.value for d in facts.get(graph, {}).get(PUBLISHED, ())), default=None)


def index_rows(quads: Iterable[Quad], graph: str) -> list[Quad]:
    """The index rows of what an article's own graph (`graph`) reports: of the events a timeline
    lists, by party, by class, and by class and party; of the quotations with a speaker, by class,
    by class and speaker, and by state mentioned, keyed by the day the article was published; of
    the sentences, by node mentioned."""
    facts = own_facts(quads, _WANTED, (graph,))
    article, published = facts.get(graph, {}), _published(facts, graph)
    states = sorted({n.value for n in article.get(KG + "mentions", ()) if n.value.startswith(STATES)})
    rows, keys = [], {}  # a sentence's key, made once for all the nodes it mentions
    for node, f in facts.items():
        if _listed(f):
            rows += _event_rows(node, f)
        elif _quoted(f):
            rows += _statement_rows(node, f, published, states)
        for s in f[KG + "sentence"]:
            if isinstance(s, IRI):
                key = keys.get(s) or keys.setdefault(s, Lit(row_key(published, s.value)))
                rows += [(s, IRI(MENTION_KEY), key, IRI(mention_index(e.value))) for e in f[KG + "mentionOf"]
                         if isinstance(e, IRI)]
    return list(dict.fromkeys(rows))  # a sentence that mentions a node twice has one row


def _quoted(f: dict[str, list]) -> bool:
    """A quotation with its speaker (as resolved), the rows who-said-what lists."""
    return any(c.value == STATEMENT for c in f[RDF_TYPE]) and bool(f[KG + "quote"]) and any(
        isinstance(p, IRI) for p in f[KG + "speaker"])


def _statement_rows(statement: str, f: dict[str, list], published: str | None, states: list[str]) -> list[Quad]:
    node, key = IRI(statement), Lit(row_key(published, statement))
    rows = [(node, IRI(CLASS_KEY), key, IRI(class_index(STATEMENT)))]
    rows += [(node, IRI(SPEAKER_KEY), key, IRI(class_index(STATEMENT, p.value)))
             for p in f[KG + "speaker"] if isinstance(p, IRI)]
    return rows + [(node, IRI(ABOUT_KEY), key, IRI(about_index(s))) for s in states]


def _event_rows(event: str, f: dict[str, list]) -> list[Quad]:
    date = min((d.value for d in f[KG + "date"]), default=None)
    node, classes, key = IRI(event), _classes(f), Lit(row_key(date, event))
    rows = [(node, IRI(CLASS_KEY), key, IRI(class_index(c))) for c in classes]
    for role, prop in ROLES.items():
        for p in f[role]:
            if isinstance(p, IRI):
                rows.append((node, IRI(prop), Lit(row_key(date, event, role, p.value)), IRI(party_index(p.value))))
                rows += [(node, IRI(prop), key, IRI(class_index(c, p.value))) for c in classes]
    return rows


def source_rows(quads: Iterable[Quad], graph: str) -> list[Quad]:
    """The single-source row of each event the article's own graph (`graph`) reports with its
    sentence and exactly one source, keyed by the day the article was published. True only while
    no other article reports the event: the bulk write of new articles holds them when none does
    (kg/ingest.py sees to it), and every other write has kg/store/sources.py put them right."""
    facts = own_facts(quads, _SOURCE_WANTED, (graph,))
    published = _published(facts, graph)
    return [(IRI(node), IRI(SOURCE_KEY), Lit(row_key(published, node)), IRI(SOURCE_INDEX))
            for node, f in facts.items()
            if any(a.value == graph for a in f[REPORTED_IN]) and f[EVIDENCE]
            and len({a for a in f[ATTRIBUTED_TO] if isinstance(a, IRI)}) == 1]


def own_event(event: str, graph: str) -> bool:
    """An event node that only this article can report: one keyed by the article (kg/events keys
    an event by what happened, so that articles share it, only when its date and actor are known)."""
    return event.startswith(f"{ID}event/{graph[len(ARTICLES):]}/")
