"""Token attributes of a whole Doc, read once from its arrays.

Walking a Doc (`for tok in doc`) makes a Token object per token, and reading `tok.lemma_` looks
the string up each time: for stages that look for a few words among every token, that was most
of their time. These lists are made once per Doc (kept in `doc.user_data`) and say which tokens
are worth a Token object."""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import TypeVar

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.tokens import Doc, Span, Token

_KEY = "geokg.tokens"
T = TypeVar("T")


def _cached(doc: Doc, name: str, make: Callable[[], T]) -> T:
    """`make()` once per doc, kept in its user_data under `name`."""
    cache = doc.user_data.setdefault(_KEY, {})
    if name not in cache:
        cache[name] = make()
    return cache[name]


def _column(doc: Doc, attr: int, lower: bool = False) -> list[str]:
    strings = doc.vocab.strings
    values = [strings[h] for h in doc.to_array(attr).tolist()]
    return [v.lower() for v in values] if lower else values


def text(doc: Doc) -> str:
    """The doc's text (`Doc.text` joins every token's text at each call)."""
    return _cached(doc, "text", lambda: doc.text)


def ents(doc: Doc) -> tuple[Span, ...]:
    """The doc's entities (`Doc.ents` makes every entity's Span at each call, and so does
    `Span.ents`, which reads all of them to keep a sentence's)."""
    return _cached(doc, "ents", lambda: tuple(doc.ents))


def ents_in(span: Span) -> Iterator[Span]:
    """The entities inside a span (a sentence), in order, as `Span.ents` gives them."""
    for ent in ents(span.doc):
        if ent.start < span.start:
            continue
        if ent.end > span.end:
            break
        yield ent


def lemmas(doc: Doc) -> list[str]:
    """Each token's lemma, lowercased (`tok.lemma_.lower()`)."""
    return _cached(doc, "lemma", lambda: _column(doc, LEMMA, lower=True))


def lowers(doc: Doc) -> list[str]:
    """Each token's text, lowercased (`tok.lower_`)."""
    return _cached(doc, "lower", lambda: _column(doc, LOWER))


def texts(doc: Doc) -> list[str]:
    """Each token's text (`tok.text`)."""
    return _cached(doc, "orth", lambda: _column(doc, ORTH))


def with_lemma(doc: Doc, words: Collection[str], start: int = 0, end: int | None = None) -> Iterator[Token]:
    """The tokens (of doc[start:end]) whose lowercased lemma is one of `words`, in order."""
    found = lemmas(doc)
    for i in range(start, len(found) if end is None else end):
        if found[i] in words:
            yield doc[i]
