"""Shared fixtures: the real spaCy pipeline (built once), real on-disk Oxigraph stores, the CLI."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.main import app
from kg.gazetteer import load as load_gazetteer
from kg.ingest import analyse as analyse_article
from kg.model import Article, ArticleGraph
from kg.nlp import build_pipeline, pipeline_name

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline()


@pytest.fixture(scope="session")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="session")
def analyse(nlp, gaz):
    """Run the real pipeline over a text written for the test and return its ArticleGraph."""
    def run(body: str, title: str = "", article_id: str = "t1", published: str | None = None) -> ArticleGraph:
        article = Article(id=article_id, title=title, body=body, published=published)
        return analyse_article(article, nlp(article.text), gaz, pipeline_name(nlp))
    return run


@pytest.fixture(scope="session")
def dated_graph(analyse):
    """The graph of a one-article story dated 8 March 2024 (a Friday), events included."""
    def run(body: str, published: str | None = "2024-03-08", title: str = "") -> ArticleGraph:
        return analyse(body, title=title, article_id="ev", published=published)
    return run


@pytest.fixture
def store_dir(tmp_path) -> Path:
    return tmp_path / "store"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return ROOT / "data" / "samples"


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory, samples_dir) -> Path:
    """A store on disk holding the sample articles, built once (closed: a server can open it)."""
    from kg.ingest import ingest
    from kg.store import Store

    path = tmp_path_factory.mktemp("samples-store") / "store"
    store = Store(path)
    ingest([str(samples_dir)], store)
    store.close()
    return path


@pytest.fixture
def kg_cli():
    """Invoke the real `kg` application in-process; returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
    return invoke


@contextmanager
def serving(store_path: Path, **settings):
    """`kg serve`'s app on a real socket on 127.0.0.1 (a free port), for as long as the block runs."""
    import uvicorn

    from kg.server import Settings, create_app
    from kg.server.errors import request_head_limit

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app_settings = Settings(store_path, **settings)
    server = uvicorn.Server(uvicorn.Config(create_app(app_settings), host="127.0.0.1", port=port, log_level="warning",
                                           h11_max_incomplete_event_size=request_head_limit(app_settings.max_body)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


def by_key(graph: ArticleGraph):
    return {e.key: e for e in graph.entities}


def wait_for(url: str, proc=None, seconds: float = 60) -> None:
    """Until `url` answers over HTTP (any status); fails when `proc`, the server, exits first."""
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (proc is None or proc.poll() is None):
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    exited = proc is not None and proc.poll() is not None
    raise AssertionError(f"{url} did not come up" + (f": {proc.stderr.read()}" if exited and proc.stderr else ""))
