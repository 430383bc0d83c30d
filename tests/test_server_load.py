"""The server under load, over a real socket on 127.0.0.1: concurrent clients mixing saved queries,
small queries, entity pages, large results, results over the row cap, malformed queries and
queries that run past the time limit. Bounded: 4 clients, 240 requests, at most 60 s of sending.
The mix and its checks are bench/load.py's (run by hand at a larger size), loaded by path."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from conftest import serving

LOAD_PY = Path(__file__).resolve().parent.parent / "bench" / "load.py"
TIMEOUT, MAX_ROWS = 3.0, 1000


def _load_module():
    spec = importlib.util.spec_from_file_location("kg_bench_load", LOAD_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


load = _load_module()


@pytest.fixture(scope="module")
def loaded(sample_store_path, tmp_path_factory):
    """Serve a copy of the sample store, run the mix against it; (results, server still answering)."""
    copy = tmp_path_factory.mktemp("load") / "store"
    shutil.copytree(sample_store_path, copy)
    mix = load.parse_mix(load.DEFAULT_MIX)
    with serving(copy, timeout=TIMEOUT, max_rows=MAX_ROWS) as base:
        results, wall = load.run_load(base, clients=4, requests=240, seconds=60, mix=mix, max_rows=MAX_ROWS,
                                      client_timeout=45, seed=11)
        print("\n" + load.table(results) + "\n" + load.summary(results, wall, True))
        yield results, load.alive(base)


def test_load_every_request_is_answered(loaded):
    results, _ = loaded
    assert len(results) == 240
    assert [r for r in results if not isinstance(r.status, int)] == []  # none hung, refused or cut


def test_load_each_kind_gets_its_status(loaded):
    results, _ = loaded
    assert {r.kind for r in results} == set(load.EXPECTED)  # the mix held every kind
    assert [(r.kind, r.status) for r in load.unexpected(results)] == []


def test_load_error_bodies_are_the_json_shape_without_stack_traces(loaded):
    results, _ = loaded
    assert [(r.kind, r.status, r.problem) for r in results if r.problem] == []


def test_load_the_server_still_answers_afterwards(loaded):
    _, alive = loaded
    assert alive


@pytest.mark.parametrize("status, body, problem", [
    (500, '{"error": {"status": 500, "message": "Traceback (most recent call last):"}}', "stack trace"),
    (500, 'File "/x/kg/server/app.py", line 3', "stack trace"),
    (400, "Invalid HTTP request received.", "JSON error shape"),
    (422, '{"error": {"status": 400, "message": "x"}}', "JSON error shape"),
    (400, '{"error": {"status": 400, "message": "the query does not parse"}}', None),
])
def test_load_body_check_catches_what_it_should(status, body, problem):
    """The checks above would see a stack trace or another error shape if there were one."""
    import httpx
    found = load.body_problem(load.Call("malformed", "GET", "/"), httpx.Response(status, text=body))
    assert (found is None) if problem is None else (problem in found)
