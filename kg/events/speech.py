"""Speech acts as events: what a speaker's words do to someone ("Russia needs to do more": a
demand on Russia; "these measures are illegal": criticism of whoever imposed them), read from the
words of a quotation or of a reported clause ("X said that ..."), by a lexicon of stances."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from ..model import Event, Mention, Statement
from ..tokens import with_lemma
from .finder import VerbEvents
from .quotes import SPEECH

SPEECH_CLAUSE_VERBS = SPEECH | {"call", "describe"}


@lru_cache(maxsize=1)
def stances() -> dict:
    return json.loads((Path(__file__).parent / "stance.json").read_text(encoding="utf-8"))


def stance(text: str) -> tuple[dict, str] | None:
    """The first stance (in the lexicon's order) whose words occur in the text, and the word."""
    low = " " + re.sub(r"[^\w' ]+", " ", text.lower()) + " "
    data = stances()
    for code in data["order"]:
        entry = data["codes"][code]
        word = next((w for w in entry["words"] if f" {w} " in low), None)
        if word is not None:
            return entry, word
    return None


class SpeechActs:
    def __init__(self, doc: Doc, verbs: VerbEvents, state_of: dict[str, str], sent_of: list[int]):
        self.doc, self.verbs, self.state_of, self.sent_of = doc, verbs, state_of, sent_of

    def side(self, key: str) -> str:
        return self.state_of.get(key, key)

    def from_statement(self, st: Statement) -> Event | None:
        actor = st.speakers[0] if st.speakers else None
        if actor is None:
            return None
        m = st.mentions[0]
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        targets = self._targets(span, actor) if span is not None else []
        return self._event(actor, targets, st.quote, m, st.evidence, "said")

    def from_clauses(self, taken: set[int]) -> list[Event]:
        """'Defence Minister Akar said the sanctions had shaken trust': reported speech outside quotes."""
        out = []
        for tok in with_lemma(self.doc, SPEECH_CLAUSE_VERBS):
            if tok.pos_ != "VERB" or self.verbs.in_quote(tok):
                continue
            clause = [c for c in tok.children if c.dep_ in {"ccomp", "oprd", "xcomp", "dobj"}]
            if not clause or any(t.i in taken for c in clause for t in c.subtree):
                continue
            actors = self.verbs.subject(tok)
            if not actors:
                continue
            words = self.doc[min(t.left_edge.i for t in clause):max(t.right_edge.i for t in clause) + 1]
            targets = self._targets(words, actors[0])
            m = Mention(tok.text, tok.idx, tok.idx + len(tok.text), self.sent_of[tok.i])
            ev = self._event(actors[0], targets, words.text, m, tok.sent.text.strip(), tok.text)
            if ev is not None:
                out.append(ev)
        return out

    def _targets(self, span, actor: str) -> list[str]:
        """Whom the words are about: the subject of the clause that carries their stance ('Moscow
        should ...'), else of any clause, else the first entity they name; never the speaker's side.
        Of a subject phrase, the entity it is about rather than the state qualifying it."""
        mine = self.side(actor)
        found = stance(span.text)
        if found is not None:
            first = found[1].split()[0]
            for t in span:
                if t.lower_ == first:
                    key = self._subject_of(t.head if t.dep_ != "ROOT" else t, mine)
                    if key:
                        return [key]
                    break
        named = [(t, self.verbs.at[t.i]) for t in span if t.i in self.verbs.at]
        named = [(t, r) for t, r in named if self.side(r.key) != mine]
        subjects = [r for t, r in named if self._is_subject(t)]
        pool = subjects or [r for _, r in named]
        pool = [r for r in pool if r.cls not in {"State", "Territory"}] or pool
        return [pool[0].key] if pool else []

    def _subject_of(self, verb: Token, mine: str) -> str | None:
        for c in verb.children:
            if c.dep_ in {"nsubj", "nsubjpass"}:
                for t in c.subtree:
                    r = self.verbs.at.get(t.i)
                    if r is not None and self.side(r.key) != mine:
                        return r.key
        return None

    @staticmethod
    def _is_subject(tok: Token) -> bool:
        while tok.dep_ in {"compound", "poss", "amod", "conj"} and tok.head is not tok:
            tok = tok.head
        return tok.dep_ in {"nsubj", "nsubjpass"}

    def _event(self, actor: str, targets: list[str], words: str, m: Mention, evidence: str,
               trigger: str) -> Event | None:
        hit = stance(words)
        if hit is None:
            return None  # words that only inform are the statement itself, not an act
        found = hit[0]
        return Event("", found["class"], found["cameo"], [actor], targets, trigger, evidence, [m])
