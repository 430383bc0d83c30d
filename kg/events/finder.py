"""Events reported by verbs: who (the subject, resolved to an entity) did what (the verb's event
class and CAMEO code) to whom (its object or a preposition's object)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from ..linking.refs import Ref
from ..model import GOVERNMENT_BODY, INTERNATIONAL_ORG, MEDIA_ORG, ORGANIZATION, PERSON, STATE, TERRITORY
from ..tokens import with_lemma
from .modality import modality

ACTOR_CLASSES = {STATE, TERRITORY, INTERNATIONAL_ORG, GOVERNMENT_BODY, ORGANIZATION, PERSON, "Official"}
TARGET_CLASSES = ACTOR_CLASSES | {MEDIA_ORG}
# Acts that answer someone else's act: "condemned the sanctions" is aimed at whoever imposed them.
REACTIONS = {"Criticism", "Accusation", "Rejection", "Denial", "Protest", "Threat", "Demand", "Appeal"}
SYMMETRIC = {"Meeting", "Agreement", "Cooperation", "Visit"}
ANAPHORA = {"bloc": {INTERNATIONAL_ORG}, "alliance": {INTERNATIONAL_ORG}, "union": {INTERNATIONAL_ORG},
            "council": {INTERNATIONAL_ORG, GOVERNMENT_BODY}, "ministry": {GOVERNMENT_BODY},
            "department": {GOVERNMENT_BODY}, "agency": {GOVERNMENT_BODY}, "government": {GOVERNMENT_BODY, STATE},
            "country": {STATE}, "paper": {MEDIA_ORG}, "newspaper": {MEDIA_ORG}, "group": {ORGANIZATION},
            "company": {ORGANIZATION}, "junta": {GOVERNMENT_BODY}, "military": {GOVERNMENT_BODY}}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads((Path(__file__).parent / "triggers.json").read_text(encoding="utf-8"))


@dataclass
class Found:
    """An event before dates, sources and keys are added."""

    cls: str
    cameo: str
    verb: Token
    actors: list[str]
    targets: list[str]
    modality: str
    extra: dict = field(default_factory=dict)


class VerbEvents:
    def __init__(self, doc: Doc, refs: list[Ref], quotes: list[tuple[int, int]]):
        self.doc, self.quotes = doc, quotes
        self.refs = sorted((r for r in refs if r.key), key=lambda r: r.start)
        self.at = {i: r for r in self.refs for i in range(r.start, r.end)}

    def key_at(self, i: int) -> str | None:
        r = self.at.get(i)
        return r.key if r else None

    def in_quote(self, tok: Token) -> bool:
        return any(a < tok.idx < b for a, b in self.quotes)

    def find(self) -> list[Found]:
        verbs = lexicon()["verbs"]
        out = []
        for tok in with_lemma(self.doc, verbs):
            entry = verbs[tok.lemma_.lower()]
            if tok.pos_ != "VERB" or self.in_quote(tok) or not self._has_needs(tok, entry):
                continue
            actors = self.subject(tok)
            if not actors and entry["class"] != "ViolationAllegation":
                continue
            targets = [k for k in self.targets(tok, entry["target"]) if k not in actors]
            if not targets and entry["class"] in SYMMETRIC:  # "Abiy and Isaias signed": each other
                targets, actors = actors[1:], actors[:1]
            if not targets and tok.dep_ == "conj":  # "kept Niger under sanctions and threatened ..."
                targets = [k for k in self.targets(tok.head, ["object"]) if k not in actors]
            actors = actors[:1]
            f = Found(entry["class"], entry["cameo"], tok, actors, targets, modality(tok))
            if not targets and entry["class"] in REACTIONS:
                f.extra["reacts_to"] = self._reaction(tok)
            out.append(f)
        return out

    def _reaction(self, verb: Token) -> str | None:
        """'condemned the sanctions', 'rejected the move': aimed at whoever acted before."""
        words = set(lexicon()["reaction_nouns"]["words"])
        for c in verb.children:
            if c.dep_ in {"dobj", "nsubjpass"} and (c.lemma_.lower() in words or c.lower_ in words):
                return "sanctions" if c.lemma_.lower() in {"sanction", "embargo", "designation", "listing",
                                                           "blacklisting", "penalty"} else "act"
        return None

    @staticmethod
    def _has_needs(tok: Token, entry: dict) -> bool:
        wanted = entry.get("needs_object")
        if wanted and not any(c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in wanted
                              for c in tok.children):
            return False
        for need in entry.get("needs", []):
            dep, _, word = need.partition(":")
            if dep == "prep" and not any(c.dep_ == "prep" and c.lower_ == word
                                         for c in [*tok.children, *(g for p in tok.children if p.dep_ == "prt"
                                                                    for g in p.children)]):
                return False
            if dep == "xcomp" and not any(c.dep_ == "xcomp" for c in tok.children):
                return False
            if dep == "prt" and not any(c.dep_ == "prt" and c.lower_ == word for c in tok.children):
                return False
        return True

    # --- who acts ------------------------------------------------------------------------------
    def subject(self, verb: Token) -> list[str]:
        for _ in range(4):
            subj = [c for c in verb.children if c.dep_ == "nsubj"]
            agent = [c for c in verb.children if c.dep_ == "agent"]
            if subj:
                found = self._noun_phrase(subj[0])
                if found:
                    return found
                return self._anaphora(subj[0])
            elif agent:
                return [k for c in agent[0].children for k in self._noun_phrase(c)][:1]
            if verb.dep_ in {"conj", "xcomp", "advcl", "ccomp"} and verb.head is not verb:
                verb = verb.head if verb.dep_ != "relcl" else verb
                continue
            if verb.dep_ == "relcl":
                return self._noun_phrase(verb.head)
            return []
        return []

    def _noun_phrase(self, head: Token) -> list[str]:
        """The entity a noun phrase names: the one at its head, else the first inside it; and
        those of its conjuncts ('Abiy and Isaias')."""
        out = []
        for h in [head] + [c for c in head.conjuncts if c.i > head.i]:
            key = self._one(h)
            if key and key not in out:
                out.append(key)
        return out

    def _one(self, head: Token) -> str | None:
        if head.i in self.at:
            return self.at[head.i].key
        conj = {t.i for c in head.conjuncts for t in c.subtree}
        for t in head.subtree:
            if t.i in self.at and t.i not in conj and self.at[t.i].cls in ACTOR_CLASSES | {MEDIA_ORG}:
                return self.at[t.i].key
        return None

    def _anaphora(self, subj: Token) -> list[str]:
        """'he said', 'the bloc said', 'the ministry added': the last fitting entity before; 'it'
        and 'they' in a clause governed by another first stand for that clause's subject."""
        word = subj.lower_
        if word in {"it", "they"}:
            t = subj.head
            while t.dep_ in {"relcl", "ccomp", "advcl", "conj", "xcomp", "acl"} and t.head is not t:
                t = t.head
                outer = [c for c in t.children if c.dep_ == "nsubj" and c.lower_ not in {"it", "they"}]
                if outer:
                    found = self._noun_phrase(outer[0])
                    if found:
                        return found
            if word == "they":
                return []
        if word in {"he", "she"}:
            kinds = {PERSON, "Official"}
        elif word in ANAPHORA or subj.lemma_.lower() in ANAPHORA:
            kinds = ANAPHORA.get(word) or ANAPHORA[subj.lemma_.lower()]
        elif word == "it":
            kinds = {STATE, INTERNATIONAL_ORG, GOVERNMENT_BODY, ORGANIZATION}
        else:
            return []
        before = [r for r in self.refs if r.end <= subj.i and (r.cls in kinds or
                                                               (PERSON in kinds and r.cls == PERSON))]
        return [before[-1].key] if before else []

    # --- to whom -------------------------------------------------------------------------------
    def targets(self, verb: Token, spec: list[str]) -> list[str]:
        for how in spec:
            if how == "object":
                heads = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
            elif how == "dative":
                heads = [c for c in verb.children if c.dep_ == "dative"]
            else:  # a preposition of the verb, its particle or its object ("approved a sale of jets to Taiwan")
                word = how.split(":", 1)[1]
                owners = [verb] + [c for c in verb.children if c.dep_ in {"dobj", "prt"}]
                heads = [p for o in owners for c in o.children if c.dep_ in {"prep", "agent"} and c.lower_ == word
                         for p in c.children if p.dep_ == "pobj"]
            keys = [k for h in heads for k in (self._phrase_targets(h) or self._pronoun(h))]
            if keys:
                return list(dict.fromkeys(keys))
        return []

    def _pronoun(self, tok: Token) -> list[str]:
        """'accusing him of': the last person named before."""
        if tok.lower_ not in {"him", "her"}:
            return []
        before = [r for r in self.refs if r.end <= tok.i and r.cls in {PERSON, "Official"}]
        return [before[-1].key] if before else []

    def _phrase_targets(self, head: Token) -> list[str]:
        conj = [head] + [c for c in head.subtree if c.dep_ == "conj" and c.head.i in {head.i} | {x.i for x in head.conjuncts}]
        out = []
        for h in conj:
            out += self._noun_phrase(h)
        return out
