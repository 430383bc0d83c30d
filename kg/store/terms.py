"""Terms between the plain tuples of kg/rdf.py and Oxigraph's."""
from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..rdf import IRI, Lit, Quad
from ..vocab import XSD


def term(t: IRI | Lit):
    if isinstance(t, IRI):
        return ox.NamedNode(t.value)
    if t.lang:
        return ox.Literal(t.value, language=t.lang)
    return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype or XSD + "string"))


def plain(t) -> IRI | Lit | None:
    if isinstance(t, ox.NamedNode):
        return IRI(t.value)
    if isinstance(t, ox.Literal):
        return Lit(t.value, None if t.language else t.datatype.value, t.language)
    return None


def to_oxigraph(quads: Iterable[Quad]) -> list[ox.Quad]:
    return [ox.Quad(term(s), term(p), term(o), term(g)) for s, p, o, g in quads]
