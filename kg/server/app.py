"""The HTTP server: a SPARQL 1.1 Protocol endpoint at /sparql, the saved research queries at
/queries, and (later) the web page at /. Built by create_app(); every error is one JSON shape:
{"error": {"status": 400, "message": "..."}}."""
from __future__ import annotations

import hmac
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
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
from .formats import MEDIA, negotiate, query_kind, uses_service
from .worker import StoreWorker

STATIC = Path(__file__).parent / "static"


@dataclass
class Settings:
    store: Path
    token: str | None = None  # updates are refused unless the request carries it
    allow_service: bool = False  # federated queries (SERVICE) are refused unless enabled
    timeout: float = 30.0  # seconds a query may run
    max_rows: int = 10_000
    max_body: int = 1_000_000  # bytes of a request
    cors_origins: tuple[str, ...] = ()
    threads: int = 4


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def create_app(settings: Settings) -> Starlette:
    worker: dict[str, StoreWorker] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette):
        worker["w"] = StoreWorker(settings.store, settings.threads)
        try:
            yield
        finally:
            worker["w"].close()

    async def run_query(sparql: str, fmt: str, kind: str, **extra) -> Response:
        outcome = await worker["w"].run("query", {"sparql": sparql, "fmt": fmt, "max_rows": settings.max_rows,
                                                  **extra}, settings.timeout)
        if outcome.status != 200:
            return error(outcome.status, outcome.message or outcome.body.decode())
        return Response(outcome.body, media_type=MEDIA[fmt] + ("; charset=utf-8" if fmt != "rdfxml" else ""))

    async def sparql(request: Request) -> Response:
        try:
            params, query, update = await _read_protocol(request, settings.max_body)
        except HttpError as e:
            return error(e.status, e.message)
        if update is not None:
            return await _update(request, update)
        if query is None:
            return service_description(request)
        if not settings.allow_service and uses_service(query):
            return error(403, "federated queries (SERVICE) are disabled on this server")
        kind = query_kind(query)
        if kind == "update":
            return error(400, "an update must be sent as 'update', not 'query'")
        fmt = negotiate(request.headers.get("accept", "*/*"), kind, _first(params, "format"))
        if fmt is None:
            return error(406, f"cannot answer a {kind} query in {request.headers.get('accept')}")
        defaults, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
        leave_out = (INFERRED,) if _first(params, "inferred") in {"false", "0", "no"} else ()
        return await run_query(query, fmt, kind, union=not defaults, default_graphs=defaults or None,
                               named_graphs=named or None, leave_out=leave_out)

    def authorised(request: Request) -> bool:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        return bool(settings.token) and hmac.compare_digest(given.encode(), settings.token.encode())

    async def graph_store(request: Request) -> Response:
        """SPARQL 1.1 Graph Store Protocol on named graphs: GET, PUT (replace), POST (add), DELETE."""
        graph = request.query_params.get("graph")
        if not graph or not graph.startswith(("http://", "https://", "urn:")):
            return error(400, "give the graph's IRI as ?graph=")
        if request.method == "GET":
            accept = request.headers.get("accept", "*/*")
            media = next((m for m in ("text/turtle", "application/n-triples", "application/rdf+xml")
                          if m in accept), "text/turtle")
            outcome = await worker["w"].run("get_graph", {"graph": graph, "media_type": media}, settings.timeout)
            if outcome.status != 200:
                return error(outcome.status, outcome.body.decode())
            return Response(outcome.body, media_type=media)
        if not authorised(request):
            return error(403, "writing needs the server's token (Authorization: Bearer <token>)")
        if request.method == "DELETE":
            outcome = await worker["w"].run("drop_graph", {"graph": graph}, settings.timeout)
        else:
            try:
                body = await _body(request, settings.max_body)
            except HttpError as e:
                return error(e.status, e.message)
            ctype = request.headers.get("content-type", "application/n-triples")
            op = "put_graph" if request.method == "PUT" else "post_graph"
            outcome = await worker["w"].run(op, {"graph": graph, "data": body, "media_type": ctype}, settings.timeout)
        if outcome.status >= 400:
            return error(outcome.status, outcome.message or outcome.body.decode())
        return Response(status_code=outcome.status)

    async def _update(request: Request, update: str) -> Response:
        if not authorised(request):
            return error(403, "updates need the server's token (Authorization: Bearer <token>)")
        if not settings.allow_service and uses_service(update):
            return error(403, "federated queries (SERVICE) are disabled on this server")
        outcome = await worker["w"].run("update", {"sparql": update}, settings.timeout)
        if outcome.status >= 400:
            return error(outcome.status, outcome.message or outcome.body.decode())
        return Response(status_code=204)

    async def list_queries(request: Request) -> Response:
        return JSONResponse([q.describe() for q in saved.load_all().values()])

    async def run_saved(request: Request) -> Response:
        try:
            q = saved.get(request.path_params["name"])
            values = {k: v for k, v in request.query_params.items() if k != "format"}
            subs = saved.bind(q, values)
        except QueryError as e:
            return error(404 if "no saved query" in str(e) else 400, str(e))
        kind = query_kind(q.text)
        fmt = negotiate(request.headers.get("accept", "*/*"), kind, request.query_params.get("format"))
        if fmt is None:
            return error(406, f"cannot answer in {request.headers.get('accept')}")
        return await run_query(q.text, fmt, kind, substitutions=subs)

    async def entity(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri.startswith(("http://", "https://", "urn:")) or any(c in iri for c in ' <>"{}|\\^`'):
            return error(400, "give the entity's IRI as ?iri=")
        try:
            return JSONResponse(await describe(worker["w"], iri, settings.timeout))
        except RuntimeError as e:
            return error(503, str(e))

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8", headers={
            "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                       "base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff"})

    routes = [Route("/", page, methods=["GET"]),
              Route("/api/entity", entity, methods=["GET"]),
              Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
              Route("/sparql", sparql, methods=["GET", "POST"]),
              Route("/queries", list_queries, methods=["GET"]),
              Route("/queries/{name}", run_saved, methods=["GET"]),
              Route("/store", graph_store, methods=["GET", "PUT", "POST", "DELETE"])]
    middleware = [Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                             allow_headers=["Content-Type", "Accept", "Authorization"])] if settings.cors_origins else []
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={404: _not_found, 405: _not_allowed, 500: _internal})
    app.state.settings = settings
    return app


async def _read_protocol(request: Request, max_body: int) -> tuple[dict[str, list[str]], str | None, str | None]:
    """The protocol's parameters from the URL and the body: (params, query, update)."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_body:
        raise HttpError(413, f"the request is larger than {max_body} bytes")
    params = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
    if len(str(request.url)) > max_body:
        raise HttpError(413, f"the request is larger than {max_body} bytes")
    query = _first(params, "query")
    update = None
    if request.method == "POST":
        body = await _body(request, max_body)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        text = body.decode("utf-8", errors="replace")
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            query, update = _first(params, "query"), _first(params, "update")
        elif ctype == "application/sparql-query":
            query = text
        elif ctype == "application/sparql-update":
            update = text
        else:
            raise HttpError(415, f"unsupported content type {ctype!r}: use a form, "
                                 "application/sparql-query or application/sparql-update")
    if query is not None and update is not None:
        raise HttpError(400, "send either a query or an update, not both")
    return params, query, update


async def _body(request: Request, max_body: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_body:
        raise HttpError(413, f"the request is larger than {max_body} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_body:
            raise HttpError(413, f"the request is larger than {max_body} bytes")
    return body


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def service_description(request: Request) -> Response:
    base = str(request.url).split("?")[0]
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


async def _not_found(request: Request, exc) -> Response:
    return error(404, f"nothing at {request.url.path}")


async def _not_allowed(request: Request, exc) -> Response:
    return error(405, f"{request.method} is not allowed on {request.url.path}")


async def _internal(request: Request, exc) -> Response:
    return error(500, "internal server error")


__all__ = ["Settings", "create_app", "SPARQL_PREFIXES"]
