"""How sure a report is of an event: reported as fact, alleged, denied, planned, threatened,
negated or hypothetical."""
from __future__ import annotations

from spacy.tokens import Token

HEDGES = {"likely", "probably", "potentially", "possibly", "allegedly", "reportedly", "apparently",
          "suspected", "potential", "possible", "alleged", "suspect"}
ALLEGING_VERBS = {"accuse", "allege", "claim", "suspect", "say", "believe", "assert", "charge"}
PLANNING_VERBS = {"plan", "intend", "prepare", "aim", "seek", "move", "propose", "consider", "vow",
                  "pledge", "promise", "set", "expect", "decide", "agree"}
HYPOTHETICAL_AUX = {"could", "would", "might", "may", "should"}


def modality(verb: Token) -> str:
    """The modality of the event `verb` reports, read from its own words and those governing it."""
    children = {c.lower_ for c in verb.children}
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(c.dep_ == "neg" for c in verb.children) or any(
            d.lower_ in {"neither", "no", "none", "nobody"} for s in subjects for d in [s, *s.children]):
        return "Negated"
    if {"will", "shall", "'ll"} & children or _governed_by(verb, PLANNING_VERBS):
        return "Planned"
    if _governed_by(verb, {"threaten"}):
        return "Threatened"
    if _governed_by(verb, {"deny"}):
        return "Denied"
    if HEDGES & {c.lower_ for c in verb.subtree if c.dep_ in {"advmod", "amod"} and c.head == verb} \
            or HEDGES & children:
        return "Alleged"
    if HYPOTHETICAL_AUX & children:
        return "Hypothetical"
    if _governed_by(verb, ALLEGING_VERBS - {"say"}):
        return "Alleged"
    return "Asserted"


def _governed_by(verb: Token, lemmas: set[str]) -> bool:
    """Whether `verb` is the complement of one of `lemmas` ('threatened to impose')."""
    t, hops = verb, 0
    while t.dep_ in {"xcomp", "ccomp", "conj", "pcomp", "advcl"} and t.head is not t and hops < 3:
        t, hops = t.head, hops + 1
        if t.lemma_.lower() in lemmas:
            return True
    return False


def noun_modality(noun: Token) -> str:
    """'potential violation', 'alleged breach'."""
    mods = {c.lower_ for c in noun.children if c.dep_ in {"amod", "advmod"}}
    return "Alleged" if mods & HEDGES else "Asserted"
