"""Events, statements, attribution, dates and quantities of one article, added to its graph."""
from __future__ import annotations

import hashlib

from spacy.tokens import Doc, Token

from ..linking import Linked, states_of
from ..model import ArticleGraph, Event, Mention, Quantity, Statement
from ..tokens import ents_in
from ..tokens import text as doc_text
from ..vocab import article_hash
from .attribution import Attributor
from .dates import article_date, resolve
from .finder import Found, VerbEvents, lexicon
from .modality import modality
from .quantities import find_quantities
from .quotes import QuoteFinder, find_quote_spans
from .speech import SpeechActs

__all__ = ["find_events"]

# Acts that are about someone: reported without anyone to aim at, they are more often misread
# than meant ("agreed to resume flights" with no partner named).
NEEDS_TARGET = {"Agreement", "Meeting", "Visit", "Cooperation", "Criticism", "Accusation", "Rejection",
                "Demand", "Appeal", "Threat", "Protest", "Expulsion"}


def find_events(graph: ArticleGraph, doc: Doc, linked: Linked) -> None:
    """Fill graph.events and graph.statements (and add unnamed speakers to its entities)."""
    h = article_hash(graph.article.id)
    text = doc_text(doc)
    spans = find_quote_spans(text)
    verbs = VerbEvents(doc, linked.refs, [(s.start, s.end) for s in spans])
    quotes = QuoteFinder(doc, verbs, h, spans, linked.sent_of, text)
    amounts = find_quantities(doc)
    graph.statements = _statements(quotes, doc, h, amounts, linked)
    graph.entities += list(quotes.unnamed.values())
    state_of = states_of(graph.entities + graph.context)
    found = verbs.find() + _sanctions(doc, linked, verbs)
    attributor = Attributor(verbs.key_at)
    base = article_date(graph.article.published)
    events: list[Event] = []
    for f in sorted(found, key=lambda f: f.verb.i):
        if _justifies(f, found):
            continue  # "imposed sanctions on X, accusing him of ...": the reason given for the act
        ev = _event(f, attributor, base, amounts, quotes, linked.sent_of)
        if ev is None:
            continue
        if f.extra.get("reacts_to") and not ev.targets:
            answered = _last_actor(events, ev.actors, state_of, f.extra["reacts_to"] == "sanctions")
            ev.targets = [state_of.get(k, k) for k in answered]
        _merge_or_add(events, ev, state_of)
    _add_speech_acts(events, graph, doc, verbs, state_of, {f.verb.i for f in found}, linked.sent_of)
    for ev in events:
        ev.targets = [t for t in ev.targets if t not in ev.actors]
    events = [e for e in events if e.targets or e.cls not in NEEDS_TARGET]
    for i, ev in enumerate(events):
        ev.key = _event_key(ev, h, i)
    graph.events = events


def _add_speech_acts(events: list[Event], graph: ArticleGraph, doc: Doc, verbs: VerbEvents,
                     state_of: dict[str, str], taken: set[int], sent_of: list[int]) -> None:
    """One event per speaker and stance: quotations first, then reported clauses."""
    acts = SpeechActs(doc, verbs, state_of, sent_of)
    candidates = [acts.from_statement(st) for st in graph.statements] + acts.from_clauses(taken)
    for ev in sorted((e for e in candidates if e is not None), key=lambda e: e.mentions[0].start):
        if not ev.targets:
            ev.targets = [state_of.get(k, k) for k in _last_actor(events, ev.actors, state_of)]
        side = {state_of.get(a, a) for a in ev.actors}
        aim = {state_of.get(t, t) for t in ev.targets}
        same = next((o for o in events if ({state_of.get(a, a) for a in o.actors} == side and
                                           o.cameo[:2] == ev.cameo[:2]) or
                     (o.actors == ev.actors and {state_of.get(t, t) for t in o.targets} == aim)), None)
        if same is not None:
            same.mentions += ev.mentions
            same.targets = same.targets or ev.targets
        else:
            events.append(ev)


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


def _event(f: Found, attributor: Attributor, base, amounts, quotes: QuoteFinder, sent_of: list[int]) -> Event | None:
    src = attributor.source(f.verb)
    actors, targets = f.actors, f.targets
    if f.cls == "ViolationAllegation":  # the claimant accuses the violator
        claimants = src.citing or src.attributed_to
        if not claimants or not actors:
            return None
        actors, targets = claimants[:1], actors
    sent = f.verb.sent
    ev = Event("", f.cls, f.cameo, actors, targets, f.verb.text, sent.text.strip(),
               [Mention(f.verb.text, f.verb.idx, f.verb.idx + len(f.verb.text), sent_of[f.verb.i])],
               modality=f.modality if f.cls != "ViolationAllegation" else "Alleged",
               attributed_to=src.attributed_to, citing=src.citing, source_text=src.text)
    when = _date_for(f.verb, base)
    if when is not None:
        ev.date, ev.date_text, ev.date_precision = when
    ev.quantities = [q for span, q in amounts if span.sent == sent and not quotes.inside(span.start_char)]
    return ev


def _date_for(verb: Token, base) -> tuple[str, str, str] | None:
    """The date the verb's own clause gives, resolved against the article's date."""
    for ent in ents_in(verb.sent):
        head = ent.root.head
        attached = head == verb or (head.dep_ == "prep" and head.head == verb) or \
            (ent.root.dep_ == "npadvmod" and head == verb)
        if ent.label_ == "DATE" and attached:
            r = resolve(ent.text, base)
            if r is not None:
                return r.value, ent.text, r.precision
    return None


def _justifies(f: Found, found: list[Found]) -> bool:
    """A participle giving the reason for the sanctions its clause imposes ('..., accusing them of')."""
    v = f.verb
    if v.tag_ != "VBG" or v.dep_ not in {"advcl", "xcomp", "conj"}:
        return False
    return any(o.verb == v.head and o.cls == "SanctionsImposition" for o in found)


def _last_actor(events: list[Event], actors: list[str], state_of: dict[str, str],
                sanctions: bool = False) -> list[str]:
    """Whom a reaction answers: the actor of the latest event by someone else's side (of the
    latest sanctions when the reaction is to sanctions)."""
    mine = {state_of.get(a, a) for a in actors}
    pool = [e for e in events if e.cls == "SanctionsImposition"] if sanctions else events
    for other in reversed(pool or events):
        theirs = [a for a in other.actors if state_of.get(a, a) not in mine]
        if theirs:
            return theirs[:1]
    return []


def _related(a: list[str], b: list[str], state_of: dict[str, str]) -> bool:
    return bool(set(a) & set(b)) or bool({state_of.get(x, x) for x in a} & {state_of.get(x, x) for x in b})


def _merge_or_add(events: list[Event], ev: Event, state_of: dict[str, str]) -> None:
    """The headline and the story often report one event twice: same class, the same actor (or
    one of the same state), the same target."""
    for other in events:
        same_sentence = other.mentions[0].sentence == ev.mentions[0].sentence
        if same_sentence and other.cameo[:2] == ev.cameo[:2] and set(other.actors) == set(ev.actors) \
                and set(other.targets) == set(ev.targets):  # "condemning ... and accusing ...": one act
            other.mentions += ev.mentions
            return
        if other.cls == ev.cls and (set(other.actors) == set(ev.actors) or
                                    (ev.cls == "SanctionsImposition" and _related(other.actors, ev.actors, state_of))) and \
                (set(other.targets) == set(ev.targets) or not ev.targets or not other.targets or
                 (ev.cls == "SanctionsImposition" and _related(other.targets, ev.targets, state_of))) and \
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


def _statements(quotes: QuoteFinder, doc: Doc, h: str, amounts, linked: Linked) -> list[Statement]:
    out, sent_of = [], linked.sent_of
    for i, q in enumerate(quotes.find()):
        span = q.span
        sents = [s for s in linked.sents if s.end_char > span.start and s.start_char < span.end]
        quantities: list[Quantity] = [qq for sp, qq in amounts if span.start <= sp.start_char < span.end]
        first = sent_of[sents[0].start] if sents else 0
        out.append(Statement(f"statement/{h}/{i}", q.speakers, q.speaker_text, span.text(quotes.text),
                             " ".join(s.text.strip() for s in sents),
                             [Mention(quotes.text[span.start:span.end], span.start, span.end, first)],
                             quantities=quantities))
    return out
