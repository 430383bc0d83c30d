"""Query results serialised for the SPARQL 1.1 Protocol, with a row cap: SELECT and ASK as
SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle, N-Triples, RDF/XML or JSON-LD."""
from __future__ import annotations

import csv
import io
import json
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..errors import QueryError
from . import Store, _term, left_out

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}


class ResultTooLarge(QueryError):
    """More rows than the server's row cap."""


def execute(store: Store, sparql: str, fmt: str, *, max_rows: int, union: bool = True,
            default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
            substitutions: dict | None = None, leave_out: tuple[str, ...] = ()) -> bytes:
    """Run a query and serialise its result in `fmt`; more than `max_rows` rows is an error.
    `leave_out` names graphs the union default graph should not include (the inferred graph)."""
    kwargs: dict = {}
    if leave_out and not default_graphs:
        default_graphs = [g for g in store.graphs() if not left_out(g, leave_out)]
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        union = False
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    if substitutions:
        kwargs["substitutions"] = {ox.Variable(k): _term(v) for k, v in substitutions.items()}
    try:
        result = store._db.query(sparql, use_default_graph_as_union=union, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            return _boolean(bool(result), fmt)
        if isinstance(result, ox.QueryTriples):
            triples = _capped(result, max_rows)
            return ox.serialize(triples, format=RDF_FORMATS[fmt])
        names = [v.value for v in result.variables]
        return _solutions(names, _capped(result, max_rows), fmt)
    except SyntaxError as e:
        raise QueryError(f"the query does not parse: {e}") from None
    except OSError as e:
        raise QueryError(f"the query failed: {e}") from None


def update(store: Store, sparql: str) -> None:
    try:
        store._db.update(sparql)
    except SyntaxError as e:
        raise QueryError(f"the update does not parse: {e}") from None
    except OSError as e:
        raise QueryError(f"the update failed: {e}") from None


def _capped(rows, max_rows: int) -> list:
    out = list(islice(rows, max_rows + 1))
    if len(out) > max_rows:
        raise ResultTooLarge(f"the result has more than {max_rows} rows; add a LIMIT or narrow the query")
    return out


def _boolean(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    if fmt in {"csv", "tsv"}:
        return ("_askResult\n" + ("true" if value else "false") + "\n").encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != XSD_STRING:
        out["datatype"] = t.datatype.value
    return out


def _json_solutions(names: list[str], rows: list) -> bytes:
    """SPARQL JSON results, each term's JSON made once per answer (names, classes and IRIs repeat
    from row to row): a third of the time of building every row's dictionaries."""
    keys, made, out = [json.dumps(n) for n in names], {}, []
    for r in rows:
        cells = []
        for key, t in zip(keys, r):  # a solution's terms come in the order of its variables
            if t is not None:
                text = made.get(t)
                if text is None:
                    text = made[t] = json.dumps(_json_term(t))
                cells.append(f"{key}:{text}")
        out.append("{" + ",".join(cells) + "}")
    head = json.dumps({"vars": names})
    return f'{{"head":{head},"results":{{"bindings":[{",".join(out)}]}}}}'.encode()


def _solutions(names: list[str], rows: list, fmt: str) -> bytes:
    if fmt == "json":
        return _json_solutions(names, rows)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        w.writerows([["" if r[n] is None else r[n].value for n in names] for r in rows])
        return buf.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join("" if r[n] is None else str(r[n]) for n in names) for r in rows]
        return ("\n".join(lines) + "\n").encode()
    return _xml(names, rows)


def _xml(names: list[str], rows: list) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    out.append("</head><results>")
    for r in rows:
        out.append("<result>")
        for n in names:
            t = r[n]
            if t is None:
                continue
            if isinstance(t, ox.NamedNode):
                inner = f"<uri>{escape(t.value)}</uri>"
            elif isinstance(t, ox.BlankNode):
                inner = f"<bnode>{escape(t.value)}</bnode>"
            elif t.language:
                inner = f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
            elif t.datatype.value != XSD_STRING:
                inner = f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
            else:
                inner = f"<literal>{escape(t.value)}</literal>"
            out.append(f"<binding name={quoteattr(n)}>{inner}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode()
