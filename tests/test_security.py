"""Security of `kg serve`: saved-query parameters cannot inject SPARQL, a query name cannot reach a
file outside the queries folder, writes need the token (compared in constant time), CORS stays off
unless asked for, the server binds to 127.0.0.1 unless told otherwise, no error response holds a
stack trace, and a request over the size limit is refused without being read.

In-process through the ASGI app where that is enough; over real sockets on 127.0.0.1 where the
point is what the network sees (the bind address, a body the server must stop reading)."""
from __future__ import annotations

import hmac
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import serving, wait_for
from starlette.testclient import TestClient

import kg
from kg import queries as saved
from kg.server import Settings, create_app

TOKEN = "s3cret-token"
KG_DIR = str(Path(kg.__file__).resolve().parent)
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def store_copy(sample_store_path, tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("security") / "store"
    shutil.copytree(sample_store_path, copy)
    return copy


@pytest.fixture(scope="module")
def client(store_copy):
    app = create_app(Settings(store_copy, token=TOKEN, timeout=2, max_rows=500, max_body=40_000))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _n(response) -> int:
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _quads(client) -> int:
    return _n(client.get("/sparql", params={"query": COUNT_ALL}))


def assert_json_error(r, status: int | None = None) -> dict:
    """The one error shape, with the response's status, and nothing of the server's insides."""
    assert r.status_code >= 400 and (status is None or r.status_code == status), (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == r.status_code and body["error"]["message"]
    for leak in ("Traceback", 'File "', "site-packages", KG_DIR, ".py\", line"):
        assert leak not in r.text
    return body["error"]


# --- (a) saved-query parameters cannot inject SPARQL -------------------------------------------

INJECTIONS = [
    '"} ; DROP ALL ; #',
    'RUS" } } ; DROP ALL ; #',
    'RUS" || true || "',
    "RUS' || true || '",
    'RUS") || (true',
    '<http://x> } UNION { ?s ?p ?o',
    'RUS"^^<http://www.w3.org/2001/XMLSchema#string> } UNION { ?s ?p ?o } #',
    'RUS"""\n} UNION { ?s ?p ?o }\n#',
    "RUS\n}\nDROP ALL ;\nSELECT * WHERE {",
    'RUS\\" || true || \\"',
    "RUS\u0000",
    '\u0000" } ; DROP ALL ; #',
    "?_state",
    "*",
    "RUS\u202e",
    "R" * 20_000,
]


@pytest.mark.parametrize("name, param", [("state-timeline", "state"), ("state-bodies-officials", "state"),
                                         ("officials-quoted-about-state", "state"),
                                         ("states-mentioned-together", "state"), ("sanctions-regimes", "imposer")])
@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_security_state_parameter_is_one_literal(client, name, param, value):
    """Whatever the value, it is compared as one string to a state's code: no state has it, so
    there are no rows (a pasted value would have matched every state) and the store is unchanged."""
    before = _quads(client)
    r = client.get(f"/queries/{name}", params={param: value})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["results"]["bindings"] == []
    assert _quads(client) == before


@pytest.mark.parametrize("name, param, value, column, expected", [
    ("states-mentioned-together", "state", "RUS", "first", {"Russia"}),
    ("sanctions-regimes", "imposer", "USA", "imposer", {"United States"}),
])
def test_security_state_parameter_filters_to_that_state(client, name, param, value, column, expected):
    """The counterpart: a real code gives rows, and every one of them (read from the graph, not
    echoed from the parameter) is about that state only."""
    rows = client.get(f"/queries/{name}", params={param: value}).json()["results"]["bindings"]
    assert rows and {row[column]["value"] for row in rows} == expected
    everything = client.get(f"/queries/{name}").json()["results"]["bindings"]
    assert len(everything) > len(rows)  # what a value pasted as `"" || true` would have returned


@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_security_substring_parameter_is_one_literal(client, value):
    """who-said-what matches speakers whose name contains the value: none contains these."""
    r = client.get("/queries/who-said-what", params={"speaker": value})
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []


@pytest.mark.parametrize("value", [
    "state/RUS> ?p ?o } UNION { ?s ?p ?o", "state/RUS>", "<http://x>", "state/RUS\" ; DROP ALL", "state/RUS }",
    "state/RUS\nDROP ALL", "state/RUS\u0000", "http://x/%zz", "http://x/a#b#c", "state/RUS{x}", "http://[::1",
    "http://x:abc/", "x" * 5000,
])
def test_security_iri_parameter_refuses_what_is_not_an_iri(client, value):
    before = _quads(client)
    r = client.get("/queries/entity-facts", params={"entity": value})
    assert_json_error(r, 400)
    assert _quads(client) == before


def test_security_iri_parameter_binds_only_that_iri(client):
    rows = client.get("/queries/entity-facts", params={"entity": "state/RUS"}).json()["results"]["bindings"]
    assert rows and {row["_entity_iri"]["value"] for row in rows} == {"https://w3id.org/geokg/id/state/RUS"}


@pytest.mark.parametrize("value", ['2024-01-01" ) || true || ("', "2024-01-01\n} UNION { ?s ?p ?o }", "yesterday"])
def test_security_date_parameter_must_be_a_date(client, value):
    assert_json_error(client.get("/queries/entities-new-since", params={"since": value}), 400)


# --- (b) a query name cannot reach a file outside the queries folder ----------------------------

TRAVERSALS = ["../pyproject", "..%2Fpyproject", "..%2F..%2Fpyproject", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd",
              "%2e%2e%2fpyproject", "..%5C..%5Cpyproject", "..\\pyproject", "C:%5Cwindows%5Cwin.ini",
              "state-timeline.rq", "state-timeline%00", "state-timeline%2F..", "...", "%2e", "%2e%2e",
              "..%252F..%252Fpyproject", "queries%2Fstate-timeline", "%7Estate-timeline", "STATE-TIMELINE"]


@pytest.mark.parametrize("name", TRAVERSALS)
def test_security_query_name_stays_in_the_folder(client, name):
    r = client.get("/queries/" + name)
    assert r.status_code in (400, 404)
    assert_json_error(r)
    for content in ("[project]", "root:", "PREFIX", "SELECT", "[fonts]"):
        assert content not in r.text


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/..%2Fapp.py", "/static/%2e%2e/app.py",
                                  "/static/..%2F..%2Fqueries.py", "/static/%2Fetc%2Fpasswd"])
def test_security_static_files_stay_in_their_folder(client, path):
    r = client.get(path)
    assert_json_error(r, 404)
    assert "import" not in r.text and "root:" not in r.text


@pytest.mark.parametrize("name", ["../secret", "..%2Fsecret", "/abs/secret", "sub/../../secret", "..\\secret",
                                  "secret", "a/../../secret"])
def test_security_saved_query_lookup_never_reads_outside_its_folder(tmp_path, name):
    """A .rq file next to the folder (or anywhere else) is never read, whatever the name says."""
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "mine.rq").write_text("#+ summary: mine\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n")
    (tmp_path / "secret.rq").write_text("#+ summary: secret\nSELECT ?secret WHERE {}\n")
    name = name.replace("/abs", str(tmp_path))
    with pytest.raises(saved.NoSuchQuery):
        saved.get(name, folder)
    assert saved.get("mine", folder).title == "mine"


# --- (c) updates need the token, compared in constant time -------------------------------------

UPDATE = 'INSERT DATA { GRAPH <urn:test:sec> { <urn:test:s> <urn:test:p> "planted" } }'
WRONG_AUTH = [None, "", "Bearer", "Bearer ", "Bearer wrong", "Bearer s3cret", "Bearer s3cret-token-and-more",
              "Bearer " + TOKEN.upper(), TOKEN, "Basic " + TOKEN, "Token " + TOKEN, "Bearer" + TOKEN,
              "Bearer s3cret-tokén".encode(), "Bearer " + "x" * 10_000]


def _planted(client) -> bool:
    return client.get("/sparql", params={"query": 'ASK { GRAPH ?g { <urn:test:s> ?p "planted" } }'}).json()["boolean"]


def _writes(auth: str | bytes | None):
    headers = {"Authorization": auth} if auth is not None else {}
    nt = {"content": '<urn:test:s> <urn:test:p> "planted" .\n',
          "headers": headers | {"Content-Type": "application/n-triples"}}
    return [("POST", "/sparql", {"data": {"update": UPDATE}, "headers": headers}),
            ("POST", "/sparql", {"content": UPDATE,
                                 "headers": headers | {"Content-Type": "application/sparql-update"}}),
            ("PUT", "/store?graph=urn:test:sec", nt), ("POST", "/store?graph=urn:test:sec", nt),
            ("DELETE", "/store?graph=https://w3id.org/geokg/id/graph/entities", {"headers": headers})]


@pytest.mark.parametrize("auth", WRONG_AUTH, ids=range(len(WRONG_AUTH)))
def test_security_writes_without_the_token_are_refused(client, auth):
    before = _quads(client)
    for method, url, kwargs in _writes(auth):
        r = client.request(method, url, **kwargs)
        assert r.status_code in (401, 403), (method, url, r.status_code)
        assert_json_error(r)
    assert _quads(client) == before and not _planted(client)


def test_security_writes_with_the_token_are_accepted(client):
    auth = {"Authorization": "Bearer " + TOKEN}
    r = client.post("/sparql", content=UPDATE, headers=auth | {"Content-Type": "application/sparql-update"})
    assert r.status_code == 204 and _planted(client)
    assert client.delete("/store?graph=urn:test:sec", headers=auth).status_code == 204
    assert not _planted(client)
    lower = client.post("/sparql", data={"update": UPDATE}, headers={"Authorization": "bearer " + TOKEN})
    assert lower.status_code == 204  # the scheme's name is case-insensitive (RFC 7235)
    client.delete("/store?graph=urn:test:sec", headers=auth)


def test_security_a_server_without_token_is_read_only(sample_store_path, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(sample_store_path, copy)
    with TestClient(create_app(Settings(copy))) as c:
        for auth in (None, "Bearer ", "Bearer " + TOKEN, "Bearer None"):
            for method, url, kwargs in _writes(auth):
                assert_json_error(c.request(method, url, **kwargs), 403)


@pytest.mark.parametrize("auth", ["Bearer wrong", "Bearer s3cret", "Bearer " + "x" * 500, "Bearer " + TOKEN])
def test_security_token_goes_through_constant_time_compare(client, monkeypatch, auth):
    """Every check, whatever the length of the token given, is decided by hmac.compare_digest on
    bytes (the standard library's constant-time comparison), not by `==` or an early length test."""
    calls = []
    real = hmac.compare_digest

    def recording(a, b):
        calls.append((a, b))
        return real(a, b)
    monkeypatch.setattr(hmac, "compare_digest", recording)
    r = client.post("/sparql", data={"update": "CLEAR SILENT GRAPH <urn:test:none>"}, headers={"Authorization": auth})
    assert r.status_code == (204 if auth.endswith(TOKEN) else 403)
    assert calls == [(auth.removeprefix("Bearer ").encode(), TOKEN.encode())]


# --- (d) CORS stays off unless asked for --------------------------------------------------------

PREFLIGHT = {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type"}


def test_security_no_cors_headers_by_default(client):
    simple = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.example"})
    assert simple.status_code == 200
    preflight = client.options("/sparql", headers=PREFLIGHT)
    for r in (simple, preflight, client.get("/queries", headers={"Origin": "null"})):
        assert not [h for h in r.headers if h.lower().startswith("access-control-")]
    assert preflight.status_code == 405


def test_security_cors_when_asked_for_one_origin(sample_store_path, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(sample_store_path, copy)
    with TestClient(create_app(Settings(copy, cors_origins=("https://allowed.example",)))) as c:
        ok = c.options("/sparql", headers=PREFLIGHT | {"Origin": "https://allowed.example"})
        assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "https://allowed.example"
        get = c.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://allowed.example"})
        assert get.headers["access-control-allow-origin"] == "https://allowed.example"
        other = c.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
        page = c.get("/queries/states-mentioned-together", params={"limit": 2},
                     headers={"Origin": "https://allowed.example"})  # the next page's link is readable
        assert "rel=\"next\"" in page.headers["link"]
        assert page.headers["access-control-expose-headers"] == "Link"


def test_security_settings_default_to_read_only_without_cors(tmp_path):
    s = Settings(tmp_path)
    assert s.token is None and s.cors_origins == () and s.allow_service is False


# --- (e) the server binds to 127.0.0.1 unless told otherwise ----------------------------------

def _serve_command(store: Path, port: int, *extra: str) -> list[str]:
    script = Path(sys.executable).parent / "kg"
    return [str(script), "serve", "--store", str(store), "--port", str(port), *extra]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_security_cli_default_host_is_loopback(kg_cli):
    import typer

    from kg.cli.main import app
    serve = typer.main.get_command(app).commands["serve"]
    params = {p.name: p for p in serve.params}
    assert params["host"].default == "127.0.0.1"
    assert params["cors"].default is None
    assert "127.0.0.1" in kg_cli("serve", "--help").output


@pytest.mark.parametrize("cors", [None, "https://allowed.example"])
def test_security_kg_serve_listens_on_loopback_only(tmp_path, cors):
    """The real `kg serve`: reachable at 127.0.0.1 but not at 127.0.0.2 (which a server listening on
    every address would answer), and CORS headers only when --cors is given."""
    port = _free_port()
    proc = subprocess.Popen(_serve_command(tmp_path / "store", port, *(["--cors", cors] if cors else [])),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/queries", proc)
        with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=3):
            pass
        r = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"},
                      headers={"Origin": "https://allowed.example"})
        assert r.headers.get("access-control-allow-origin") == cors
    finally:
        proc.terminate()
        proc.wait(20)


# --- (f) no stack trace in any error response, one JSON shape ---------------------------------

SPARQL_Q = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SPARQL_BODY, AUTH = {"Content-Type": "application/sparql-query"}, {"Authorization": "Bearer " + TOKEN}
BAD_REQUESTS = [
    ("GET", "/sparql", {"params": {"query": "SELECT WHERE {"}}, 400),
    ("POST", "/sparql", {"content": "SELEKT *", "headers": SPARQL_BODY}, 400),
    ("POST", "/sparql", {"content": SPARQL_Q, "headers": {"Content-Type": "text/plain"}}, 415),
    ("POST", "/sparql", {"content": json.dumps({"query": SPARQL_Q}),
                         "headers": {"Content-Type": "application/json"}}, 415),
    ("POST", "/sparql", {"content": SPARQL_Q}, 415),
    ("POST", "/sparql", {"content": b"query=\xff\xfe%ZZ", "headers": FORM}, 400),
    ("POST", "/sparql", {"data": {"query": SPARQL_Q, "update": "CLEAR ALL"}}, 400),
    ("GET", "/sparql", {"params": {"query": "DROP ALL"}}, 400),
    ("GET", "/sparql", {"params": {"query": SPARQL_Q}, "headers": {"Accept": "image/png"}}, 406),
    ("GET", "/sparql", {"params": {"query": SPARQL_Q}, "headers": {"Accept": ",,;q=x;;"}}, 406),
    ("GET", "/sparql", {"params": {"query": SPARQL_Q, "format": "pdf"}}, 406),
    ("GET", "/sparql", {"params": {"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"},
                        "headers": {"Accept": "text/csv"}}, 406),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "named-graph-uri": "http://x:abc/"}}, 400),
    ("GET", "/sparql", {"params": {"query": "SELECT * WHERE { ?s ?p ?o }"}}, 422),
    ("GET", "/sparql", {"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}}, 403),
    ("GET", "/sparql", {"params": {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1" + " " * 50_000}}, 413),
    ("POST", "/sparql", {"content": SPARQL_Q + " " * 50_000, "headers": SPARQL_BODY}, 413),
    ("POST", "/sparql", {"content": "CLEAR GRAPH <x",
                         "headers": AUTH | {"Content-Type": "application/sparql-update"}}, 400),
    ("DELETE", "/sparql", {}, 405),
    ("PUT", "/queries", {}, 405),
    ("POST", "/queries/state-timeline", {"data": {"state": "RUS"}}, 405),
    ("PATCH", "/store?graph=urn:x", {}, 405),
    ("OPTIONS", "/", {}, 405),
    ("GET", "/nothing-here", {}, 404),
    ("GET", "/static/nothing.js", {}, 404),
    ("GET", "/queries/no-such-query", {}, 404),
    ("GET", "/queries/state-timeline", {"params": {"nope": "1"}}, 400),
    ("GET", "/queries/state-timeline", {"params": {"format": "turtle"}}, 406),
    ("GET", "/queries/entities-new-since", {"params": {"since": "2024-13-45"}}, 400),
    ("GET", "/queries/state-timeline", {"params": {"state": "R" * 50_000}}, 413),
    ("GET", "/api/entity", {}, 400),
    ("GET", "/api/entity", {"params": {"iri": "<script>alert(1)</script>"}}, 400),
    ("GET", "/api/entity", {"params": {"iri": "http://x:abc/"}}, 400),
    ("GET", "/api/entity", {"params": {"iri": "https://w3id.org/x" + "y" * 50_000}}, 413),
    ("GET", "/store", {}, 400),
    ("GET", "/store?graph=urn:test:no-such-graph", {}, 404),
    ("PUT", "/store?graph=urn:test:bad", {"content": "<a> <b> .", "headers": AUTH | {"Content-Type": "text/turtle"}},
     400),
    ("PUT", "/store?graph=urn:test:bad", {"content": "x", "headers": AUTH | {"Content-Type": "application/pdf"}}, 400),
    ("PUT", "/store?graph=urn:x> } ; DROP ALL ; INSERT DATA { GRAPH <urn:y", {"content": "", "headers": AUTH}, 400),
    ("PUT", "/store?graph=urn:test:big", {"content": "x" * 50_000, "headers": AUTH}, 413),
]


@pytest.mark.parametrize("method, url, kwargs, status", BAD_REQUESTS,
                         ids=[f"{m} {u[:30]} {s}" for m, u, _, s in BAD_REQUESTS])
def test_security_errors_are_one_json_shape_without_stack_trace(client, method, url, kwargs, status):
    before = _quads(client)
    assert_json_error(client.request(method, url, **kwargs), status)
    assert _quads(client) == before


def test_security_query_past_the_time_limit_is_stopped_and_reported(client):
    started = time.monotonic()
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert "time limit" in assert_json_error(r, 503)["message"]
    assert time.monotonic() - started < 2 + 3
    assert _quads(client) > 0  # a fresh store process answers


def test_security_an_internal_error_says_nothing_of_where(client, monkeypatch):
    """An exception nobody expected (here the standard library failing to read a query file, with a
    path in its message) is a 500 in the one shape, without the exception's text."""
    def broken(self, *args, **kwargs):
        raise OSError(f"cannot read {KG_DIR}/server/app.py")
    monkeypatch.setattr(Path, "read_text", broken)
    error = assert_json_error(client.get("/queries"), 500)
    assert error["message"] == "internal server error"


# --- (g) request size limit: refused without being read ---------------------------------------

@pytest.fixture(scope="module")
def small_limit(sample_store_path, tmp_path_factory):
    copy = tmp_path_factory.mktemp("limit") / "store"
    shutil.copytree(sample_store_path, copy)
    with serving(copy, token=TOKEN, max_body=10_000) as base:
        yield base


def _raw(base: str, head: str, body_chunks=(), read_timeout: float = 10.0) -> str:
    """Send a raw HTTP/1.1 request (then keep the connection open); the start of the answer."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=read_timeout) as s:
        s.sendall(head.encode())
        for chunk in body_chunks:
            s.sendall(chunk)
        answer = b""
        while not _complete(answer):
            data = s.recv(65536)
            if not data:
                break
            answer += data
    return answer.decode("latin-1")


def _complete(answer: bytes) -> bool:
    head, sep, body = answer.partition(b"\r\n\r\n")
    length = [line.split(b":")[1] for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")]
    return bool(sep) and bool(length) and len(body) >= int(length[0])


def test_security_declared_body_over_the_limit_is_refused_before_it_is_sent(small_limit):
    """Content-Length says 50 MB and not one byte of it is sent: the answer comes at once."""
    head = ("POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            "Content-Length: 50000000\r\n\r\n")
    answer = _raw(small_limit, head, read_timeout=5)
    assert answer.startswith("HTTP/1.1 413") and '"status":413' in answer


def test_security_streamed_body_is_read_only_up_to_the_limit(small_limit):
    """A chunked body of unknown length: the server answers 413 once it has 10 kB more than the limit
    allows, while the body has not ended (its last chunk is never sent)."""
    head = ("PUT /store?graph=urn:test:stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/n-triples\r\n"
            f"Authorization: Bearer {TOKEN}\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"<urn:a> <urn:b> \"" + b"x" * 1000 + b"\" .\n"
    chunks = [f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"] * 20  # about 20 kB, no terminating chunk
    answer = _raw(small_limit, head, chunks, read_timeout=5)
    assert answer.startswith("HTTP/1.1 413") and '"status":413' in answer


def test_security_long_url_is_refused(small_limit):
    r = httpx.get(small_limit + "/queries/state-timeline", params={"state": "R" * 12_000})
    assert_json_error(r, 413)
