"""Sanctions regimes: "U.N. sanctions", "U.S. sanctions on Iran's oil sector", "the EU's 12th
package against Russia", "X imposed sanctions on Y", "X blacklisted Y", "X added Y to its entity
list", "X froze the assets of Y", "Y has been under an arms embargo". Mentions that agree on the
imposer and on the target (or the target's state) are one regime."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..model import GOVERNMENT_BODY, INTERNATIONAL_ORG, ORGANIZATION, PERSON, STATE, TERRITORY
from ..tokens import with_lemma
from .refs import Ref

STRONG_NOUNS = {"sanction", "sanctions", "embargo", "blacklist"}
CONTEXT_NOUNS = {"package", "measure", "designation", "penalty", "freeze"}
LIST_WORDS = {"entity", "blacklist", "sanction", "sanctions", "terrorism", "terrorist", "sponsor",
              "sponsors", "unreliable", "sdn", "designated"}
IMPOSE_VERBS = {"impose", "slap", "announce", "levy", "introduce", "extend", "tighten", "approve",
                "adopt", "expand", "add", "renew", "unveil", "agree", "broaden", "widen", "step",
                "place", "put", "maintain", "keep", "hit", "apply", "enforce", "reimpose", "issue"}
ACT_VERBS = IMPOSE_VERBS - {"maintain", "keep", "enforce", "apply", "agree", "step"}  # newly imposing
SANCTION_VERBS = {"sanction", "blacklist", "designate", "penalize", "penalise"}
FREEZE_VERBS = {"freeze", "block", "seize"}
QUALIFIERS = {"related", "linked", "backed", "connected", "focused", "specific"}
TARGET_PREPS = {"on", "against", "targeting"}
HEAD_DEPS = {"pobj", "dobj", "conj", "appos", "nsubjpass", "nsubj", "ROOT"}
ACTORS = {STATE, TERRITORY, INTERNATIONAL_ORG, GOVERNMENT_BODY}
TARGETS = ACTORS | {ORGANIZATION, PERSON}
STATEISH = {STATE, TERRITORY}

READ_LEMMAS = STRONG_NOUNS | CONTEXT_NOUNS | {"package", "measure", "list", "suspend"} | SANCTION_VERBS | FREEZE_VERBS


@dataclass
class RegimeMention:
    sent: int
    start_char: int
    end_char: int
    text: str
    imposers: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    action: int | None = None  # token index of the verb that imposes (None for a mere mention)


class RegimeFinder:
    def __init__(self, doc: Doc, refs: list[Ref], sents: list):
        self.doc = doc
        self.refs = [r for r in refs if r.key]
        self.by_token = {i: r for r in self.refs for i in range(r.start, r.end)}
        self.body_state = {r.key: f"state/{r.iso3}" for r in refs if r.cls == GOVERNMENT_BODY and r.iso3}
        self.sent_index = {s.start: i for i, s in enumerate(sents)}

    def find(self) -> list[RegimeMention]:
        found, in_context = [], False
        for tok in with_lemma(self.doc, READ_LEMMAS):  # the only tokens _read can take
            m = self._read(tok, in_context)
            if m is not None:
                in_context = True
                found.append(m)
        return self._fill_from_context(found)

    def _read(self, tok: Token, in_context: bool) -> RegimeMention | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"NOUN", "PROPN"}:
            if lemma in STRONG_NOUNS or self._package_against(tok) or (lemma in CONTEXT_NOUNS and in_context):
                return self._from_noun(tok)
            if lemma == "list" and any(t.lower_ in LIST_WORDS for t in tok.subtree):
                return self._from_list(tok)
        if tok.pos_ == "VERB":
            if lemma in SANCTION_VERBS:
                return self._from_verb(tok)
            if lemma in FREEZE_VERBS and any(c.lemma_.lower() in {"asset", "property", "fund"} for c in tok.children):
                return self._from_freeze(tok)
            if lemma == "suspend":
                return self._from_suspension(tok)
        return None

    @staticmethod
    def _package_against(tok: Token) -> bool:
        """'the EU's new package against Russia': a package of measures aimed at someone."""
        return tok.lemma_.lower() in {"package", "measure"} and any(
            c.dep_ == "prep" and c.lower_ in {"against", "targeting"} for c in tok.children)

    # --- the parts of one mention ------------------------------------------------------------
    def _refs_in(self, tokens, kinds) -> list[Ref]:
        out: list[Ref] = []
        for t in tokens:
            r = self.by_token.get(t.i)
            if r is not None and r.cls in kinds and r not in out:
                out.append(r)
        return out

    def _subject(self, verb: Token) -> list[Ref]:
        """Who acts: the verb's subject, through pronouns and coordinated verbs ("it had added")."""
        for _ in range(4):
            subj = [c for c in verb.children if c.dep_ == "nsubj"]
            agent = [c for c in verb.children if c.dep_ == "agent"]
            if subj and self._refs_in(subj[0].subtree, ACTORS):
                return self._heads(self._refs_in(subj[0].subtree, ACTORS))[:1]
            if agent:
                return self._refs_in(agent[0].subtree, ACTORS)[:1]
            passive = any(c.dep_ == "nsubjpass" for c in verb.children)
            if not passive and (not subj or subj[0].pos_ == "PRON") and \
                    verb.dep_ in {"ccomp", "conj", "xcomp", "advcl", "relcl"}:
                verb = verb.head
                continue
            return []
        return []

    def _heads(self, refs: list[Ref]) -> list[Ref]:
        """Of 'U.S. defence contractors Lockheed Martin', the companies, not the state that qualifies
        them; of 'people in Lebanon and Belgium', no state at all: those are places."""
        refs = [r for r in refs if not (r.cls in STATEISH and self._placed(r))]
        heads = [r for r in refs if r.cls not in STATEISH or self.doc[r.end - 1].dep_ in HEAD_DEPS]
        return heads or refs

    def _placed(self, r: Ref) -> bool:
        t = self.doc[r.end - 1]
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
        return t.dep_ == "pobj" and t.head.lower_ in {"in", "at", "from", "across", "inside"}

    def _objects(self, heads: list[Token]) -> list[Ref]:
        out: list[Ref] = []
        for h in heads:
            for prep in (c for c in h.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    out += [r for r in self._refs_in(pobj.subtree, TARGETS) if r not in out]
        return self._heads(out)

    def _direct_objects(self, verb: Token) -> list[Ref]:
        objs = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        return self._heads([r for o in objs for r in self._refs_in(o.subtree, TARGETS)])

    # --- the forms a mention takes -----------------------------------------------------------
    def _qualifier(self, r: Ref) -> bool:
        """'Iran-related designations': the state a measure is about, not the one imposing it."""
        d = self.doc
        return r.end + 1 < len(d) and d[r.end].text == "-" and d[r.end + 1].lower_ in QUALIFIERS

    def _from_noun(self, noun: Token) -> RegimeMention:
        left = self._refs_in(self.doc[noun.left_edge.i:noun.i], ACTORS)
        imposers = [r for r in left if not self._qualifier(r)]
        verb = noun.head if noun.dep_ in {"dobj", "nsubjpass", "pobj", "conj"} else None
        if verb is not None and verb.dep_ == "prep" or (verb is not None and verb.pos_ == "ADP"):
            verb = verb.head
        heads = [noun] + ([verb] if verb is not None and verb.pos_ in {"VERB", "AUX"} else [])
        by_subject = False
        if not imposers and verb is not None and verb.lemma_.lower() in IMPOSE_VERBS:
            imposers = self._subject(verb)
            by_subject = bool(imposers)
        for c in noun.children:  # "sanctions imposed by X"
            if c.dep_ == "acl":
                imposers = imposers or self._refs_in([t for a in c.children if a.dep_ == "agent"
                                                      for t in a.subtree], ACTORS)
                heads.append(c)
        targets = self._objects(heads) or [r for r in left if self._qualifier(r)]
        if not targets and noun.dep_ == "pobj" and noun.head.lower_ == "under" and verb is not None:
            targets = self._direct_objects(verb) or self._heads(  # "kept Niger under sanctions"
                [r for c in verb.children if c.dep_ == "nsubj" for r in self._refs_in(c.subtree, TARGETS)])
        acting = by_subject and verb.pos_ == "VERB" and verb.lemma_.lower() in ACT_VERBS
        return self._mention(noun, imposers, targets, verb if acting else None)

    def _from_list(self, noun: Token) -> RegimeMention | None:
        """'added X to its entity list', 'put Cuba back on its list of state sponsors of terrorism'."""
        prep = noun.head if noun.dep_ == "pobj" else None
        verb = prep.head if prep is not None and prep.lower_ in {"to", "on", "onto"} else None
        while verb is not None and verb.dep_ in {"advmod", "prt"} and verb.head is not verb:
            verb = verb.head  # "put Cuba back on its list"
        if verb is None or verb.pos_ != "VERB":
            return None
        return self._mention(noun, self._subject(verb), self._direct_objects(verb), verb)

    def _from_verb(self, verb: Token) -> RegimeMention:
        return self._mention(verb, self._subject(verb), self._direct_objects(verb), verb)

    def _from_freeze(self, verb: Token) -> RegimeMention:
        """'X froze the assets of Y', 'X froze Y's assets'."""
        assets = [c for c in verb.children if c.lemma_.lower() in {"asset", "property", "fund"}]
        targets = self._heads([r for a in assets for r in self._refs_in(a.subtree, TARGETS)])
        return self._mention(verb, self._subject(verb), targets, verb)

    def _from_suspension(self, verb: Token) -> RegimeMention | None:
        """'The African Union has suspended Niger from all its activities'."""
        imposers = [r for r in self._subject(verb) if r.cls == INTERNATIONAL_ORG]
        targets = [r for r in self._direct_objects(verb) if r.cls in STATEISH]
        return self._mention(verb, imposers, targets, verb) if imposers and targets else None

    def _mention(self, tok: Token, imposers: list[Ref], targets: list[Ref],
                 action: Token | None = None) -> RegimeMention:
        keys: list[str] = []
        for r in imposers:
            keys += [r.key] + ([self.body_state[r.key]] if r.key in self.body_state else [])
        keys = list(dict.fromkeys(keys))
        sent = tok.sent
        m = RegimeMention(self.sent_index[sent.start], sent.start_char, sent.end_char, sent.text,
                          keys, [r.key for r in targets if r.key not in keys],
                          action.i if action is not None else None)
        if keys and not m.targets and action is None:
            m.targets = self._bystanders(tok, keys)
        return m

    def _bystanders(self, tok: Token, imposers: list[str]) -> list[str]:
        """'Russia ... in violation of U.N. sanctions on money flows to North Korea': a regime with
        no stated target aims at the state of its sentence that is neither imposer nor subject."""
        sent = tok.sent
        subj = {t.i for w in sent if w.dep_ in {"nsubj", "nsubjpass"} for t in w.subtree}
        states = [r for r in self.refs if r.cls in STATEISH and sent.start <= r.start < sent.end
                  and r.start not in subj and r.key not in imposers]
        isos = list(dict.fromkeys(r.key for r in states))
        return isos[:1] if len(isos) == 1 else []

    # --- anaphora: "the sanctions" -----------------------------------------------------------
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
                if prev is None and m.action is None:
                    continue
                m.targets = list(prev.targets) if prev is not None else []  # an act on unnamed targets
            out.append(m)
        return out
