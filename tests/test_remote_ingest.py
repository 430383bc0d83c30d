"""`kg ingest --endpoint`: articles sent over the Graph Store Protocol, to `kg serve` (with its
token) and to a real `oxigraph serve` started here on 127.0.0.1."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from conftest import serving, wait_for

from kg.rdf import ENTITIES
from kg.vocab import INDEX, article_iri, inferred_graph

STORY = ("Chile recalls envoy from Nicaragua\n\nChile recalled its ambassador from Nicaragua on Monday, "
         "the Chilean Foreign Ministry said, after Managua expelled two Chilean diplomats.\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "cl1.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


@pytest.fixture
def kg_server(tmp_path):
    with serving(tmp_path / "served", token="t0ken") as base:
        yield base


@pytest.fixture
def oxigraph_server(tmp_path):
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "oxi"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/query?query=ASK%7B%7D")
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def _ask_graph(query_url: str, graph: str) -> bool:
    r = httpx.get(query_url, params={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                  headers={"Accept": "application/sparql-results+json"})
    return r.json()["boolean"]


def test_remote_ingest_into_kg_serve_with_token(kg_cli, article, kg_server):
    r = kg_cli("ingest", article, "--endpoint", kg_server + "/store", "--token", "t0ken")
    assert r.exit_code == 0, r.output
    assert _ask_graph(kg_server + "/sparql", article_iri("cl1"))
    again = kg_cli("ingest", article, "--endpoint", kg_server + "/store", "--token", "t0ken")
    assert again.exit_code == 0
    n = httpx.get(kg_server + "/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{article_iri('cl1')}> {{ ?s ?p ?o }} }}"})
    first = int(n.json()["results"]["bindings"][0]["n"]["value"])
    assert first > 10
    assert _ask_graph(kg_server + "/sparql", ENTITIES)  # the states' descriptions were POSTed (added)
    # the server concluded what the article lets one conclude, as a local ingest does
    assert _ask_graph(kg_server + "/sparql", inferred_graph(article_iri("cl1")))
    mentioned = (f"PREFIX kg: <https://w3id.org/geokg/ontology#> ASK {{ GRAPH <{inferred_graph(article_iri('cl1'))}> "
                 "{ <https://w3id.org/geokg/id/state/CHL> kg:mentionedIn ?a } }")
    r = httpx.get(kg_server + "/sparql", params={"query": mentioned},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.json()["boolean"] is True


def test_remote_ingest_into_kg_serve_writes_the_index_rows_a_local_ingest_writes(kg_cli, article, kg_server, tmp_path):
    """kg serve makes an article's index rows (kg/index.py) from the graph it receives, as a local
    ingest writes them; sent again (PUT), the rows stay the same."""
    local = tmp_path / "local"
    assert kg_cli("ingest", article, "--store", local).exit_code == 0
    q = (f'SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), "{INDEX}")) }}')
    expected = kg_cli("query", q, "--store", local, "--format", "csv").stdout.splitlines()
    assert len(expected) > 2  # a header and rows
    for _ in range(2):
        r = kg_cli("ingest", article, "--endpoint", kg_server + "/store", "--token", "t0ken", "--force")
        assert r.exit_code == 0, r.output
        got = httpx.get(kg_server + "/sparql", params={"query": q}, headers={"Accept": "text/csv"}).text.splitlines()
        assert sorted(got) == sorted(expected)



def test_remote_ingest_into_a_new_kg_serve_store_is_stamped_as_this_geokgs(kg_cli, article, kg_server):
    """kg serve stamps the new store it opens (kg.reason.derivation), so the articles the Graph Store
    Protocol brings are not taken later for another geokg's (which would warn and rebuild)."""
    from kg.reason import DERIVATION, derivation
    from kg.vocab import INFERRED

    assert kg_cli("ingest", article, "--endpoint", kg_server + "/store", "--token", "t0ken").exit_code == 0
    q = f'ASK {{ GRAPH <{INFERRED}> {{ <{INFERRED}> <{DERIVATION}> "{derivation()}" }} }}'
    r = httpx.get(kg_server + "/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    assert r.json()["boolean"] is True and _ask_graph(kg_server + "/sparql", article_iri("cl1"))


def test_remote_ingest_without_token_is_refused_and_reported(kg_cli, article, kg_server):
    r = kg_cli("ingest", article, "--endpoint", kg_server + "/store")
    assert r.exit_code == 1
    assert "403" in r.stderr and "token" in r.stderr
    assert not _ask_graph(kg_server + "/sparql", article_iri("cl1"))


def test_remote_ingest_into_oxigraph_serve(kg_cli, article, oxigraph_server):
    r = kg_cli("ingest", article, "--endpoint", oxigraph_server + "/store")
    assert r.exit_code == 0, r.output
    assert _ask_graph(oxigraph_server + "/query", article_iri("cl1"))
    q = (f"SELECT ?iso WHERE {{ GRAPH <{ENTITIES}> {{ ?s <https://w3id.org/geokg/ontology#iso3> ?iso }} }}")
    isos = {b["iso"]["value"] for b in httpx.get(oxigraph_server + "/query", params={"query": q},
                                                 headers={"Accept": "application/sparql-results+json"}
                                                 ).json()["results"]["bindings"]}
    assert {"CHL", "NIC"} <= isos


def test_remote_ingest_store_held_by_server_gives_clear_message(kg_cli, article, tmp_path, kg_server):
    r = kg_cli("ingest", article, "--store", tmp_path / "served")
    assert r.exit_code == 1
    assert "in use by another process" in r.stderr and "--endpoint" in r.stderr
