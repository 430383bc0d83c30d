"""Linking: from a parsed article to resolved entities with canonical keys, within and across
articles (keys are deterministic: the same state, body, organisation or person gets the same key
in every article)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from ..gazetteer import Gazetteer, slug
from ..model import (
    GOVERNMENT_BODY,
    INTERNATIONAL_ORG,
    MEDIA_ORG,
    OFFICIAL,
    PERSON,
    SANCTIONS_REGIME,
    STATE,
    TERRITORY,
    Article,
    ArticleGraph,
    Entity,
    Mention,
    Sentence,
)
from ..tokens import text as doc_text
from ..tokens import texts
from .bodies import BodyResolver
from .orgs import tidy
from .people import PeopleResolver
from .refs import Ref, RefFinder
from .regimes import RegimeFinder

__all__ = ["Linked", "extract", "link", "states_of"]


@dataclass
class Linked:
    """What linking leaves for the later stages: every reference with its key, the people, the
    sanctions mentions and the sentence of each token."""

    refs: list[Ref]
    people: list
    regimes: list
    sent_of: list[int]
    sents: list  # the doc's sentences (Spans), listed once: each walk of doc.sents reads every token


def extract(article: Article, doc: Doc, gaz: Gazetteer, pipeline: str) -> ArticleGraph:
    """Everything the article says about entities, as one ArticleGraph."""
    return link(article, doc, gaz, pipeline)[0]


def link(article: Article, doc: Doc, gaz: Gazetteer, pipeline: str) -> tuple[ArticleGraph, Linked]:
    """The article's entities, and the references later stages need."""
    sents, text = list(doc.sents), doc_text(doc)
    sentences = [Sentence(i, s.start_char, s.start_char + len(words), words)
                 for i, s in enumerate(sents) for words in (text[s.start_char:s.end_char].rstrip(),)]
    sent_of = [0] * len(doc)
    for i, s in enumerate(sents):
        for t in range(s.start, s.end):
            sent_of[t] = i
    refs = tidy(_resolve_short_forms(RefFinder(gaz).find(doc, sent_of), gaz), doc, gaz)
    bodies = BodyResolver(gaz, doc, refs)
    bodies.resolve()
    refs = [r for r in refs if r.key or r.cls == PERSON]  # a body whose state cannot be told is dropped
    people = PeopleResolver(gaz, doc, refs, bodies).resolve()
    _surnames_the_model_missed(doc, refs, people, sent_of)
    refs = [r for r in refs if r.cls != PERSON]
    builder = _EntityBuilder(gaz)
    for ref in refs:
        builder.add_ref(ref)
    for p in people:
        builder.person(p)
    person_refs = [r for p in people for r in p.refs]
    mentions = RegimeFinder(doc, refs + person_refs, sents).find()
    for regime in _regimes(mentions, states_of(list(builder.entities.values()))):
        builder.entities[regime.key] = regime
    graph = ArticleGraph(article, list(builder.entities.values()), sentences, pipeline)
    graph.publisher = builder.publisher(article.publisher)
    graph.authors = [builder.byline_person(a) for a in article.authors]
    graph.context = builder.context_entities()
    return graph, Linked(refs + person_refs, people, mentions, sent_of, sents)


def _surnames_the_model_missed(doc: Doc, refs: list[Ref], people, sent_of: list[int]) -> None:
    """'Blinken held talks': a surname of a person the article named in full is that person,
    even where the model did not see a name."""
    taken = {i for r in refs for i in range(r.start, r.end)} | {i for p in people for r in p.refs
                                                                   for i in range(r.start, r.end)}
    by_surname = {}
    for p in people:
        words = p.label.split()
        if len(words) > 1:
            by_surname.setdefault(words[-1], p)
    for i, word in enumerate(texts(doc)):
        p = by_surname.get(word)
        if p is None or i in taken:
            continue
        tok = doc[i]
        if tok.pos_ != "PROPN" or i < p.refs[0].start:
            continue
        ref = Ref(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok.text), tok.text, sent_of[tok.i], PERSON, key=p.key)
        p.refs.append(ref)


def _resolve_short_forms(refs: list[Ref], gaz: Gazetteer) -> list[Ref]:
    """'the Journal' is the Wall Street Journal only where the article also names it in full."""
    full = [r.key for r in refs if r.cls == MEDIA_ORG and r.how != "short"]
    forms = gaz.short_forms
    out = []
    for r in refs:
        if r.how == "short":
            form = r.key.split(":", 1)[1]
            r.key = next((k for k in full if k in forms.get(form, ())), None)
            if r.key is None:
                continue
        out.append(r)
    return out


def states_of(entities: list[Entity]) -> dict[str, str]:
    """The state each entity key belongs to: itself for a state, the state a body is part of or an
    official serves (through their body), found by following partOf and memberOf."""
    ents = {e.key: e for e in entities}

    def state(key: str, depth: int = 0) -> str | None:
        if key.startswith("state/") or depth > 3:
            return key if key.startswith("state/") else None
        e = ents.get(key)
        for up in (e.part_of + e.member_of) if e else []:
            found = state(up, depth + 1)
            if found:
                return found
        return None
    return {k: s for k in ents if (s := state(k))}


def _regimes(mentions, state_of: dict[str, str]) -> list[Entity]:
    """One regime per imposer and target: mentions sharing an imposer and a target, or the
    state of a target, are one regime."""
    groups: list[Entity] = []

    def related(ent: Entity, targets: list[str]) -> bool:
        mine = set(ent.targets) | {state_of.get(t) for t in ent.targets} - {None}
        theirs = set(targets) | {state_of.get(t) for t in targets} - {None}
        return bool(mine & theirs)
    for m in (m for m in mentions if m.imposers and m.targets):
        ent = next((g for g in groups if set(g.imposed_by) & set(m.imposers) and related(g, m.targets)), None)
        if ent is None:
            imposer = next((k for k in m.imposers if k.startswith("state/")), m.imposers[0])
            key = f"regime/{imposer.replace('/', '-')}--{m.targets[0].replace('/', '-')}"
            ent = next((g for g in groups if g.key == key), None) or Entity(key, SANCTIONS_REGIME, "")
            if ent not in groups:
                groups.append(ent)
        ent.imposed_by += [k for k in m.imposers if k not in ent.imposed_by]
        ent.targets += [k for k in m.targets if k not in ent.targets]
        ent.mentions.append(Mention(m.text, m.start_char, m.end_char, m.sent))
    return groups


class _EntityBuilder:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.entities: dict[str, Entity] = {}
        self.extra: dict[str, Entity] = {}  # publisher and authors not named in the story

    def add_ref(self, ref: Ref) -> Entity:
        ent = self.entities.get(ref.key)
        if ent is None:
            ent = self._new(ref)
            self.entities[ref.key] = ent
        ent.mentions.append(Mention(ref.text, ref.start_char, ref.end_char, ref.sent))
        if ref.how == "name" and ref.cls not in {STATE, TERRITORY}:
            ent.aliases.add(_clean_name(ref.text))
        return ent

    def _new(self, ref: Ref) -> Entity:
        if ref.cls in {STATE, TERRITORY}:
            return self.state(ref.iso3)
        org = self.gaz.orgs.get(ref.key)
        label = org.label if org else _clean_name(ref.text)
        ent = Entity(ref.key, ref.cls, label)
        if ref.cls == INTERNATIONAL_ORG and org and org.parent:
            ent.part_of = [org.parent]
        if ref.cls == GOVERNMENT_BODY:
            ent.kind = ref.kind or (org.kind if org else None)
            ent.part_of = [f"state/{ref.iso3}"] + ([org.parent] if org and org.parent else [])
            if ref.function and not org:
                kind = self.gaz.terms["body_kind_labels"].get(ref.kind or "Body", "Body")
                ent.label = _function_label(kind, ref.function, ref.text)
        return ent

    def state(self, iso3: str) -> Entity:
        rec = self.gaz.states[iso3]
        ent = Entity(f"state/{iso3}", STATE if rec.sovereign else TERRITORY, rec.label, iso3=iso3)
        ent.part_of = [f"state/{rec.part_of}"] if rec.part_of else []
        return ent

    def person(self, p) -> None:
        ent = Entity(p.key, OFFICIAL if p.roles or p.known else PERSON, p.label, aliases=set(p.names),
                     member_of=list(p.member_of), role=p.roles[0] if p.roles else None)
        ent.mentions = [Mention(r.text, r.start_char, r.end_char, r.sent) for r in p.refs]
        self.entities[p.key] = ent

    def context_entities(self) -> list[Entity]:
        """States and parent bodies a fact points at that the text does not name, and theirs, up to
        the top (a department's ministry, and the ministry's state)."""
        out, seen = list(self.extra.values()), set(self.entities) | set(self.extra)
        todo = list(self.entities.values()) + out
        while todo:
            wanted = {k for e in todo for k in e.part_of + e.member_of + e.imposed_by + e.targets} - seen
            todo = [e for e in map(self._context_entity, sorted(wanted)) if e is not None]
            seen |= wanted
            out += todo
        return out

    def _context_entity(self, key: str) -> Entity | None:
        if key.startswith("state/") and key[6:] in self.gaz.states:
            return self.state(key[6:])
        if key in self.gaz.orgs:
            org = self.gaz.orgs[key]
            cls = INTERNATIONAL_ORG if org.kind == INTERNATIONAL_ORG else GOVERNMENT_BODY
            ent = Entity(key, cls, org.label, aliases=set(org.aliases))
            ent.kind = org.kind if cls == GOVERNMENT_BODY else None
            ent.part_of = [f"state/{org.state}"] if org.state else []
            ent.part_of += [org.parent] if org.parent else []
            return ent
        return None

    def publisher(self, name: str | None) -> str | None:
        """The outlet's key; its node joins the context when the story itself does not name it."""
        if not name:
            return None
        org = self.gaz.org_by_name(name)
        key = org.key if org else f"media/{slug(name)}"
        if key not in self.entities:
            self.extra[key] = Entity(key, MEDIA_ORG, org.label if org else _clean_name(name),
                                     aliases=set(org.aliases) if org else set())
        return key

    def byline_person(self, name: str) -> str:
        key = f"person/{slug(name)}"
        if key not in self.entities:
            self.extra[key] = Entity(key, PERSON, name)
        return key


def _clean_name(text: str) -> str:
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    return re.sub(r"(?:'s|\u2019s)$", "", text).strip()


def _function_label(kind: str, function: str, written: str) -> str:
    words = {"foreign-affairs": "Foreign Affairs"}.get(function, function.replace("-", " ").title())
    return f"{kind} of {words}"
