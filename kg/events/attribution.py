"""Who a claim rests on: "the Wall Street Journal reported", "according to Reuters", "X said",
and whom that source cites: "citing U.S. officials", "citing sources"."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..tokens import lowers, with_lemma

REPORT_VERBS = {"report", "say", "tell", "state", "write", "add", "announce", "claim", "allege",
                "confirm", "note", "quote", "show", "reveal", "publish", "accord"}


@dataclass
class Source:
    attributed_to: list[str] = field(default_factory=list)
    citing: list[str] = field(default_factory=list)
    text: str | None = None


class Attributor:
    def __init__(self, key_at):
        self.key_at = key_at  # token index -> entity key, for a token inside a reference

    def source(self, tok: Token) -> Source:
        """The source of the event reported by `tok`, from the reporting clause that governs it."""
        src = Source()
        sent = tok.sent
        reporter = self._reporting_verb(tok)
        if reporter is not None:
            src.attributed_to = self._keys(c for c in reporter.children if c.dep_ in {"nsubj", "nsubjpass"})
            self._citing(reporter, src)
        doc, lower = tok.doc, lowers(tok.doc)
        for i in range(sent.start, sent.end):
            if lower[i] == "according" and i + 1 < len(doc) and lower[i + 1] == "to":
                objs = [c for c in doc[i + 1].children if c.dep_ == "pobj"]
                src.attributed_to = src.attributed_to or self._keys(objs)
        if not src.citing:
            for t in with_lemma(doc, {"cite"}, sent.start, sent.end):
                self._citing(t.head, src)
        return src

    def _reporting_verb(self, tok: Token) -> Token | None:
        t, hops = tok, 0
        while hops < 4 and t.head is not t:
            if t.dep_ in {"ccomp", "parataxis"} and t.head.lemma_.lower() in REPORT_VERBS:
                return t.head
            t, hops = t.head, hops + 1
        root = tok.sent.root
        if root is not tok and root.lemma_.lower() in REPORT_VERBS and tok.i not in \
                {t.i for c in root.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree}:
            return root
        return None

    def _citing(self, verb: Token, src: Source) -> None:
        for c in verb.subtree:
            if c.lemma_ == "cite":
                objs = [o for o in c.children if o.dep_ in {"dobj", "pobj", "attr"}]
                src.citing = self._keys(objs)
                if objs:
                    src.text = " ".join(t.text for t in objs[0].subtree)

    def _keys(self, heads) -> list[str]:
        out: list[str] = []
        for h in heads:
            for t in h.subtree:
                k = self.key_at(t.i)
                if k and k not in out:
                    out.append(k)
        return out
