"""The SPARQL 1.1 Protocol endpoint and saved queries over HTTP: in-process through the ASGI app,
and over a real socket with clients nobody here wrote (SPARQLWrapper, rdflib's SPARQLStore)."""
from __future__ import annotations

import json
import shutil
import time

import pytest
from conftest import serving
from starlette.testclient import TestClient

from kg.server import Settings, create_app
from kg.vocab import article_iri

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
COUNT_STATES = "PREFIX kg: <https://w3id.org/geokg/ontology#> SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a kg:State }"


@pytest.fixture(scope="module")
def client(sample_store_path, tmp_path_factory):
    # A copy of its own: a server holds its store open and RocksDB compacts it in the background
    # (deleting .sst files), so other tests copying the shared store while this one is open could
    # copy a folder that changes under them; and this server's writes stay out of the shared store.
    copy = tmp_path_factory.mktemp("client") / "store"
    shutil.copytree(sample_store_path, copy)
    app = create_app(Settings(copy, token="s3cret", timeout=3, max_rows=500, max_body=20_000))
    with TestClient(app) as c:
        yield c


def _n(response) -> int:
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("how", ["get", "form", "body"])
def test_server_query_by_get_form_and_body(client, how):
    if how == "get":
        r = client.get("/sparql", params={"query": COUNT_STATES})
    elif how == "form":
        r = client.post("/sparql", data={"query": COUNT_STATES})
    else:
        r = client.post("/sparql", content=COUNT_STATES, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    assert _n(r) > 5


@pytest.mark.parametrize("accept, ctype, check", [
    ("application/sparql-results+json", "application/sparql-results+json", lambda t: json.loads(t)["head"]),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda t: "<sparql" in t),
    ("text/csv", "text/csv", lambda t: t.startswith("iso\r\n")),
    ("text/tab-separated-values", "text/tab-separated-values", lambda t: t.startswith("?iso\n")),
])
def test_server_select_content_negotiation(client, accept, ctype, check):
    q = "PREFIX kg: <https://w3id.org/geokg/ontology#> SELECT DISTINCT ?iso WHERE { ?s kg:iso3 ?iso } ORDER BY ?iso"
    r = client.get("/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(ctype) and check(r.text)


@pytest.mark.parametrize("accept, ctype", [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"), ("application/ld+json", "application/ld+json"),
])
def test_server_construct_content_negotiation(client, accept, ctype):
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . FILTER(?s = <https://w3id.org/geokg/id/state/RUS>) }"
    r = client.get("/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
    import rdflib
    g = rdflib.Graph().parse(data=r.text, format={"text/turtle": "turtle", "application/n-triples": "nt",
                                                  "application/rdf+xml": "xml", "application/ld+json": "json-ld"}[ctype])
    assert (rdflib.URIRef("https://w3id.org/geokg/id/state/RUS"), None, None) in g


def test_server_ask(client):
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("request_kwargs, status, words", [
    ({"params": {"query": "SELECT WHERE {"}}, 400, "does not parse"),
    ({"params": {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, "headers": {"Accept": "image/png"}}, 406, "cannot answer"),
    ({"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"}}, 403, "SERVICE"),
    ({"params": {"query": "SELECT * WHERE { ?s ?p '" + "x" * 30_000 + "' }"}}, 413, "larger than"),
])
def test_server_errors_have_status_and_one_json_shape(client, request_kwargs, status, words):
    r = client.get("/sparql", **request_kwargs)
    assert r.status_code == status
    body = r.json()
    assert body["error"]["status"] == status and words in body["error"]["message"]
    assert "Traceback" not in r.text


def test_server_oversized_post_is_413(client):
    r = client.post("/sparql", content="SELECT * WHERE { ?s ?p ?o }" + " " * 30_000,
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_server_update_needs_the_token(client):
    upd = 'INSERT DATA { GRAPH <urn:test:g> { <urn:test:s> <urn:test:p> "added" } }'
    assert client.post("/sparql", data={"update": upd}).status_code == 403
    wrong = client.post("/sparql", data={"update": upd}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    ok = client.post("/sparql", content=upd, headers={"Content-Type": "application/sparql-update",
                                                      "Authorization": "Bearer s3cret"})
    assert ok.status_code == 204
    r = client.get("/sparql", params={"query": "ASK { <urn:test:s> <urn:test:p> \"added\" }"})
    assert r.json()["boolean"] is True


def test_server_default_and_named_graph_uri(client):
    graph = article_iri("au-suspends-niger")
    q = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/geokg/ontology#Article> }"
    assert _n(client.get("/sparql", params={"query": q})) == 8
    assert _n(client.get("/sparql", params={"query": q, "default-graph-uri": graph})) == 1
    qn = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _n(client.get("/sparql", params={"query": qn, "named-graph-uri": graph})) == 1


def test_server_service_description(client):
    r = client.get("/sparql")
    assert r.status_code == 200 and "sd:Service" in r.text and r.headers["content-type"].startswith("text/turtle")


def test_server_row_cap_is_an_error_not_a_truncated_result(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 422 and "more than 500 rows" in r.json()["error"]["message"]


def test_server_time_limit_stops_a_query_that_would_run_for_minutes(client):
    started = time.monotonic()
    r = client.get("/sparql", params={"query": HEAVY})
    took = time.monotonic() - started
    assert r.status_code == 503 and "time limit" in r.json()["error"]["message"]
    assert took < 3 + 5
    assert _n(client.get("/sparql", params={"query": COUNT_STATES})) > 5


def test_server_store_process_that_dies_is_started_again(sample_store_path, tmp_path):
    import os
    import signal

    copy = tmp_path / "store"
    shutil.copytree(sample_store_path, copy)
    app = create_app(Settings(copy, timeout=10))
    with TestClient(app) as c:
        first = app.state.worker.pid
        os.kill(first, signal.SIGKILL)
        for _ in range(3):
            assert _n(c.get("/sparql", params={"query": COUNT_STATES})) > 5
        assert app.state.worker.pid != first


def test_server_lists_saved_queries(client):
    r = client.get("/queries")
    names = {q["name"]: q for q in r.json()}
    assert "state-timeline" in names
    assert names["state-timeline"]["parameters"] == [
        {"name": "state", "required": False, "type": "string", "default": "RUS", "enum": None}]


@pytest.mark.parametrize("accept, fmt, ctype", [
    ("application/sparql-results+json", None, "application/sparql-results+json"),
    ("text/csv", None, "text/csv"),
    ("*/*", "csv", "text/csv"),
])
def test_server_runs_saved_query(client, accept, fmt, ctype):
    params = {"state": "USA"} | ({"format": fmt} if fmt else {})
    r = client.get("/queries/state-timeline", params=params, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
    assert "USA" in r.text


@pytest.mark.parametrize("path, status", [
    ("/queries/no-such-query", 404), ("/queries/..%2F..%2Fpyproject", 404), ("/queries/%2Fetc%2Fpasswd", 404),
])
def test_server_saved_query_names_stay_in_the_folder(client, path, status):
    r = client.get(path)
    assert r.status_code == status and "error" in r.json()


def test_server_saved_query_injection_is_a_string(client):
    r = client.get("/queries/state-timeline", params={"state": 'RUS" } } ; DROP ALL ; #'})
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []
    assert _n(client.get("/sparql", params={"query": COUNT_STATES})) > 5


def test_server_no_cors_unless_asked(client):
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in r.headers


# --- a real socket, real clients ------------------------------------------------------------

@pytest.fixture(scope="module")
def live_url(sample_store_path, tmp_path_factory):
    copy = tmp_path_factory.mktemp("live") / "store"
    shutil.copytree(sample_store_path, copy)
    with serving(copy, timeout=10) as base:
        yield base + "/sparql"


def test_server_socket_sparqlwrapper(live_url):
    from SPARQLWrapper import JSON, SPARQLWrapper
    sw = SPARQLWrapper(live_url)
    sw.setQuery("PREFIX kg: <https://w3id.org/geokg/ontology#> SELECT ?iso WHERE { ?s kg:iso3 ?iso } LIMIT 5")
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert len(rows) == 5 and all(len(r["iso"]["value"]) == 3 for r in rows)


def test_server_socket_rdflib_sparqlstore(live_url):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    g = rdflib.Graph(store=SPARQLStore(live_url))
    rows = list(g.query("SELECT ?l WHERE { <https://w3id.org/geokg/id/state/RUS> "
                        "<http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 1"))
    assert str(rows[0][0]) == "Russia"


def _raw_get(url: str, target: str):
    """A GET over the socket, its request line sent in 4 KB pieces as a network would deliver it
    (one piece would fit the parser's buffer however small; httpx refuses URLs over 64 KB):
    (status, content type, body)."""
    import http.client
    import socket
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    head = (f"GET {target} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
            "Accept: application/sparql-results+json\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as sock:
        for i in range(0, len(head), 4096):
            try:
                sock.sendall(head[i:i + 4096])
            except (BrokenPipeError, ConnectionResetError):  # answered (and closed) before the end
                break
            time.sleep(0.0005)
        r = http.client.HTTPResponse(sock)
        r.begin()
        return r.status, r.getheader("content-type", ""), r.read()


def test_server_socket_long_get_reaches_the_app(live_url):
    # uvicorn's parser refuses a request line over 16 KB with a plain-text 400 unless told otherwise
    from urllib.parse import urlencode
    query = 'ASK { FILTER("' + "x" * 100_000 + '" != "") }'
    status, ctype, body = _raw_get(live_url, "/sparql?" + urlencode({"query": query}))
    assert status == 200 and ctype.startswith("application/sparql-results+json"), body[:200]
    assert json.loads(body) == {"head": {}, "boolean": True}


def test_server_socket_get_over_the_size_limit_is_our_json_413(live_url):
    from urllib.parse import urlencode
    query = 'ASK { FILTER("' + "x" * 1_010_000 + '" != "") }'  # the server's limit is 1,000,000 bytes
    status, ctype, body = _raw_get(live_url, "/sparql?" + urlencode({"query": query}))
    assert status == 413 and ctype.startswith("application/json"), body[:200]
    assert json.loads(body)["error"]["status"] == 413 and "larger than" in json.loads(body)["error"]["message"]
