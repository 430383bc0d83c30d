"""Attach each government body to its state: from its own words ("Russian Interior Ministry",
"Russia's foreign ministry", "Ministry of Defence of Turkey"), from the gazetteer, or, when the
state is only implied, from the sentence and the article."""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from ..gazetteer import Gazetteer, slug
from ..model import GOVERNMENT_BODY, STATE, TERRITORY
from .refs import LOCATIVE, Ref

STATEISH = {STATE, TERRITORY}
SPEECH_VERBS = {"say", "tell", "state", "announce", "add", "report", "claim", "confirm", "deny",
                "warn", "insist", "note", "write", "declare"}
ANAPHORIC_OWNERS = {"country", "island", "nation", "kingdom", "republic", "state", "government",
                    "regime", "its", "their"}


def salience(refs: list[Ref]) -> Counter:
    """How much the article speaks of each state: mentions, the headline counting double."""
    counts: Counter = Counter()
    for r in refs:
        if r.cls in STATEISH and r.iso3:
            counts[r.iso3] += 2 if r.sent == 0 else 1
    return counts


class BodyResolver:
    def __init__(self, gaz: Gazetteer, doc: Doc, refs: list[Ref]):
        self.gaz, self.doc, self.refs = gaz, doc, refs
        self.states = [r for r in refs if r.cls in STATEISH and r.iso3]
        self.salience = salience(refs)
        self.by_name: dict[str, str] = {}  # folded body name -> iso3 already decided in this article

    def resolve(self) -> None:
        for ref in self.refs:
            if ref.cls != GOVERNMENT_BODY:
                continue
            appos = self._apposition_of(ref)
            if appos is not None:  # "HM Treasury, the finance ministry": one body
                ref.key, ref.iso3 = appos.key, appos.iso3
                continue
            if ref.iso3 is None:
                ref.iso3 = self._explicit_state(ref) or self._known(ref) or self._by_kind(ref) \
                    or self._speaker_state(ref) or self._implied_state(ref)
            if ref.key is None and ref.iso3:
                ref.key = self._generic_key(ref)
            if ref.iso3:
                self.by_name.setdefault(self._name(ref), ref.iso3)

    def _name(self, ref: Ref) -> str:
        return f"{ref.kind}:{ref.function}" if ref.function else slug(ref.text)

    def _generic_key(self, ref: Ref) -> str:
        kind_label = self.gaz.terms["body_kind_labels"].get(ref.kind or "Body", "Body")
        if ref.function:
            return f"body/{ref.iso3.lower()}/{slug(kind_label)}-of-{ref.function}"
        return f"body/{ref.iso3.lower()}/{slug(ref.text)}"

    def _explicit_state(self, ref: Ref) -> str | None:
        """A state named in or right next to the body's name."""
        for s in self.states:
            if ref.start <= s.start and s.end <= ref.end:
                return s.iso3
        i = ref.start - 1
        if i >= 0 and self.doc[i].lower_ in {"the", "language"}:  # "Chinese language Foreign Ministry"
            i -= 1
        if i >= 0 and self.doc[i].lower_ in {"'s", "\u2019s", "'"}:
            i -= 1
            owner = self.doc[i].lower_ if i >= 0 else ""
            if owner in ANAPHORIC_OWNERS:
                return self._nearest_before(ref)
        for s in self.states:
            if s.end - 1 == i or (s.end == i and self.doc[i].lower_ in {"'s", "\u2019s"}):
                return s.iso3
        j = ref.end
        if j + 1 < len(self.doc) and self.doc[j].lower_ in {"of", "in"}:
            k = j + 1 + (self.doc[j + 1].lower_ == "the")
            for s in self.states:
                if s.start == k:
                    return s.iso3
        return None

    def _apposition_of(self, ref: Ref) -> Ref | None:
        """A body named by function right after a listed body and a comma is that body."""
        if ref.key is not None:
            return None
        i = ref.start - 1
        if i >= 0 and self.doc[i].lower_ == "the":
            i -= 1
        if i < 1 or self.doc[i].text != ",":
            return None
        return next((r for r in self.refs if r.cls == GOVERNMENT_BODY and r.key and r.end == i), None)

    def _speaker_state(self, ref: Ref) -> str | None:
        """'China will impose sanctions ..., the Foreign Ministry said': a body that reports speaks
        for the state that is the subject of what it reports."""
        head = self.doc[ref.end - 1]
        verb = head.head
        if head.dep_ != "nsubj" or verb.lemma_ not in SPEECH_VERBS:
            return None
        for clause in (c for c in verb.children if c.dep_ in {"ccomp", "parataxis"}):
            for subj in (c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}):
                isos = {s.iso3 for s in self.states if subj.left_edge.i <= s.start <= subj.right_edge.i}
                if len(isos) == 1:
                    return isos.pop()
        return None

    def _by_kind(self, ref: Ref) -> str | None:
        """'The Commerce Department' is the American one when the article speaks of America."""
        rule = self.gaz.terms["department_states"]
        if ref.kind != "Department" or not ref.function or ref.function in rule["except"]:
            return None
        return next((iso for iso in rule["states"] if self.salience.get(iso)), None)

    def _known(self, ref: Ref) -> str | None:
        return self.by_name.get(self._name(ref))

    def _nearest_before(self, ref: Ref) -> str | None:
        before = [s for s in self.states if s.end <= ref.start and not s.in_quote]
        same = [s for s in before if s.sent == ref.sent]
        pick = (same or before)[-1:] if (same or before) else []
        return pick[0].iso3 if pick else self._implied_state(ref)

    def _place(self, s: Ref) -> bool:
        return bool(s.start) and self.doc[s.start - 1].lower_ in LOCATIVE

    def _people(self, s: Ref) -> bool:
        """'North Koreans', 'Cubans': a demonym for people says nothing of a government."""
        return s.how == "demonym" and self.doc[s.end - 1].tag_ in {"NNS", "NNPS"}

    def _owners(self) -> set[int]:
        """Token indexes of state mentions that already own a body next to them ("U.S. Treasury")."""
        starts = {r.start for r in self.refs if r.cls == GOVERNMENT_BODY}
        out = set()
        for s in self.states:
            nxt = s.end + (s.end < len(self.doc) and self.doc[s.end].lower_ in {"'s", "\u2019s"})
            if nxt in starts:
                out.add(s.start)
        return out

    def _implied_state(self, ref: Ref) -> str | None:
        return self.implied_state(ref.sent, ref.kind)

    def implied_state(self, sent: int, kind: str | None = None) -> str | None:
        """The state a sentence speaks of when only one is there (else the one the sentence before
        speaks of), else the article's main state among those of the sentence."""
        owners = self._owners()

        def states_of(i: int, places: bool = False) -> set[str]:
            return {s.iso3 for s in self.states if s.sent == i and not s.in_quote and s.start not in owners
                    and not self._people(s) and (places or not self._place(s))}
        in_sentence = states_of(sent)
        if kind == "Ministry":
            in_sentence -= set(self.gaz.terms["no_ministries"]["states"])
        if len(in_sentence) == 1:
            return next(iter(in_sentence))
        if not in_sentence and sent > 0 and len(states_of(sent - 1)) == 1:
            return next(iter(states_of(sent - 1)))
        in_sentence = in_sentence or states_of(sent, places=True)
        ranked = self.salience.most_common()
        if kind == "Ministry":
            ranked = [(iso, n) for iso, n in ranked if iso not in self.gaz.terms["no_ministries"]["states"]] or ranked
        if in_sentence:
            ranked = [(iso, n) for iso, n in ranked if iso in in_sentence] or ranked
        return ranked[0][0] if ranked else None
