"""Second thoughts on what the statistical model called an organisation or a person, using the
rest of the article: acronyms, short names, two names run together, names with a title."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..gazetteer import Gazetteer, fold, slug
from ..model import GOVERNMENT_BODY, INTERNATIONAL_ORG, MEDIA_ORG, ORGANIZATION, PERSON
from ..tokens import text as doc_text
from .people import LOWER_ROLES, ROLE_HEADS, TITLE_MODIFIERS
from .refs import Ref

ORG_CLASSES = {ORGANIZATION, GOVERNMENT_BODY, INTERNATIONAL_ORG, MEDIA_ORG}
ORG_NOUNS = {"company", "companies", "firm", "firms", "contractor", "contractors", "maker", "makers",
             "bank", "banks", "group", "groups", "carrier", "airline", "manufacturer", "giant",
             "conglomerate", "subsidiary", "unit", "supplier", "suppliers", "chipmaker", "producer",
             "exporter", "lender", "insurer", "operator", "shipper", "brokerage", "exchange"}


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in {"of", "and", "the", "for"})


def tidy(refs: list[Ref], doc: Doc, gaz: Gazetteer) -> list[Ref]:
    """Apply each correction in turn; each reads the article's other references."""
    refs = _split_conjoined(refs, doc)
    refs = _titled_names_are_people(refs, doc)
    refs = _described_names_are_people(refs, doc)
    refs = _people_named_as_orgs(refs)
    refs = _orgs_named_as_people(refs, doc)
    return _same_org_other_name(refs)


def _split_conjoined(refs: list[Ref], doc: Doc) -> list[Ref]:
    """'Boeing Defense and Raytheon' is two companies."""
    out = []
    for r in refs:
        parts = re.split(r"\s+and\s+", r.text)
        if r.cls == ORGANIZATION and len(parts) == 2 and all(p[:1].isupper() for p in parts) \
                and " of " not in r.text and len(parts[1].split()) <= 3:
            cut = r.start_char + len(parts[0])
            right = r.start_char + r.text.index(parts[1], len(parts[0]))
            left_end = next(t.i for t in doc[r.start:r.end] if t.idx >= cut)
            right_start = next(t.i for t in doc[r.start:r.end] if t.idx >= right)
            out.append(Ref(r.start, left_end, r.start_char, cut, parts[0], r.sent, ORGANIZATION,
                           key="org/" + slug(parts[0]), in_quote=r.in_quote))
            out.append(Ref(right_start, r.end, right, r.end_char, parts[1], r.sent, ORGANIZATION,
                           key="org/" + slug(parts[1]), in_quote=r.in_quote))
        else:
            out.append(r)
    return out


def _titled_names_are_people(refs: list[Ref], doc: Doc) -> list[Ref]:
    """'Rear Admiral Fabio Agostini' or 'vice-president Faruk Yigit' tagged as an organisation."""
    for r in refs:
        if r.cls != ORGANIZATION:
            continue
        toks = list(doc[r.start:r.end])
        lead = 0
        while lead < len(toks) - 1 and (toks[lead].lower_ in ROLE_HEADS | TITLE_MODIFIERS or toks[lead].text == "-"):
            lead += 1
        before = doc[r.start - 1] if r.start else None
        titled = before is not None and before.lower_ in LOWER_ROLES | ROLE_HEADS
        if (lead and len(toks) - lead >= 2) or (titled and 2 <= len(toks) <= 4 and all(t.is_title for t in toks)):
            first = toks[lead]
            r.cls, r.key = PERSON, None
            r.start, r.start_char = first.i, first.idx
            r.text = doc_text(doc)[r.start_char:r.end_char]
    return refs


def _described_names_are_people(refs: list[Ref], doc: Doc) -> list[Ref]:
    """'Yang Jiechi, the Communist Party's top foreign policy official': a name described by a role
    is a person, whatever the model called it."""
    for r in refs:
        toks = doc[r.start:r.end]
        if r.cls != ORGANIZATION or not 2 <= len(toks) <= 3 or not all(t.is_title for t in toks):
            continue
        if r.end + 2 < len(doc) and doc[r.end].text == ",":
            window = doc[r.end + 1:min(len(doc), r.end + 12)]
            stop = next((t.i for t in window if t.text in {",", ".", ";"}), window.end)
            if any(t.lower_ in ROLE_HEADS for t in doc[r.end + 1:stop]) and doc[r.end + 1].lower_ in {"the", "a", "an"}:
                r.cls, r.key = PERSON, None
    return refs


def _people_named_as_orgs(refs: list[Ref]) -> list[Ref]:
    """'Lopez Miera said': an organisation whose words start or end a person's name is that person."""
    names = [fold(r.text).split() for r in refs if r.cls == PERSON]
    for r in refs:
        words = fold(r.text).split()
        if r.cls == ORGANIZATION and any(len(words) <= len(n) and (n[-len(words):] == words or n[:len(words)] == words)
                                         for n in names):
            r.cls, r.key = PERSON, None
    return refs


def _orgs_named_as_people(refs: list[Ref], doc: Doc) -> list[Ref]:
    """'defence contractors Lockheed Martin, ...', 'Lockheed Martin and Raytheon Missiles': a
    'person' right after a company noun or listed with companies is a company, and so is every
    other mention of that name in the article."""
    org_ends = {r.end for r in refs if r.cls == ORGANIZATION}
    org_starts = {r.start for r in refs if r.cls == ORGANIZATION}
    for r in refs:
        if r.cls != PERSON:
            continue
        before = doc[r.start - 1] if r.start else None
        after = doc[r.end] if r.end < len(doc) else None
        after_org_noun = before is not None and before.lower_ in ORG_NOUNS
        nxt = doc[r.end + 1] if r.end + 1 < len(doc) else None
        listed = (before is not None and before.text in {",", "and"} and r.start - 1 in org_ends) or \
                 (after is not None and after.text in {",", "and"} and r.end + 1 in org_starts
                  and nxt is not None and nxt.lower_ not in {"the", "a", "an"})  # not "X, the Party's chief"
        if after_org_noun or listed:
            r.cls, r.key = ORGANIZATION, "org/" + slug(r.text)
    org_names = {fold(r.text): r.key for r in refs if r.cls in ORG_CLASSES and r.key}
    for r in refs:
        if r.cls == PERSON and fold(r.text) in org_names:
            r.cls, r.key = ORGANIZATION, org_names[fold(r.text)]
    return refs


def _same_org_other_name(refs: list[Ref]) -> list[Ref]:
    """An acronym ('YMTC', 'GNA') or a short name ('Irini') of an organisation named in full
    earlier in the article is that organisation."""
    full = [r for r in refs if r.cls in ORG_CLASSES and r.key and len(r.text.split()) > 1]
    for r in refs:
        if r.cls != ORGANIZATION or len(r.text.split()) > 1:
            continue
        for f in full:
            words = re.sub(r"^the\s+", "", f.text, flags=re.I).split()
            if r.text.isupper() and len(r.text) >= 2 and initials(words) == r.text \
                    or (r.text[:1].isupper() and f.start < r.start and r.text in {words[0], words[-1]}
                        and (f.cls == ORGANIZATION or r.text == words[-1])):
                r.cls, r.key, r.kind, r.iso3, r.function = f.cls, f.key, f.kind, f.iso3, f.function
                break
    return refs
