"""People: one node per person in an article ("Lowcock" after "Mark Lowcock" is the same man), and
officials: people with a public role, their title as written and the body they serve."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..gazetteer import Gazetteer, fold, slug
from ..model import GOVERNMENT_BODY, INTERNATIONAL_ORG, ORGANIZATION, PERSON, STATE, TERRITORY
from .bodies import BodyResolver
from .refs import Ref

ROLE_HEADS = {
    "minister", "secretary", "president", "premier", "chancellor", "spokesperson", "spokesman",
    "spokeswoman", "ambassador", "envoy", "diplomat", "director", "chief", "head", "chairman",
    "chairwoman", "chair", "governor", "commander", "general", "colonel", "admiral", "brigadier",
    "marshal", "senator", "lawmaker", "legislator", "congressman", "congresswoman", "mayor", "king",
    "queen", "emir", "prince", "sultan", "leader", "official", "officer", "attorney", "prosecutor",
    "judge", "adviser", "advisor", "deputy", "undersecretary", "commissioner", "rapporteur",
    "coordinator", "negotiator", "administrator", "baroness", "lord", "speaker", "consul",
    "strongman", "dictator", "monarch", "ruler", "secretary-general", "director-general", "sen.",
    "rep.", "gen.", "col.", "lt.", "maj.", "adm.", "gov.", "pres.", "captain", "lieutenant",
    "major", "representative", "vice", "treasurer", "inspector", "superintendent", "councillor",
    "councilor", "magistrate", "justice", "sheikh", "ayatollah", "chancellor", "emperor",
}
# Role words that make a title even in lower case ("defence minister X", "spokesman X").
LOWER_ROLES = {
    "minister", "spokesman", "spokeswoman", "spokesperson", "secretary", "president", "ambassador",
    "envoy", "chief", "commander", "governor", "director", "chairman", "chairwoman", "adviser",
    "advisor", "diplomat", "premier", "chancellor", "prosecutor", "general", "colonel", "admiral",
    "senator", "lawmaker", "legislator", "mayor", "king", "queen", "emir", "prince", "sultan",
    "leader", "head", "strongman", "ruler", "negotiator", "commissioner", "secretary-general",
}
# Words that qualify a role in a title ("Deputy Foreign Minister", "Rear Admiral").
TITLE_MODIFIERS = {"foreign", "defence", "defense", "interior", "finance", "deputy", "vice", "prime", "former",
                   "acting", "humanitarian", "top", "senior", "general", "press", "chief", "policy", "rear",
                   "lieutenant", "major", "brigadier", "first", "second"}
TITLE_GLUE = {"of", "'s", "\u2019s", "-", "for", "and", "&"}
WINDOW = 14
HEADS_VERBS = {"heads", "leads", "chairs", "runs", "commands", "directs"}


@dataclass
class Person:
    key: str
    names: list[str]
    refs: list[Ref] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)  # keys
    guessed: bool = False  # member_of comes from the story's context, not from the person's title
    known: dict | None = None  # the office holder's entry in the people list, when listed

    @property
    def label(self) -> str:
        if self.known:
            return self.known["name"]
        return max(self.names, key=lambda n: (len(n.split()), len(n)))


def _words(name: str) -> list[str]:
    return fold(name).replace("-", " ").split()


class PeopleResolver:
    def __init__(self, gaz: Gazetteer, doc: Doc, refs: list[Ref], bodies: BodyResolver):
        self.gaz, self.doc, self.refs, self.bodies = gaz, doc, refs, bodies
        self.org_refs = [r for r in refs if r.cls in {GOVERNMENT_BODY, INTERNATIONAL_ORG, STATE, TERRITORY,
                                                      ORGANIZATION} and r.key]
        self.people: list[Person] = []

    def resolve(self) -> list[Person]:
        for ref in (r for r in self.refs if r.cls == PERSON):
            person = self._person_for(ref)
            person.refs.append(ref)
            ref.key = person.key
            self._read_role(person, ref)
        # a lone given name or surname with no full name and no title is more often noise than a person
        self.people = [p for p in self.people if p.roles or any(len(_words(n)) > 1 for n in p.names)
                       or any(self.gaz.person_named(n) for n in p.names)]
        for p in self.people:
            self._use_known(p)
        return self.people

    def _use_known(self, p: Person) -> None:
        """A listed office holder keeps one key everywhere, and serves where the list says unless
        the article's own words say which body."""
        entry = next((e for e in map(self.gaz.person_named, p.names) if e), None)
        if entry is None:
            return
        p.known, p.key = entry, "person/" + entry["key"]
        for r in p.refs:
            r.key = p.key
        if entry["name"] not in p.names:
            p.names.insert(0, entry["name"])
        if not p.member_of or p.guessed:
            serves = entry["serves"]
            iso3 = serves[6:] if serves.startswith("state/") else None
            body = self._body_by_function(" ".join(p.roles), iso3) if iso3 and p.roles else None
            p.member_of = [body or serves]

    # --- within-article coreference --------------------------------------------------------
    def _person_for(self, ref: Ref) -> Person:
        words = _words(ref.text)
        alias_of = self._nickname_of(ref)
        if alias_of is not None:  # "Mohamed Hamdan Dagalo, widely known as Hemedti"
            alias_of.names.append(ref.text)
            return alias_of
        for p in reversed(self.people):
            for name in p.names:
                known = _words(name)
                if known == words or (len(words) < len(known) and known[-len(words):] == words) \
                        or (len(words) == 1 and words[0] == known[0] and len(known) > 1):
                    if ref.text not in p.names:
                        p.names.append(ref.text)
                    return p
                if len(known) < len(words) and words[-len(known):] == known:  # "Zhao" then "Zhao Lijian"
                    p.names.append(ref.text)
                    p.key = "person/" + slug(p.label)
                    for r in p.refs:
                        r.key = p.key
                    return p
        person = Person("person/" + slug(ref.text), [ref.text])
        self.people.append(person)
        return person

    def _nickname_of(self, ref: Ref) -> Person | None:
        before = " ".join(t.lower_ for t in self.doc[max(0, ref.start - 2):ref.start])
        if not (before.endswith("known as") or before.endswith("nicknamed") or before.endswith("alias")
                or before.endswith("called")):
            return None
        same = [p for p in self.people if any(r.sent == ref.sent and r.end <= ref.start for r in p.refs)]
        return same[-1] if same else None

    # --- titles and appositions ------------------------------------------------------------
    def _read_role(self, person: Person, ref: Ref) -> None:
        start = self._title_start(ref.start)
        if start == ref.start and ref.start >= 2 and self.doc[ref.start - 1].text == ",":
            start = self._title_start(ref.start - 1)  # "SSB's president, Ismail Demir"
            end = ref.start - 1
        else:
            end = ref.start
        title = self.doc[start:end]
        if any(t.lower_ in ROLE_HEADS and (t.is_title or t.lower_ in LOWER_ROLES) for t in title):
            person.roles.append(title.text.strip(" ,"))
            leader_of = self._led_by(start, ref.sent)
            if leader_of is not None:
                person.member_of.append(leader_of.key)
            else:
                self._add_member(person, ref, start, end, title.text)
        regime = self._regime_noun(ref) if not title else None
        if regime is not None:  # "Kim Jong Un's regime"
            person.roles.append(f"head of {regime.text}")
            iso3 = self._person_state(ref)
            if iso3 and f"state/{iso3}" not in person.member_of:
                person.member_of.append(f"state/{iso3}")
                person.guessed = True
        after = self._apposition(ref)
        if after is not None:
            a, b = after
            span = self.doc[a:b]
            if any(t.lower_ in ROLE_HEADS for t in span) or any(t.lower_ in HEADS_VERBS for t in span):
                for who in [person] + self._listed_before(ref):  # "X and Y, the director and deputy ..."
                    if not who.roles:
                        who.roles.append(span.text.strip(" ,"))
                    if not who.member_of or who.guessed:
                        who.member_of, who.guessed = [], False
                        self._add_member(who, ref, a, b, span.text)

    def _listed_before(self, ref: Ref) -> list[Person]:
        """People named just before this one in the same list ('Xia Baolong and Zhang Xiaoming')."""
        out, i = [], ref.start - 1
        while i >= 1 and self.doc[i].lower_ in {"and", ","}:
            prev = next((p for p in self.people for r in p.refs if r.end == i), None)
            if prev is None:
                break
            out.append(prev)
            i = next(r.start for r in prev.refs if r.end == i) - 1
        return out

    def _regime_noun(self, ref: Ref):
        """The noun of "<person>'s regime / government / administration", if that follows."""
        d, i = self.doc, ref.end
        if i < len(d) and d[i].lower_ in {"'s", "\u2019s"}:
            i += 1
        elif d[i - 1].lower_ not in {"'s", "\u2019s"}:
            return None
        if i < len(d) and d[i].lower_ in {"regime", "government", "administration", "cabinet", "junta"}:
            return d[i]
        return None

    def _led_by(self, start: int, sent: int) -> Ref | None:
        """'the Sudanese Armed Forces, led by army chief General X': X serves the body before."""
        if start < 2 or self.doc[start - 1].lower_ != "by" or \
                self.doc[start - 2].lower_ not in {"led", "headed", "chaired", "commanded", "run"}:
            return None
        before = [r for r in self.org_refs if r.end <= start - 2 and r.sent == sent]
        return before[-1] if before else None

    def _title_start(self, name_start: int) -> int:
        i = name_start - 1
        org_ends = {r.end - 1: r for r in self.org_refs}
        while i >= 0 and name_start - i <= WINDOW:
            tok = self.doc[i]
            if i in org_ends:
                i = org_ends[i].start - 1
                continue
            if tok.is_title or tok.is_upper or tok.lower_ in LOWER_ROLES or tok.lower_ in TITLE_GLUE \
                    or tok.lower_ in TITLE_MODIFIERS:
                if tok.is_sent_start and tok.lower_ not in ROLE_HEADS and not tok.is_title:
                    break
                i -= 1
                continue
            break
        start = i + 1
        while start < name_start and self.doc[start].lower_ in TITLE_GLUE:
            start += 1
        return start

    def _apposition(self, ref: Ref) -> tuple[int, int] | None:
        j = ref.end
        if j >= len(self.doc) or self.doc[j].text != ",":
            return None
        k = j + 1
        while k < len(self.doc) and k - j <= WINDOW and self.doc[k].text not in {",", ".", ";", "\u201c", '"', ")"}:
            k += 1
        return (j + 1, k) if k > j + 1 else None

    def _add_member(self, person: Person, ref: Ref, a: int, b: int, title: str) -> None:
        inside = [r for r in self.org_refs if a <= r.start and r.end <= b + 1]
        bodies = [r.key for r in inside if r.cls == GOVERNMENT_BODY][-1:]
        ios = [r.key for r in inside if r.cls == INTERNATIONAL_ORG][-1:]
        picked = bodies + ios or [r.key for r in inside if r.cls == ORGANIZATION][-1:]
        if not picked:
            states = [r.iso3 for r in inside if r.cls in {STATE, TERRITORY}]
            iso3 = states[-1] if states else None
            serves = self._listed_serves(person) if iso3 is None else None
            if serves and not serves.startswith("state/"):
                picked = [serves]  # an international organisation the people list names
            elif serves:
                iso3 = serves[6:]
        if not picked and iso3 is None and not states:
            picked = self._listmates_body(ref)  # "..., together with vice-president Faruk Yigit"
        if not picked:
            body = None
            if iso3 is None:  # "Treasury Secretary X": the department of that name, if there is one
                body = self._body_by_function(title, None) if "secretary" in fold(title) else None
                if body is None:
                    iso3 = self._person_state(ref)
                    person.guessed = True
            body = body or self._body_by_function(title, iso3) or self._government_of(iso3)
            picked = [body] if body else [f"state/{iso3}"] if iso3 else []
        for key in picked:
            if key not in person.member_of:
                person.member_of.append(key)

    def _listmates_body(self, ref: Ref) -> list[str]:
        """Officials listed in one sentence with no body of their own share the first one's body."""
        for p in self.people:
            if any(r.sent == ref.sent and r.end <= ref.start for r in p.refs) and not p.guessed:
                bodies = [k for k in p.member_of if k.startswith("body/")]
                if bodies:
                    return bodies[:1]
        return []

    def _government_of(self, iso3: str | None) -> str | None:
        """A state's official serves its government where the article names that government."""
        if not iso3:
            return None
        return next((r.key for r in self.refs if r.cls == GOVERNMENT_BODY and r.iso3 == iso3 and
                     r.kind == "Government" and r.key), None)

    def _listed_serves(self, person: Person) -> str | None:
        entry = next((e for e in map(self.gaz.person_named, person.names) if e), None)
        return entry["serves"] if entry else None

    def _person_state(self, ref: Ref) -> str | None:
        """The state of an official whose title names none: one named earlier in the sentence,
        else in the sentence before, else later in the sentence, else the article's main one."""
        cands = [r for r in self.bodies.states if not r.in_quote]
        for pick in ([r for r in cands if r.sent == ref.sent and r.end <= ref.start],
                     [r for r in cands if r.sent == ref.sent - 1],
                     [r for r in cands if r.sent == ref.sent]):
            isos = {r.iso3 for r in pick}
            if len(isos) == 1:
                return isos.pop()
        return self.bodies.implied_state(ref.sent)

    def _body_by_function(self, title: str, iso3: str | None) -> str | None:
        """'Foreign Minister X' serves his state's foreign ministry, 'Treasury Secretary X' the
        Treasury Department, when the article names them."""
        words = [t for t in fold(title).replace("-", " ").split() if t not in ROLE_HEADS and t not in TITLE_GLUE]
        functions = {self.gaz.function_of(w) or slug(w) for w in words}
        named = set(words) - {"the", "of", "and", "state"}
        matches = [r for r in self.refs if r.cls == GOVERNMENT_BODY and r.key and
                   (r.function in functions or (named and named <= set(fold(r.text).split())))]
        own = [r for r in matches if r.iso3 == iso3] if iso3 else [r for r in matches if r.kind == "Department"]
        return own[0].key if own else None
