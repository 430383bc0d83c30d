"""From a parsed Doc to references: each stretch of text that names an entity, with its class and,
where the name alone tells, its key. Later steps attach bodies to states, people to roles."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..gazetteer import Gazetteer, fold, slug
from ..model import GOVERNMENT_BODY, INTERNATIONAL_ORG, MEDIA_ORG, ORGANIZATION, PERSON, STATE, TERRITORY
from ..tokens import ents as doc_ents
from ..tokens import text as doc_text

MEDIA_WORDS = {"news", "times", "post", "journal", "wire", "tv", "television", "radio", "broadcasting",
               "daily", "herald", "gazette", "tribune", "press", "telegraph", "observer", "ledger",
               "dispatch", "courier", "chronicle", "monitor", "briefing", "agency", "newspaper",
               "magazine", "network", "media", "reporter", "review", "bulletin", "channel"}
COMPANY_WORDS = {"co", "corp", "corporation", "inc", "ltd", "llc", "plc", "group", "holdings", "bank",
                 "technologies", "technology", "airlines", "airways", "industries", "systems",
                 "aerospace", "energy", "petroleum", "oil", "gas", "motors", "company", "ag", "sa",
                 "gmbh", "shipping", "trading", "logistics", "pharma", "electronics", "semiconductor"}
NOT_ORG_LAST = {"list", "act", "law", "program", "programme", "sanctions", "regulation", "regulations",
                "treaty", "accord", "agreement", "initiative", "plan", "of", "the", "and", "for", "order",
                "strategy", "doctrine", "resolution", "convention", "protocol", "deal", "framework"}
GROUP_NOUNS = {"movement", "rebels", "rebel", "militia", "militias", "militants", "fighters", "group",
               "insurgents", "forces", "guerrillas", "party"}
STATE_BODY_NOUNS = {"government": "Government", "navy": "ArmedForce", "army": "ArmedForce",
                    "military": "ArmedForce", "police": "Police", "embassy": "Embassy",
                    "consulate": "Embassy", "parliament": "Legislature", "cabinet": "Government",
                    "junta": "Government", "armed forces": "ArmedForce", "air force": "ArmedForce",
                    "coast guard": "ArmedForce", "legislature": "Legislature", "presidency": "Office"}
LOCATIVE = {"in", "at", "near", "outside", "around", "inside", "across"}
PERSON_JUNK = re.compile(r"[/@#\d]|^[A-Z\s.]+$")


@dataclass
class Ref:
    """One mention of an entity in the article text."""

    start: int  # token index
    end: int
    start_char: int
    end_char: int
    text: str
    sent: int
    cls: str
    key: str | None = None  # known when the name alone identifies the entity
    kind: str | None = None  # body kind (Ministry, Agency, ...) for government bodies
    function: str | None = None  # body function ('foreign-affairs')
    iso3: str | None = None  # state named by the mention, or the body's state when known
    how: str = "name"  # name | demonym | capital | short (for states and media)
    in_quote: bool = False


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (typographic or straight)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\u201c[^\u201d]*\u201d?", text)]
    spans += [(m.start(), m.end()) for m in re.finditer(r'"[^"\n]*"', text)]
    return sorted(spans)


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


class RefFinder:
    """Turns the entities a pipeline found into typed references."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz

    def find(self, doc: Doc, sent_of: list[int]) -> list[Ref]:
        quotes = quote_spans(doc_text(doc))
        refs: list[Ref] = []
        for ent in doc_ents(doc):
            ref = self._ref(ent, sent_of[ent.start])
            if ref is None:
                continue
            ref.in_quote = in_spans(ent.start_char, quotes)
            prev = refs[-1] if refs else None
            if prev is not None and prev.cls == ref.cls == PERSON and prev.end == ref.start \
                    and doc[prev.end - 1].whitespace_:  # "Nazem" + "Said Ahmad": one name cut in two
                prev.end, prev.end_char = ref.end, ref.end_char
                prev.text = doc_text(doc)[prev.start_char:prev.end_char]
                continue
            refs.append(ref)
        refs = self._named_after_places(doc, refs)
        return refs + self._state_bodies(doc, refs, quotes)

    def _named_after_places(self, doc: Doc, refs: list[Ref]) -> list[Ref]:
        """'the Seoul Herald', 'Ethiopian Airlines': a place or demonym followed by capitalised words
        ending in a newspaper or company word names an outlet or a company, not the state."""
        out = []
        for r in refs:
            end = r.end
            while end < len(doc) and doc[end].is_title and not doc[end].ent_type_ and end - r.end < 3:
                end += 1
            last = doc[end - 1].lower_ if end > r.end else ""
            if r.cls in {STATE, TERRITORY} and (last in MEDIA_WORDS or last in COMPANY_WORDS):
                span = doc[r.start:end]
                cls, key = (MEDIA_ORG, "media/") if last in MEDIA_WORDS else (ORGANIZATION, "org/")
                known = self.gaz.org_by_name(span.text)
                out.append(self._base(span, r.sent, cls, key=known.key if known else key + slug(span.text)))
            else:
                out.append(r)
        return out

    def _state_bodies(self, doc: Doc, refs: list[Ref], quotes) -> list[Ref]:
        """'Hong Kong's government', 'the German navy', 'China's embassy in Washington': a state
        followed by a body noun names that state's body."""
        taken = {i for r in refs for i in range(r.start, r.end)}
        out = []
        for s in refs:
            if s.cls not in {STATE, TERRITORY} or s.how == "capital":
                continue
            j = s.end + (s.end < len(doc) and doc[s.end].lower_ in {"'s", "\u2019s"})
            for n in (2, 1):
                words = " ".join(t.lower_ for t in doc[j:j + n])
                if j + n <= len(doc) and words in STATE_BODY_NOUNS and not taken & set(range(j, j + n)):
                    end = j + n
                    if words in {"embassy", "consulate"} and end + 1 < len(doc) and doc[end].lower_ == "in" \
                            and doc[end + 1].is_title:
                        end += 2
                    span = doc[s.start:end]
                    key = f"body/{s.iso3.lower()}/{slug(doc[j:end].text)}"
                    ref = self._base(span, s.sent, GOVERNMENT_BODY, key=key, iso3=s.iso3,
                                     kind=STATE_BODY_NOUNS[words])
                    ref.in_quote = in_spans(span.start_char, quotes)
                    out.append(ref)
                    break
        return out

    def _base(self, span: Span, sent: int, cls: str, **kw) -> Ref:
        return Ref(span.start, span.end, span.start_char, span.end_char, span.text, sent, cls, **kw)

    def _ref(self, ent: Span, sent: int) -> Ref | None:
        label, key = ent.label_, ent.ent_id_
        if label in {"STATE", "DEMONYM", "CAPITAL"}:
            return self._state_ref(ent, sent, key, {"STATE": "name", "DEMONYM": "demonym"}.get(label, "capital"))
        if label == "ORGREF":
            return self._base(ent, sent, INTERNATIONAL_ORG, key=key)
        if label in {"IO", "MEDIA", "BODY"} and key:
            return self._named_org_ref(ent, sent, label, key)
        if label == "BODY":
            return self._generic_body(ent, sent)
        if label == "NORP" and not self.gaz.state_of(ent.text):
            return self._group_ref(ent, sent)
        if label in {"GPE", "NORP"}:
            hit = self.gaz.state_of(ent.text, regex_fallback=label == "GPE" and len(ent.text) > 3)
            return self._state_ref(ent, sent, hit[0], hit[1]) if hit else None
        if label == "ORG":
            return self._org_ref(ent, sent)
        if label == "PERSON":
            return self._person_ref(ent, sent)
        return None

    def _state_ref(self, ent: Span, sent: int, iso3: str, how: str) -> Ref | None:
        if how == "capital" and ent.start > 0 and ent.doc[ent.start - 1].lower_ in LOCATIVE:
            return None  # "talks in Geneva": a place, not its government
        rec = self.gaz.states.get(iso3)
        if rec is None:
            return None
        cls = STATE if rec.sovereign else TERRITORY
        return self._base(ent, sent, cls, key=f"state/{iso3}", iso3=iso3, how=how)

    def _named_org_ref(self, ent: Span, sent: int, label: str, key: str) -> Ref:
        org = self.gaz.orgs[key]
        if org.kind == "InternationalOrganization":
            return self._base(ent, sent, INTERNATIONAL_ORG, key=key)
        if org.kind == "MediaOrganization":
            return self._base(ent, sent, MEDIA_ORG, key=key)
        return self._base(ent, sent, GOVERNMENT_BODY, key=key, kind=org.kind, iso3=org.state,
                          function=self.gaz.function_of_label(org.label))

    def _generic_body(self, ent: Span, sent: int) -> Ref:
        words = [t for t in ent if t.lower_ not in {"the", "'s", "\u2019s"}]
        heads = [t for t in words if t.lower_ in self.gaz.body_heads]
        of_form = [t for t in heads if t.i + 1 < ent.end and ent.doc[t.i + 1].lower_ in {"of", "for"}]
        head = (of_form or heads[-1:] or [words[-1]])[0]  # "Ministry of X" before "... government"
        kind = self.gaz.body_heads.get(head.lower_, "Body")
        if head.i < ent.end - 1 and ent.doc[head.i + 1].lower_ == "of":  # "Ministry of Foreign Affairs"
            fn_words = ent.doc[head.i + 2:ent.end].text
        else:
            fn_words = ent.doc[ent.start:head.i].text
        fn_words = re.sub(r"^(?:the|a|an)\s+", "", fn_words, flags=re.I)
        function = self.gaz.function_of(fn_words)
        if function is None and ent.label_ == "BODY" and fn_words:  # "Ministry of Territorial Administration"
            function = slug(fn_words)
        return self._base(ent, sent, GOVERNMENT_BODY, kind=kind, function=function)

    def _org_ref(self, ent: Span, sent: int) -> Ref | None:
        text = re.sub(r"(?:'s|\u2019s)$", "", re.sub(r"^the\s+", "", ent.text, flags=re.I))
        if text.replace("\u2019", "'") in self.gaz.short_forms:  # "the Journal": decided by the article
            return self._base(ent, sent, MEDIA_ORG, key="short:" + text.replace("\u2019", "'"), how="short")
        hit = self.gaz.state_of(text)
        if hit:
            return self._state_ref(ent, sent, *hit)
        words = [fold(t.text) for t in ent if t.is_alpha]
        if words and words[0] == "the":
            words = words[1:]
        if not words or ent[-1].lower_ in {"of", "the", "and", "for"}:
            return None
        if len(words) == 1 and (words[0] in self.gaz.body_heads or self.gaz.function_of(words[0])):
            return None  # "State" of "Secretary of State", a bare "Treasury": not a name on its own
        if not COMPANY_WORDS & set(words) and (
                words[-1] in self.gaz.body_heads or any(w in {"ministry", "department"} for w in words)
                or (words[0] in self.gaz.body_heads and len(words) > 2 and words[1] in {"of", "for"})):
            return self._generic_body(ent, sent)
        if words[-1] in NOT_ORG_LAST:
            return None  # a law, list or treaty, not an organisation
        if words[-1] in MEDIA_WORDS and len(words) > 1:
            return self._base(ent, sent, MEDIA_ORG, key="media/" + slug(text))
        return self._base(ent, sent, ORGANIZATION, key="org/" + slug(text))

    def _group_ref(self, ent: Span, sent: int) -> Ref | None:
        """'the Houthis', 'Houthi rebels': a movement named after its people is an organisation."""
        doc = ent.doc
        nxt = doc[ent.end] if ent.end < len(doc) else None
        plural_with_the = ent.start > 0 and doc[ent.start - 1].lower_ == "the" and ent.text.endswith("s") \
            and (nxt is None or not nxt.is_alpha or nxt.pos_ not in {"NOUN", "PROPN"})
        if not (plural_with_the or (nxt is not None and nxt.lower_ in GROUP_NOUNS)):
            return None
        name = re.sub(r"s$", "", ent.text) if plural_with_the else ent.text
        return self._base(ent, sent, ORGANIZATION, key="org/" + slug(name))

    def _person_ref(self, ent: Span, sent: int) -> Ref | None:
        lead = 0
        while lead < len(ent) - 1 and ent[lead].is_stop and ent[lead].pos_ != "PROPN":
            lead += 1  # "Besides Lam": the model took the word before the name
        if lead:
            ent = ent.doc[ent.start + lead:ent.end]
        text = re.sub(r"(?:'s|\u2019s|'|\u2019)$", "", ent.text.strip()).strip(" ,.;:")
        if not text or PERSON_JUNK.search(text) or not text[0].isupper():
            return None
        doc, end = ent.doc, ent.end
        if text == ent.text and end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                and not doc[end].whitespace_ and doc[end + 1].is_alpha:  # "Yen Teh" + "-fa"
            text = doc_text(doc)[ent.start_char:doc[end + 1].idx + len(doc[end + 1].text)]
        if self.gaz.state_of(text) or fold(text) in self.gaz.roles:
            return None
        end_char = ent.start_char + len(text)
        return Ref(ent.start, ent.end, ent.start_char, end_char, text, sent, PERSON)
