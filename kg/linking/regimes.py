"""Sanctions regimes: "U.N. sanctions", "U.S. sanctions on Iran's oil sector", "the EU's 12th
package against Russia", "X imposed sanctions on Y", "Y was blacklisted by X". One regime per
(imposer, target), shared by all mentions in the article that agree on them."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..model import GOVERNMENT_BODY, INTERNATIONAL_ORG, ORGANIZATION, PERSON, STATE, TERRITORY
from .refs import Ref

TRIGGER_NOUNS = {"sanction", "sanctions", "embargo", "blacklist", "package", "measure", "designation"}
STRONG_NOUNS = {"sanction", "sanctions", "embargo", "blacklist"}
IMPOSE_VERBS = {"impose", "slap", "announce", "levy", "introduce", "extend", "tighten", "approve",
                "adopt", "expand", "add", "renew", "unveil", "agree", "broaden", "widen", "step",
                "place", "put", "maintain", "keep", "hit", "apply", "enforce", "reimpose", "issue"}
SANCTION_VERBS = {"sanction", "blacklist", "designate", "penalize", "penalise", "target"}
TARGET_PREPS = {"on", "against", "targeting", "over"}
ACTORS = {STATE, TERRITORY, INTERNATIONAL_ORG, GOVERNMENT_BODY}
TARGETS = ACTORS | {ORGANIZATION, PERSON}


@dataclass
class RegimeMention:
    sent: int
    start_char: int
    end_char: int
    text: str
    imposers: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


class RegimeFinder:
    def __init__(self, doc: Doc, refs: list[Ref]):
        self.doc = doc
        self.refs = [r for r in refs if r.key]
        self.by_token: dict[int, Ref] = {}
        for r in self.refs:
            for i in range(r.start, r.end):
                self.by_token[i] = r
        self.body_state = {r.key: f"state/{r.iso3}" for r in refs if r.cls == GOVERNMENT_BODY and r.iso3}

    def find(self) -> list[RegimeMention]:
        found: list[RegimeMention] = []
        in_context = False
        for tok in self.doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ in {"NOUN", "PROPN"} and (lemma in STRONG_NOUNS or self._package_against(tok) or
                                                  (lemma in TRIGGER_NOUNS and in_context)):
                m = self._from_noun(tok)
            elif tok.pos_ == "VERB" and lemma in SANCTION_VERBS and (lemma != "target" and lemma != "designate" or in_context):
                m = self._from_verb(tok)
            else:
                continue
            in_context = True
            if m is not None:
                found.append(m)
        return self._fill_from_context(found)

    @staticmethod
    def _package_against(tok: Token) -> bool:
        """'the EU's new package against Russia': a package of measures aimed at someone."""
        return tok.lemma_.lower() in {"package", "measure"} and any(
            c.dep_ == "prep" and c.lower_ in {"against", "targeting"} for c in tok.children)

    # --- reading one mention -------------------------------------------------------------
    def _refs_in(self, tokens, kinds) -> list[Ref]:
        out: list[Ref] = []
        for t in tokens:
            r = self.by_token.get(t.i)
            if r is not None and r.cls in kinds and r not in out:
                out.append(r)
        return out

    def _subject(self, verb: Token) -> list[Ref]:
        while True:
            subj = [c for c in verb.children if c.dep_ in {"nsubj"}]
            if subj:
                refs = self._refs_in(subj[0].subtree, ACTORS)
                if refs:
                    return refs[:1]
                if subj[0].pos_ == "PRON" and verb.head is not verb and verb.dep_ in {"ccomp", "conj", "xcomp"}:
                    verb = verb.head
                    continue
                return []
            agent = [c for c in verb.children if c.dep_ == "agent"]
            if agent:
                return self._refs_in(agent[0].subtree, ACTORS)[:1]
            if verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head is not verb:
                verb = verb.head
                continue
            return []

    def _objects(self, heads: list[Token]) -> list[Ref]:
        out: list[Ref] = []
        for h in heads:
            for prep in (c for c in h.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    out += [r for r in self._refs_in(pobj.subtree, TARGETS) if r not in out]
        return self._drop_owners(out)

    def _drop_owners(self, refs: list[Ref]) -> list[Ref]:
        """'Cuba's Interior Ministry' targets the ministry, not all of Cuba."""
        body_starts = {r.start for r in refs if r.cls in {GOVERNMENT_BODY, PERSON, ORGANIZATION}}

        def owns(r: Ref) -> bool:
            nxt = r.end + (r.end < len(self.doc) and self.doc[r.end].lower_ in {"'s", "\u2019s"})
            return r.cls in {STATE, TERRITORY} and nxt in body_starts
        return [r for r in refs if not owns(r)] or refs

    def _from_noun(self, noun: Token) -> RegimeMention | None:
        left = [t for t in self.doc[noun.left_edge.i:noun.i]]
        imposers = self._refs_in(left, ACTORS)
        verb = noun.head if noun.dep_ in {"dobj", "nsubjpass", "pobj", "conj"} else None
        if verb is not None and verb.dep_ == "prep":
            verb = verb.head
        heads = [noun] + ([verb] if verb is not None and verb.pos_ == "VERB" else [])
        if not imposers and verb is not None and verb.pos_ == "VERB" and verb.lemma_.lower() in IMPOSE_VERBS:
            imposers = self._subject(verb)
        for c in noun.children:  # "sanctions imposed by X"
            if c.dep_ == "acl":
                imposers = imposers or self._refs_in(
                    [t for a in c.children if a.dep_ == "agent" for t in a.subtree], ACTORS)
                heads.append(c)
        targets = [r for r in self._objects(heads) if r not in imposers]
        return self._mention(noun, imposers, targets)

    def _from_verb(self, verb: Token) -> RegimeMention | None:
        imposers = self._subject(verb)
        objs = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        targets = self._drop_owners([r for o in objs for r in self._refs_in(o.subtree, TARGETS)])
        targets = [r for r in targets if r not in imposers]
        return self._mention(verb, imposers, targets)

    def _mention(self, tok: Token, imposers: list[Ref], targets: list[Ref]) -> RegimeMention:
        sent = tok.sent
        keys = []
        for r in imposers:
            keys.append(r.key)
            if r.key in self.body_state:
                keys.append(self.body_state[r.key])
        return RegimeMention(self._sent_index(tok), sent.start_char, sent.end_char, sent.text,
                             list(dict.fromkeys(keys)), [r.key for r in targets])

    def _sent_index(self, tok: Token) -> int:
        return next(i for i, s in enumerate(self.doc.sents) if s.start <= tok.i < s.end)

    # --- anaphora: "the sanctions" ----------------------------------------------------------
    def _fill_from_context(self, found: list[RegimeMention]) -> list[RegimeMention]:
        out: list[RegimeMention] = []
        for m in found:
            if not m.imposers:
                prev = next((p for p in reversed(out) if set(m.targets) & set(p.targets) or not m.targets), None)
                if prev is None:
                    continue
                m.imposers = list(prev.imposers)
            if not m.targets:
                prev = next((p for p in reversed(out) if set(p.imposers) & set(m.imposers) and p.targets), None)
                if prev is None:
                    continue
                m.targets = list(prev.targets)
            out.append(m)
        return out
