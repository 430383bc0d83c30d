"""Direct quotations and who said them: the speaker named before or after the quote, "he said"
after a named person, "a U.S. State Department spokesperson said" for an unnamed official of a
body, and one quotation continued over several paragraphs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..gazetteer import slug
from ..linking.people import ROLE_HEADS
from ..model import GOVERNMENT_BODY, INTERNATIONAL_ORG, OFFICIAL, STATE, TERRITORY, Entity, Mention
from ..tokens import text as doc_text
from .finder import VerbEvents

SPEECH = {"say", "tell", "add", "state", "write", "declare", "insist", "warn", "note", "ask", "explain",
          "argue", "reply", "respond", "post", "tweet", "inform", "stress", "conclude", "continue",
          "remark", "comment", "announce", "urge", "acknowledge", "caution", "complain"}
MIN_WORDS = 4
OPENERS, CLOSERS = "\u201c\"", "\u201d\""


@dataclass
class QuoteSpan:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph's end when it runs on)
    parts: list[tuple[int, int]]  # offsets of the quoted words, one pair per paragraph

    def text(self, doc_text: str) -> str:
        """The quoted words, without the comma that English puts before the closing mark."""
        return " ".join(doc_text[a:b].strip() for a, b in self.parts).strip().rstrip(",").strip()


def paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for block in re.split(r"(\n\s*\n)", text):
        if block.strip() and not re.fullmatch(r"\n\s*\n", block):
            out.append((pos, pos + len(block)))
        pos += len(block)
    return out


def find_quote_spans(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open_span: QuoteSpan | None = None
    for a, b in paragraphs(text):
        para = text[a:b]
        i = 0
        if open_span is not None:
            if para.lstrip()[:1] in OPENERS:  # the quotation runs on into this paragraph
                i = para.index(para.lstrip()[0]) + 1
                close = _close(para, i)
                if close is None:
                    open_span.parts.append((a + i, b))
                    open_span.end = b
                    continue
                open_span.parts.append((a + i, a + close))
                open_span.end = a + close + 1
                spans.append(open_span)
                open_span = None
                i = close + 1
            else:
                spans.append(open_span)
                open_span = None
        while True:
            m = re.compile(r"[\u201c\"]").search(para, i)
            if m is None:
                break
            close = _close(para, m.end())
            if close is None:
                if para[:m.start()].strip() == "" or m.start() > 0:
                    open_span = QuoteSpan(a + m.start(), b, [(a + m.end(), b)])
                break
            spans.append(QuoteSpan(a + m.start(), a + close + 1, [(a + m.end(), a + close)]))
            i = close + 1
    if open_span is not None:
        spans.append(open_span)
    return [s for s in spans if len(s.text(text).split()) >= MIN_WORDS]


def _close(para: str, i: int) -> int | None:
    m = re.compile(r"[\u201d\"]").search(para, i)
    return m.start() if m else None


@dataclass
class Quoted:
    span: QuoteSpan
    speakers: list[str]
    speaker_text: str
    verb: Token | None
    sentences: list[int] = field(default_factory=list)


class QuoteFinder:
    def __init__(self, doc: Doc, verbs: VerbEvents, article_hash: str, spans: list[QuoteSpan], sent_of: list[int],
                 text: str | None = None):
        self.doc, self.verbs, self.h, self.spans, self.sent_of = doc, verbs, article_hash, spans, sent_of
        self.text = doc_text(doc) if text is None else text
        self.paragraphs = paragraphs(self.text)
        self.unnamed: dict[str, Entity] = {}  # key -> unnamed official

    def inside(self, pos: int) -> bool:
        return any(s.start <= pos < s.end for s in self.spans)

    def find(self) -> list[Quoted]:
        out: list[Quoted] = []
        for span in self.spans:
            verb = self._speech_verb(span)
            speakers, text = self._speaker(verb) if verb is not None else ([], "")
            if not speakers and out and self._continues(out[-1].span, span):
                speakers, text, verb = out[-1].speakers, out[-1].speaker_text, out[-1].verb
            if speakers:
                out.append(Quoted(span, speakers, text, verb))
        return out

    def _continues(self, prev: QuoteSpan, span: QuoteSpan) -> bool:
        """A quotation alone in the paragraph after another speaker's quotation continues it."""
        between = self.text[prev.end:span.start]
        return len(between.strip()) < 40 and "\n" in between

    def _para_of(self, pos: int) -> tuple[int, int]:
        return next(((a, b) for a, b in self.paragraphs if a <= pos < b), (0, len(self.text)))

    def _speech_verb(self, span: QuoteSpan) -> Token | None:
        """The speech verb outside quotation marks nearest the quote, in the paragraphs it spans."""
        a, _ = self._para_of(span.start)
        _, b = self._para_of(max(span.start, span.end - 1))
        cands = [t for t in self.doc.char_span(a, b, alignment_mode="expand") or []
                 if t.lemma_.lower() in SPEECH and t.pos_ in {"VERB", "AUX"} and not self.inside(t.idx)]
        if not cands:
            return None
        after = [t for t in cands if t.idx >= span.end]
        before = [t for t in cands if t.idx < span.start]
        if after and (not before or after[0].idx - span.end <= span.start - before[-1].idx + 20):
            return after[0]
        return before[-1] if before else None

    def _speaker(self, verb: Token) -> tuple[list[str], str]:
        subj = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subj:
            return [], ""
        head = subj[0]
        text = self.doc[head.left_edge.i:head.right_edge.i + 1].text
        if head.lower_ in ROLE_HEADS or head.lemma_.lower() in ROLE_HEADS:
            if head.i not in self.verbs.at:
                return self._unnamed(head, text), text
        found = self.verbs._noun_phrase(head) or self.verbs._anaphora(head)
        return found, text

    def _unnamed(self, head: Token, text: str) -> list[str]:
        """'a U.S. State Department spokesperson': an official of that body with no name."""
        inside = [self.verbs.at[t.i] for t in head.subtree if t.i in self.verbs.at]
        body = next((r for r in reversed(inside) if r.cls == GOVERNMENT_BODY), None) or \
            next((r for r in reversed(inside) if r.cls == INTERNATIONAL_ORG), None) or \
            next((r for r in reversed(inside) if r.cls in {STATE, TERRITORY}), None)
        role = head.lemma_.lower()
        if body is None:  # "the spokesperson said": the last unnamed official with that role
            same = [e for e in self.unnamed.values() if e.role == role]
            return [same[-1].key] + same[-1].member_of if same else []
        key = f"person/unnamed/{self.h}/{slug(body.key)}-{slug(role)}"
        ent = self.unnamed.get(key)
        if ent is None:
            label = re.sub(r"^(?:a|an|the)\s+", "", text, flags=re.I)
            ent = Entity(key, OFFICIAL, label, role=role, member_of=[body.key])
            self.unnamed[key] = ent
        ent.mentions.append(Mention(text, self.doc[head.left_edge.i].idx, head.idx + len(head.text),
                                    self.sent_of[head.i]))
        return [key, body.key]
