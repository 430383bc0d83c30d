"""Events, statements, attribution, dates and quantities of one article, added to its graph."""
from __future__ import annotations

import hashlib

from spacy.tokens import Doc, Token

from ..linking import Linked
from ..model import ArticleGraph, Event, Mention, Quantity, Statement
from ..vocab import article_hash
from .attribution import Attributor
from .dates import article_date, resolve
from .finder import Found, VerbEvents, lexicon
from .modality import modality
from .quantities import find_quantities
from .quotes import QuoteFinder

__all__ = ["find_events"]


def find_events(graph: ArticleGraph, doc: Doc, linked: Linked) -> None:
    """Fill graph.events and graph.statements (and add unnamed speakers to its entities)."""
    h = article_hash(graph.article.id)
    quotes = QuoteFinder(doc, linked.refs, VerbEvents(doc, linked.refs, []), h)
    verbs = VerbEvents(doc, linked.refs, [(s.start, s.end) for s in quotes.spans])
    quotes.verbs = verbs
    found = verbs.find() + _sanctions(doc, linked, verbs)
    attributor = Attributor(verbs.key_at)
    amounts = find_quantities(doc)
    base = article_date(graph.article.published)
    events: list[Event] = []
    for f in found:
        ev = _event(f, attributor, base, amounts, quotes)
        if ev is not None:
            _merge_or_add(events, ev)
    for i, ev in enumerate(events):
        ev.key = _event_key(ev, h, i)
    graph.events = events
    graph.statements = _statements(quotes, doc, h, amounts)
    graph.entities += list(quotes.unnamed.values())


def _sanctions(doc: Doc, linked: Linked, verbs: VerbEvents) -> list[Found]:
    """Each act of imposing sanctions found while reading regimes is an event too."""
    cameos = lexicon()["sanction_cameo"]
    out = []
    for m in linked.regimes:
        if m.action is None or not m.imposers:
            continue
        verb = doc[m.action]
        if verbs.in_quote(verb):
            continue
        actors = [k for k in m.imposers if not k.startswith("state/")] or m.imposers
        out.append(Found("SanctionsImposition", cameos.get(verb.lemma_.lower(), cameos["default"]), verb,
                         actors[:1], list(m.targets), modality(verb)))
    return out


def _event(f: Found, attributor: Attributor, base, amounts, quotes: QuoteFinder) -> Event | None:
    src = attributor.source(f.verb)
    actors, targets = f.actors, f.targets
    if f.cls == "ViolationAllegation":  # the claimant accuses the violator
        claimants = src.citing or src.attributed_to
        if not claimants or not actors:
            return None
        actors, targets = claimants[:1], actors
    sent = f.verb.sent
    ev = Event("", f.cls, f.cameo, actors, targets, f.verb.text, sent.text.strip(),
               [Mention(f.verb.text, f.verb.idx, f.verb.idx + len(f.verb.text), _sent_index(f.verb))],
               modality=f.modality if f.cls != "ViolationAllegation" else "Alleged",
               attributed_to=src.attributed_to, citing=src.citing, source_text=src.text)
    when = _date_for(f.verb, base)
    if when is not None:
        ev.date, ev.date_text, ev.date_precision = when
    ev.quantities = [q for span, q in amounts if span.sent == sent and not quotes.inside(span.start_char)]
    return ev


def _sent_index(tok: Token) -> int:
    return next(i for i, s in enumerate(tok.doc.sents) if s.start <= tok.i < s.end)


def _date_for(verb: Token, base) -> tuple[str, str, str] | None:
    """The date the verb's own clause gives, resolved against the article's date."""
    sub = {t.i for t in verb.subtree}
    for ent in verb.sent.ents:
        if ent.label_ == "DATE" and ent.root.i in sub:
            r = resolve(ent.text, base)
            if r is not None:
                return r.value, ent.text, r.precision
    return None


def _merge_or_add(events: list[Event], ev: Event) -> None:
    """The headline and the story often report one event twice: same class, actor and target."""
    for other in events:
        if other.cls == ev.cls and set(other.actors) == set(ev.actors) and \
                (set(other.targets) == set(ev.targets) or not ev.targets or not other.targets) and \
                (other.date is None or ev.date is None or other.date == ev.date):
            other.mentions += ev.mentions
            other.targets = other.targets or ev.targets
            if other.date is None and ev.date:
                other.date, other.date_text, other.date_precision = ev.date, ev.date_text, ev.date_precision
            other.attributed_to = other.attributed_to or ev.attributed_to
            other.citing = other.citing or ev.citing
            other.quantities += [q for q in ev.quantities if q not in other.quantities]
            return
    events.append(ev)


def _event_key(ev: Event, h: str, i: int) -> str:
    """Events with a known date are keyed by what happened, so two articles share the node."""
    if ev.date and ev.actors:
        ident = "|".join([ev.cls, ",".join(sorted(ev.actors)), ",".join(sorted(ev.targets)), ev.date])
        return "event/" + hashlib.sha256(ident.encode()).hexdigest()[:20]
    return f"event/{h}/{i}"


def _statements(quotes: QuoteFinder, doc: Doc, h: str, amounts) -> list[Statement]:
    out = []
    for i, q in enumerate(quotes.find()):
        span = q.span
        sents = [s for s in doc.sents if s.end_char > span.start and s.start_char < span.end]
        quantities: list[Quantity] = [qq for sp, qq in amounts if span.start <= sp.start_char < span.end]
        first = next(k for k, s in enumerate(doc.sents) if s.end_char > span.start)
        out.append(Statement(f"statement/{h}/{i}", q.speakers, q.speaker_text, span.text(doc.text),
                             " ".join(s.text.strip() for s in sents),
                             [Mention(doc.text[span.start:span.end], span.start, span.end, first)],
                             quantities=quantities))
    return out
