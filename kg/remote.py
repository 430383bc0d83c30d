"""Writing into a store over HTTP with the SPARQL 1.1 Graph Store Protocol: each article's graph
is PUT whole (the server replaces it in one step), the node descriptions it carries are POSTed (added)
to the shared entities graph, so `kg ingest --endpoint` works with `kg serve`
and with any store that speaks the protocol (Oxigraph's `/store`, Fuseki's `/data`, ...)."""
from __future__ import annotations

from collections.abc import Iterable

import httpx

from .errors import StoreError
from .rdf import Quad, to_ntriples


class RemoteStore:
    """The part of Store that ingest uses, over the Graph Store Protocol."""

    def __init__(self, endpoint: str, token: str | None = None, timeout: float = 60.0):
        if not endpoint.startswith(("http://", "https://")):
            raise StoreError(f"{endpoint}: not an http(s) URL of a Graph Store Protocol endpoint")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.endpoint = endpoint
        self._http = httpx.Client(headers=headers, timeout=timeout)

    def replace_graph(self, graph: str, quads: Iterable[Quad]) -> int:
        """PUT the article's graph; first POST (add) the node descriptions it carries to the entities graph."""
        quads = list(quads)
        own = [q for q in quads if q[3].value == graph]
        others = {q[3].value for q in quads} - {graph}
        for other in sorted(others):
            self._send("POST", other, [q for q in quads if q[3].value == other])
        self._send("PUT", graph, own)
        return len(quads)

    def _send(self, method: str, graph: str, quads: list[Quad]) -> None:
        try:
            r = self._http.request(method, self.endpoint, params={"graph": graph}, content=to_ntriples(quads),
                                   headers={"Content-Type": "application/n-triples"})
        except httpx.HTTPError as e:
            raise StoreError(f"{self.endpoint}: {e}") from None
        if r.status_code >= 400:
            raise StoreError(f"{self.endpoint} refused graph {graph}: HTTP {r.status_code} {_message(r)}")

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._http.close()


def _message(r: httpx.Response) -> str:
    try:
        return r.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return r.text.strip()[:200]
