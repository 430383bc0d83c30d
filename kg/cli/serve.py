"""kg serve: the SPARQL endpoint and the saved queries over HTTP."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..server import Settings, create_app
from ..server.errors import request_head_limit
from ..store import default_store_path
from .common import StoreOption, run


def command(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    token: Annotated[Optional[str], typer.Option(
        envvar="KG_TOKEN", help="Accept updates and graph writes that carry it (Authorization: Bearer TOKEN).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is stopped.")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="Most rows (or triples) a result may have.")] = 10_000,
    allow_service: Annotated[bool, typer.Option(help="Allow federated queries (SERVICE).")] = False,
    cors: Annotated[Optional[list[str]], typer.Option(
        help="Origins allowed to call the server from a browser.")] = None,
    threads: Annotated[int, typer.Option(
        min=1, help="Most queries and updates run at once (the others wait their turn, 30 s at most).")] = 4,
) -> None:
    """Serve the store: SPARQL 1.1 Protocol at /sparql, saved queries at /queries."""
    run(lambda: _serve(Settings(store or default_store_path(), token, allow_service, timeout, max_rows,
                                cors_origins=tuple(cors or ()), threads=threads), host, port))


def _serve(settings: Settings, host: str, port: int) -> int:
    import uvicorn

    stale = _made_by_another(settings.store)
    if stale:
        typer.secho(stale, fg="yellow", err=True)
    typer.echo(f"serving {settings.store} at http://{host}:{port}/sparql", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning",
                h11_max_incomplete_event_size=request_head_limit(settings.max_body))
    return 0


def _made_by_another(path) -> str | None:
    """A warning when the store's index and inferred graphs were not made by this geokg (the saved
    queries that read the index may then miss rows); nothing for a new store or one it cannot read."""
    from ..errors import KgError
    from ..reason import NOT_MADE_HERE, made_by_another
    from ..store import Store

    try:
        store = Store(path, read_only=True)
    except KgError:
        return None
    try:
        if not made_by_another(store):
            return None
    finally:
        store.close()
    return (f"warning: {path}: {NOT_MADE_HERE}; saved queries may miss rows until `kg reason --store {path}` "
            f"(or the next `kg ingest`) rebuilds them")
