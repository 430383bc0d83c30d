"""Content negotiation and result formats of the SPARQL 1.1 Protocol."""
from __future__ import annotations

SELECT_TYPES = {  # media type -> result format key
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
MEDIA = {v: k for k, v in SELECT_TYPES.items() if k != "application/json" and k != "application/xml"}
MEDIA.update({v: k for k, v in GRAPH_TYPES.items() if k != "text/plain"})


def _accepted(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in (accept or "*/*").split(","):
        bits = [b.strip() for b in part.split(";")]
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if bits[0]:
            out.append((bits[0].lower(), q))
    return sorted(out, key=lambda x: -x[1])


def negotiate(accept: str, kind: str, explicit: str | None = None) -> str | None:
    """The result format key for a query kind ('select', 'ask' or 'graph'), or None (406)."""
    table = GRAPH_TYPES if kind == "graph" else SELECT_TYPES
    if explicit:
        media = FORMAT_PARAM.get(explicit, explicit)
        return table.get(media)
    default = "turtle" if kind == "graph" else "json"
    for media, q in _accepted(accept):
        if q <= 0:
            continue
        if media in table:
            return table[media]
        if media in {"*/*", "application/*", "text/*"}:
            return default
    return None


def query_kind(sparql: str) -> str:
    """select | ask | graph | update, read from the first keyword after the prologue."""
    import re
    text = re.sub(r"#[^\n]*", " ", sparql)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"(?is)\b(PREFIX\s+\S*:|BASE)\s*", " ", text)
    m = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                  text)
    word = m.group(1).upper() if m else "SELECT"
    return {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}.get(word, "update")


def uses_service(sparql: str) -> bool:
    """Whether the query asks another endpoint (SERVICE), outside strings, IRIs and comments."""
    import re
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', " ", sparql)
    text = re.sub(r"<[^>\s]*>", " ", text)
    text = re.sub(r"#[^\n]*", " ", text)
    return re.search(r"(?i)\bSERVICE\b", text) is not None
