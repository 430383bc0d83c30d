"""The HTTP server: a SPARQL 1.1 Protocol endpoint at /sparql, the saved research queries at
/queries, the Graph Store Protocol at /store and the web page at /. Built by create_app(); every
error is one JSON shape: {"error": {"status": 400, "message": "..."}}, never a stack trace."""
from __future__ import annotations

import csv
import hmac
import io
import json
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import queries as saved
from ..errors import QueryError
from ..reason import INFERRED
from ..vocab import SPARQL_PREFIXES
from .entity import describe
from .errors import HttpError, SizeLimit, error
from .formats import MEDIA, negotiate, query_kind, uses_service
from .worker import Outcome, StoreWorker

STATIC = Path(__file__).parent / "static"
PAGE_HEADERS = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                           "base-uri 'none'; frame-ancestors 'none'",
                "X-Content-Type-Options": "nosniff"}
GRAPH_MEDIA = ("text/turtle", "application/n-triples", "application/rdf+xml")
PAGE_SIZE = 100  # rows of a saved query's answer per request, unless `limit` says otherwise
PAGING = ("format", "limit", "offset")  # a saved query's request parameters that are not the query's


@dataclass
class Settings:
    store: Path
    token: str | None = None  # updates are refused unless the request carries it
    allow_service: bool = False  # federated queries (SERVICE) are refused unless enabled
    timeout: float = 30.0  # seconds a query may run
    max_rows: int = 10_000
    max_body: int = 1_000_000  # bytes of a request (its URL, or its body)
    cors_origins: tuple[str, ...] = ()  # no CORS headers unless origins are given
    threads: int = 4


def token_matches(authorization: str, token: str | None) -> bool:
    """Whether an Authorization header carries the server's bearer token, compared in constant time."""
    scheme, _, given = authorization.strip().partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("latin-1"), token.encode())  # the header's own bytes


def create_app(settings: Settings) -> Starlette:
    api = _Api(settings)
    routes = [Route("/", page, methods=["GET"]),
              Route("/api/entity", api.entity, methods=["GET"]),
              Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
              Route("/sparql", api.sparql, methods=["GET", "POST"]),
              Route("/queries", list_queries, methods=["GET"]),
              Route("/queries/{name}", api.run_saved, methods=["GET"]),
              Route("/store", api.graph_store, methods=["GET", "PUT", "POST", "DELETE"])]
    middleware = [Middleware(SizeLimit, max_bytes=settings.max_body)]
    if settings.cors_origins:
        middleware.insert(0, Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                                        allow_methods=["GET", "POST"],
                                        allow_headers=["Content-Type", "Accept", "Authorization"],
                                        expose_headers=["Link"]))  # a saved query's next page
    app = Starlette(routes=routes, middleware=middleware, lifespan=api.lifespan,
                    exception_handlers={HttpError: _http_error, HTTPException: _starlette_error,
                                        404: _not_found, 405: _not_allowed, 500: _internal})
    app.state.settings = settings
    return app


class _Api:
    """The handlers that need the settings and the store's worker."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.worker: StoreWorker | None = None

    @asynccontextmanager
    async def lifespan(self, app: Starlette):
        self.worker = app.state.worker = StoreWorker(self.settings.store, self.settings.threads)
        try:
            yield
        finally:
            self.worker.close()

    async def _run(self, op: str, args: dict) -> Outcome:
        outcome = await self.worker.run(op, args, self.settings.timeout)
        if outcome.status >= 400:
            raise HttpError(outcome.status, outcome.message or outcome.body.decode("utf-8", "replace"))
        return outcome

    async def _query(self, sparql: str, fmt: str, **extra) -> Response:
        outcome = await self._run("query", {"sparql": sparql, "fmt": fmt, "max_rows": self.settings.max_rows,
                                            **extra})
        return Response(outcome.body, media_type=MEDIA[fmt] + ("; charset=utf-8" if fmt != "rdfxml" else ""))

    def _check_token(self, request: Request, what: str) -> None:
        if not token_matches(request.headers.get("authorization", ""), self.settings.token):
            raise HttpError(403, f"{what} need the server's token (Authorization: Bearer <token>)")

    def _check_service(self, sparql: str) -> None:
        if not self.settings.allow_service and uses_service(sparql):
            raise HttpError(403, "federated queries (SERVICE) are disabled on this server")

    async def sparql(self, request: Request) -> Response:
        params, query, update = await _read_protocol(request)
        if update is not None:
            return await self._update(request, update)
        if query is None:
            return service_description(request)
        self._check_service(query)
        kind = query_kind(query)
        if kind == "update":
            raise HttpError(400, "an update must be sent as 'update', not 'query'")
        fmt = _format(request, kind, _first(params, "format"))
        defaults, named = _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri")
        leave_out = (INFERRED,) if _first(params, "inferred") in {"false", "0", "no"} else ()
        return await self._query(query, fmt, union=not defaults, default_graphs=defaults or None,
                                 named_graphs=named or None, leave_out=leave_out)

    async def _update(self, request: Request, update: str) -> Response:
        self._check_token(request, "updates")
        self._check_service(update)
        await self._run("update", {"sparql": update})
        return Response(status_code=204)

    async def graph_store(self, request: Request) -> Response:
        """SPARQL 1.1 Graph Store Protocol on named graphs: GET, PUT (replace), POST (add), DELETE."""
        graph = request.query_params.get("graph", "")
        if not saved.valid_iri(graph):
            raise HttpError(400, "give the graph's IRI as ?graph=")
        if request.method == "GET":
            accept = request.headers.get("accept", "*/*")
            media = next((m for m in GRAPH_MEDIA if m in accept), "text/turtle")
            outcome = await self._run("get_graph", {"graph": graph, "media_type": media})
            return Response(outcome.body, media_type=media)
        self._check_token(request, "writes")
        if request.method == "DELETE":
            outcome = await self._run("drop_graph", {"graph": graph})
        else:
            body = await request.body()
            ctype = request.headers.get("content-type", "application/n-triples")
            op = "put_graph" if request.method == "PUT" else "post_graph"
            outcome = await self._run(op, {"graph": graph, "data": body, "media_type": ctype})
        return Response(status_code=outcome.status)

    async def run_saved(self, request: Request) -> Response:
        """A saved query, one page at a time: `limit` rows (default PAGE_SIZE, at most the server's
        max_rows) from `offset` (default 0); a full page links to the next (`Link: <...>; rel="next"`)."""
        args = request.query_params
        try:
            q = saved.get(request.path_params["name"])
            limit = saved.page_number("limit", args.get("limit", str(PAGE_SIZE)))
            offset = saved.page_number("offset", args.get("offset", "0"))
            if limit > self.settings.max_rows:
                raise saved.BadPage(f"limit must be at most {self.settings.max_rows} (the server's row cap), "
                                    f"not {limit}; page with offset")
            values = {k: v for k, v in args.items() if k not in PAGING}
            text = saved.bound_text(q, values, limit, offset)
        except saved.NoSuchQuery as e:
            raise HttpError(404, str(e)) from None
        except QueryError as e:
            raise HttpError(400, str(e)) from None
        kind = query_kind(q.text)
        response = await self._query(text, _format(request, kind, args.get("format")))
        if limit and kind == "select" and _rows_in(response.body, response.media_type) >= limit:
            following = [(k, v) for k, v in args.multi_items() if k not in ("limit", "offset")]
            following += [("limit", str(limit)), ("offset", str(offset + limit))]
            response.headers["Link"] = f'<{request.url.path}?{urlencode(following)}>; rel="next"'
        return response

    async def entity(self, request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not saved.valid_iri(iri):
            raise HttpError(400, "give the entity's IRI as ?iri=")
        return JSONResponse(await describe(self.worker, iri, self.settings.timeout))


async def page(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


async def list_queries(request: Request) -> Response:
    return JSONResponse([q.describe() for q in saved.load_all().values()])


def _rows_in(body: bytes, media_type: str) -> int:
    """How many rows a SELECT result holds, in any of the formats the server writes."""
    if media_type.startswith("application/sparql-results+json"):
        return len(json.loads(body)["results"]["bindings"])
    if media_type.startswith("application/sparql-results+xml"):
        return body.count(b"<result>")  # markup in values is escaped
    text = body.decode("utf-8")
    if media_type.startswith("text/csv"):
        return sum(1 for _ in csv.reader(io.StringIO(text))) - 1  # fields may hold line breaks
    return text.count("\n") - 1  # TSV: one line a row (terms escape their line breaks)


def _format(request: Request, kind: str, explicit: str | None) -> str:
    fmt = negotiate(request.headers.get("accept", "*/*"), kind, explicit)
    if fmt is None:
        raise HttpError(406, f"cannot answer a {kind} query in {explicit or request.headers.get('accept')}")
    return fmt


def _graphs(params: dict[str, list[str]], name: str) -> list[str]:
    graphs = params.get(name, [])
    bad = [g for g in graphs if not saved.valid_iri(g)]
    if bad:
        raise HttpError(400, f"{name} must be an IRI, not {bad[0][:200]!r}")
    return graphs


async def _read_protocol(request: Request) -> tuple[dict[str, list[str]], str | None, str | None]:
    """The protocol's parameters from the URL and the body: (params, query, update)."""
    params = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
    query, update = _first(params, "query"), None
    if request.method == "POST":
        text = (await request.body()).decode("utf-8", errors="replace")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
            query, update = _first(params, "query"), _first(params, "update")
        elif ctype == "application/sparql-query":
            query = text
        elif ctype == "application/sparql-update":
            update = text
        else:
            raise HttpError(415, f"unsupported content type {ctype[:100]!r}: use a form, "
                                 "application/sparql-query or application/sparql-update")
    if query is not None and update is not None:
        raise HttpError(400, "send either a query or an update, not both")
    return params, query, update


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def service_description(request: Request) -> Response:
    base = str(request.url).split("?")[0]
    if not saved.valid_iri(base):  # the Host header is the client's: never let it into the document
        base = request.url.path
    ttl = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
<{base}> a sd:Service ;
  sd:endpoint <{base}> ;
  sd:supportedLanguage sd:SPARQL11Query, sd:SPARQL11Update ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
    fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:RDF_XML, fmt:JSON-LD .
"""
    return Response(ttl, media_type="text/turtle; charset=utf-8")


async def _http_error(request: Request, exc: HttpError) -> Response:
    return error(exc.status, exc.message)


async def _starlette_error(request: Request, exc: HTTPException) -> Response:
    return error(exc.status_code, str(exc.detail))


async def _not_found(request: Request, exc) -> Response:
    return error(404, f"nothing at {request.url.path[:200]}")


async def _not_allowed(request: Request, exc) -> Response:
    return error(405, f"{request.method} is not allowed on {request.url.path[:200]}")


async def _internal(request: Request, exc) -> Response:
    return error(500, "internal server error")


__all__ = ["Settings", "create_app", "token_matches", "SPARQL_PREFIXES"]
