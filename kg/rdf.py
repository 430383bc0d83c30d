"""An ArticleGraph as quads of the contract, in the named graph named by the article's IRI.

A node's identity (its class, names, ISO code and the state or body it is part of) is the same in
whichever article names it: it goes to one shared graph (ENTITIES) instead, so it is stored once
however many articles name the node (queries over the union then see it once), and deleting an
article never takes it from another (where an article used a name is kept by its mentions). What
an article says about the node (a person's title and the body they serve) stays in the article's
graph, where its provenance is. (A sanctions regime is one node per imposers and targets: those
are its identity, and shared.)

Terms are plain tuples here (IRI, literal) so this module needs no RDF library; the store turns
them into its own terms."""
from __future__ import annotations

import math
from decimal import Decimal
from typing import NamedTuple

from .model import GOVERNMENT_BODY, SANCTIONS_REGIME, ArticleGraph, Entity, Event, Mention, Quantity, Statement
from .vocab import ID, KG, RDF_TYPE, RDFS, SCHEMA, SKOS, XSD, article_hash, article_iri, entity_iri

ENTITIES = ID + "graph/entities"

BODY_CLASSES = {"Ministry", "Department", "Agency", "Office", "Legislature", "Court", "ArmedForce",
                "Police", "Government", "Embassy"}


class IRI(NamedTuple):
    value: str


class Lit(NamedTuple):
    value: str
    datatype: str | None = None  # xsd IRI; None means xsd:string
    lang: str | None = None


Term = IRI | Lit
Quad = tuple[IRI, IRI, Term, IRI]


def _date_literal(value: str) -> Lit:
    return Lit(value, XSD + ("date" if len(value) == 10 else "dateTime"))


class _Writer:
    def __init__(self, graph: IRI):
        self.g, self.quads = graph, []

    def shared(self, s: IRI, p: str, o: Term | str | None) -> None:
        """A fact of a node's identity: into the shared entities graph."""
        g, self.g = self.g, IRI(ENTITIES)
        try:
            self.add(s, p, o)
        finally:
            self.g = g

    def add(self, s: IRI, p: str, o: Term | str | int | None) -> None:
        if o is None or o == "":
            return
        if isinstance(o, bool):
            raise TypeError("no boolean literals here")
        if isinstance(o, int):
            o = Lit(str(o), XSD + "integer")
        elif isinstance(o, str):
            o = Lit(o)
        self.quads.append((s, IRI(p), o, self.g))


def article_quads(ag: ArticleGraph) -> list[Quad]:
    art = ag.article
    a = IRI(article_iri(art.id))
    w = _Writer(a)
    w.add(a, RDF_TYPE, IRI(KG + "Article"))
    w.add(a, SCHEMA + "identifier", art.id)
    w.add(a, SCHEMA + "headline", art.title)
    if art.published:
        w.add(a, SCHEMA + "datePublished", _date_literal(art.published))
    if art.url:
        w.add(a, SCHEMA + "url", Lit(art.url, XSD + "anyURI"))
    if ag.publisher:
        w.add(a, SCHEMA + "publisher", IRI(entity_iri(ag.publisher)))
    for key in ag.authors:
        w.add(a, SCHEMA + "author", IRI(entity_iri(key)))
    for caption in art.captions:
        w.add(a, KG + "caption", caption)
    w.add(a, KG + "dateline", art.dateline)
    w.add(a, SCHEMA + "inLanguage", art.language)
    w.add(a, SCHEMA + "articleBody", art.body)
    w.add(a, KG + "contentHash", art.content_hash)
    w.add(a, KG + "pipeline", ag.pipeline)
    labels = {e.key: e.label for e in ag.entities + ag.context}
    for ent in ag.entities:
        w.add(a, KG + "mentions", IRI(entity_iri(ent.key)))
    for ent in ag.entities + ag.context:
        _entity(w, ent, labels)
    _sentences(w, ag)
    _mentions(w, ag)
    _events(w, ag)
    return w.quads


def _entity(w: _Writer, ent: Entity, labels: dict[str, str]) -> None:
    e = IRI(entity_iri(ent.key))
    core = w.shared
    core(e, RDF_TYPE, IRI(KG + ent.cls))
    if ent.cls == GOVERNMENT_BODY and ent.kind in BODY_CLASSES:
        core(e, RDF_TYPE, IRI(KG + ent.kind))
    label = ent.label or _regime_label(ent, labels)
    core(e, RDFS + "label", label)
    core(e, KG + "iso3", ent.iso3)
    for key in ent.part_of:
        core(e, KG + "partOf", IRI(entity_iri(key)))
    for alias in sorted(ent.aliases - {label}):
        core(e, SKOS + "altLabel", alias)
    w.add(e, KG + "role", ent.role)
    for key in ent.imposed_by:  # a regime is one node per (imposers, targets): they are its identity
        core(e, KG + "imposedBy", IRI(entity_iri(key)))
    for key in ent.targets:
        core(e, KG + "targets", IRI(entity_iri(key)))
    for prop, keys in (("memberOf", ent.member_of),):
        for key in keys:
            w.add(e, KG + prop, IRI(entity_iri(key)))


def _regime_label(ent: Entity, labels: dict[str, str]) -> str:
    if ent.cls != SANCTIONS_REGIME:
        return ent.key
    imposer = " and ".join(labels.get(k, k) for k in ent.imposed_by[:2])
    target = ", ".join(labels.get(k, k) for k in ent.targets[:3])
    return f"{imposer} sanctions on {target}"


def _sentences(w: _Writer, ag: ArticleGraph) -> None:
    a, h = IRI(article_iri(ag.article.id)), article_hash(ag.article.id)
    for s in ag.sentences:
        node = IRI(f"{ID}sentence/{h}/{s.index}")
        w.add(node, RDF_TYPE, IRI(KG + "Sentence"))
        w.add(node, KG + "inArticle", a)
        w.add(node, KG + "index", s.index)
        w.add(node, KG + "startChar", s.start)
        w.add(node, KG + "endChar", s.end)
        w.add(node, KG + "text", s.text)


def _mentions(w: _Writer, ag: ArticleGraph) -> None:
    a, h = IRI(article_iri(ag.article.id)), article_hash(ag.article.id)
    n = 0
    for ent in ag.entities:
        for m in ent.mentions:
            _mention(w, a, h, n, ent, m)
            n += 1


def _mention(w: _Writer, a: IRI, h: str, n: int, ent: Entity | Event | Statement, m: Mention) -> None:
    node = IRI(f"{ID}mention/{h}/{n}")
    w.add(node, RDF_TYPE, IRI(KG + "Mention"))
    w.add(node, KG + "mentionOf", IRI(entity_iri(ent.key)))
    w.add(node, KG + "inArticle", a)
    w.add(node, KG + "sentence", IRI(f"{ID}sentence/{h}/{m.sentence}"))
    w.add(node, KG + "startChar", m.start)
    w.add(node, KG + "endChar", m.end)
    w.add(node, KG + "text", m.text)


def _events(w: _Writer, ag: ArticleGraph) -> None:
    """Events and statements, each with its mentions (offsets) and quantities."""
    a, h = IRI(article_iri(ag.article.id)), article_hash(ag.article.id)
    n = sum(len(e.mentions) for e in ag.entities)
    q = 0
    for ev in ag.events + ag.statements:
        node = IRI(entity_iri(ev.key))
        w.add(node, RDF_TYPE, IRI(KG + "Event"))
        w.add(node, KG + "reportedIn", a)
        w.add(node, KG + "evidence", ev.evidence)
        for prop, keys in (("attributedTo", ev.attributed_to),):
            for key in keys:
                w.add(node, KG + prop, IRI(entity_iri(key)))
        if isinstance(ev, Event):
            _event(w, node, ev)
        else:
            _statement(w, node, ev)
        for m in ev.mentions:
            _mention(w, a, h, n, ev, m)
            n += 1
        for qty in ev.quantities:
            _quantity(w, node, IRI(f"{ID}quantity/{h}/{q}"), qty)
            q += 1


def _event(w: _Writer, node: IRI, ev: Event) -> None:
    w.add(node, RDF_TYPE, IRI(KG + ev.cls))
    w.add(node, KG + "cameoCode", ev.cameo)
    for key in ev.actors:
        w.add(node, KG + "actor", IRI(entity_iri(key)))
    for key in ev.targets:
        w.add(node, KG + "target", IRI(entity_iri(key)))
    for key in ev.citing:
        w.add(node, KG + "citing", IRI(entity_iri(key)))
    w.add(node, KG + "sourceText", ev.source_text)
    w.add(node, KG + "modality", IRI(KG + ev.modality))
    w.add(node, KG + "trigger", ev.trigger)
    if ev.date:
        w.add(node, KG + "date", Lit(ev.date, XSD + "date"))
        w.add(node, KG + "dateText", ev.date_text)
        w.add(node, KG + "datePrecision", ev.date_precision)


def _statement(w: _Writer, node: IRI, st: Statement) -> None:
    w.add(node, RDF_TYPE, IRI(KG + "Statement"))
    w.add(node, KG + "cameoCode", "010")
    w.add(node, KG + "quote", st.quote)
    w.add(node, KG + "speakerText", st.speaker_text)
    for key in st.speakers:
        w.add(node, KG + "speaker", IRI(entity_iri(key)))


def _quantity(w: _Writer, owner: IRI, node: IRI, q: Quantity) -> None:
    w.add(owner, KG + "quantity", node)
    w.add(node, RDF_TYPE, IRI(KG + "Quantity"))
    w.add(node, KG + "text", q.text)
    for prop, value in (("value", q.value), ("minValue", q.min_value), ("maxValue", q.max_value)):
        if value is not None and math.isfinite(value):  # (a number too long for a float is infinite)
            w.add(node, KG + prop, Lit(_decimal(value), XSD + "decimal"))
    w.add(node, KG + "unit", q.unit)
    w.add(node, KG + "currency", q.currency)
    w.add(node, KG + "period", q.period)


def _decimal(value: float) -> str:
    """An xsd:decimal lexical form: digits, never an exponent ("0.00001", not "1e-05")."""
    if value % 1 == 0:
        return str(int(value))
    return format(Decimal(repr(float(value))), "f").rstrip("0").rstrip(".")


def _nt_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


def nt(term: Term) -> str:
    """One term in N-Triples (and SPARQL) syntax, escaped."""
    if isinstance(term, IRI):
        return f"<{term.value}>"
    body = f'"{_nt_escape(term.value)}"'
    if term.lang:
        return f"{body}@{term.lang}"
    return f"{body}^^<{term.datatype}>" if term.datatype else body


def to_ntriples(quads: list[Quad]) -> bytes:
    """The triples of these quads as N-Triples (their graph is given apart, as in the Graph Store
    Protocol)."""
    return "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o, _ in quads).encode("utf-8")


def to_nquads(quads: list[Quad]) -> bytes:
    """Quads as N-Quads."""
    return "".join(f"{nt(s)} {nt(p)} {nt(o)} {nt(g)} .\n" for s, p, o, g in quads).encode("utf-8")
