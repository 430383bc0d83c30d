"""Amounts as structured values: "$150-$300 million annually", "over 10,000 workers", "at least 700
work permits", "500,000 barrels a year", "$1.2 billion"."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..model import Quantity
from ..tokens import ents as doc_ents

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mln": 1e6, "bln": 1e9,
          "m": 1e6, "bn": 1e9, "k": 1e3}
CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR",
              "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP",
              "pounds": "GBP", "¥": "JPY", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
              "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rupee": "INR",
              "rupees": "INR"}
LOWER_BOUND = ("at least", "more than", "over", "upwards of", "no fewer than", "no less than", "above")
UPPER_BOUND = ("up to", "at most", "less than", "fewer than", "under", "nearly", "almost", "as many as")
PERIODS = {"annually": "P1Y", "a year": "P1Y", "per year": "P1Y", "each year": "P1Y", "every year": "P1Y",
           "a month": "P1M", "per month": "P1M", "monthly": "P1M", "a day": "P1D", "per day": "P1D",
           "daily": "P1D", "a week": "P1W", "per week": "P1W", "weekly": "P1W"}
NUMBER = r"\d[\d,]*(?:\.\d+)?"


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def find_quantities(doc: Doc) -> list[tuple[Span, Quantity]]:
    """Every MONEY, CARDINAL or QUANTITY the model found, read as a Quantity with its unit."""
    out = []
    for ent in doc_ents(doc):
        if ent.label_ not in {"MONEY", "CARDINAL", "QUANTITY"}:
            continue
        q = read(ent)
        if q is not None:
            out.append((ent, q))
    return out


def read(ent: Span) -> Quantity | None:
    doc = ent.doc
    before = doc[max(0, ent.start - 3):ent.start].text.lower()
    text = ent.text
    numbers = [_number(n) for n in re.findall(NUMBER, text)]
    numbers = [n for n in numbers if n is not None]
    if not numbers:
        return None
    scale = next((v for w, v in SCALES.items() if re.search(rf"\b{w}\b", text.lower())), 1.0)
    numbers = [n * scale for n in numbers]
    currency = next((c for sym, c in CURRENCIES.items() if sym in text.lower().split() or text.startswith(sym)
                     or sym in text.lower() and not sym.isalpha()), None)
    unit = None if currency else _unit(ent)
    q = Quantity(text=_full_text(ent, unit), currency=currency, unit=unit, period=_period(ent))
    if len(numbers) >= 2 and re.search(rf"{NUMBER}\s*(?:-|–|to|and)\s*\$?{NUMBER}", text):
        q.min_value, q.max_value = min(numbers[:2]), max(numbers[:2])
    elif any(before.endswith(b) or text.lower().startswith(b) for b in LOWER_BOUND):
        q.min_value = numbers[0]
    elif any(before.endswith(b) or text.lower().startswith(b) for b in UPPER_BOUND):
        q.max_value = numbers[0]
    else:
        q.value = numbers[0]
    if unit is None and currency is None and q.value is not None and q.value < 100 and ent.label_ == "CARDINAL":
        return None  # "two", "35 of the entities": a count with nothing counted is noise
    return q


def _unit(ent: Span) -> str | None:
    """The noun counted: 'workers', 'work permits', 'barrels'."""
    inside = [t for t in ent if t.pos_ == "NOUN" and t.lower_ not in SCALES]
    if inside:
        return _with_compounds(inside[-1])
    doc = ent.doc
    for t in doc[ent.end:min(len(doc), ent.end + 5)]:
        if t.pos_ == "NOUN":
            nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
            if t.tag_ == "NN" and nxt is not None and nxt.tag_ in {"NNS", "VBZ"} and nxt.text.endswith("s"):
                return f"{t.text} {nxt.text}".lower()  # "work permits", which the tagger may call a verb
            return _with_compounds(t)
        if t.pos_ not in {"ADJ", "PROPN"} and t.ent_type_ not in {"DEMONYM", "NORP"}:
            return None
    return None


def _with_compounds(noun) -> str:
    words = [c.text for c in noun.children if c.dep_ == "compound" and c.i < noun.i and c.pos_ == "NOUN"]
    return " ".join(words + [noun.text]).lower()


def _period(ent: Span) -> str | None:
    after = ent.doc[ent.end:ent.end + 4].text.lower()
    inside = ent.text.lower()
    return next((p for w, p in PERIODS.items() if after.startswith(w) or f" {w}" in f" {inside}"
                 or re.match(rf"^\w+ {w}", after)), None)


def _full_text(ent: Span, unit: str | None) -> str:
    doc = ent.doc
    start = ent.start
    while start > 0 and doc[start - 1].lower_ in {"least", "at", "more", "than", "over", "up", "to", "nearly",
                                                  "almost", "about", "around", "some", "roughly"}:
        start -= 1
    end = ent.end
    if unit:
        last = unit.split()[-1]
        end = next((t.i + 1 for t in doc[ent.end:ent.end + 6] if t.lower_ == last), ent.end)
    return doc[start:end].text
