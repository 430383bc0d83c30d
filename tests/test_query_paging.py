"""Paging of saved queries (`limit`, `offset`): in the library, on the command line and over HTTP,
on a real store built from the sample articles."""
from __future__ import annotations

import shutil

import pytest
from starlette.testclient import TestClient

from kg import queries as saved
from kg.errors import QueryError
from kg.server import Settings, create_app
from kg.server.app import PAGE_SIZE
from kg.store import Store, rows_of

ALL = sorted(saved.load_all())


@pytest.fixture(scope="module")
def store(sample_store_path):
    s = Store(sample_store_path, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(sample_store_path, tmp_path_factory):
    copy = tmp_path_factory.mktemp("paging") / "store"
    shutil.copytree(sample_store_path, copy)
    with TestClient(create_app(Settings(copy, max_rows=500))) as c:
        yield c


def rows(store, name, params=None, **page):
    return rows_of(saved.run(store, name, params or {}, **page))[1]


@pytest.mark.parametrize("name", ALL)
def test_paging_pages_put_together_are_the_whole_answer(store, name):
    """Pages of 3 rows, one after the other, give the whole answer in its order (the `# PAGE`
    subqueries included), and the page past the end is empty."""
    everything = rows(store, name)
    assert everything, f"{name} answers nothing on the samples: the test would prove nothing"
    pages = [rows(store, name, limit=3, offset=start) for start in range(0, len(everything), 3)]
    assert [row for page in pages for row in page] == everything
    assert all(len(page) == 3 for page in pages[:-1])
    assert rows(store, name, limit=3, offset=len(everything)) == []


@pytest.mark.parametrize("name, params", [("state-timeline", {"state": "USA"}), ("who-said-what", {"speaker": "a"}),
                                          ("entity-facts", {"entity": "state/RUS"})])
@pytest.mark.parametrize("limit, offset", [(0, 0), (1, 0), (5, 1), (None, 4), (1000, 0)])
def test_paging_limit_and_offset_slice_the_answer(store, name, params, limit, offset):
    everything = rows(store, name, params)
    assert len(everything) > 5
    page = rows(store, name, params, limit=limit, offset=offset)
    assert page == everything[offset:None if limit is None else offset + limit]


@pytest.mark.parametrize("value", [-1, "-1", "x", "", "1.5", 1.5, True, [3], "1e3", saved.MAX_PAGE + 1,
                                   "99999999999999999999", " 3 ; DROP ALL"])
def test_paging_bad_value_is_refused(store, value):
    with pytest.raises(saved.BadPage, match="limit must be a non-negative integer"):
        saved.run(store, "who-said-what", {}, limit=value)
    with pytest.raises(saved.BadPage, match="offset must be a non-negative integer"):
        saved.run(store, "who-said-what", {}, offset=value)


@pytest.mark.parametrize("tail", ["LIMIT 5", "limit 5 offset 2", "OFFSET 1  # a comment"])
def test_paging_query_with_its_own_limit_cannot_be_paged(tmp_path, tail):
    (tmp_path / "own.rq").write_text(f"#+ summary: t\nSELECT ?s WHERE {{ ?s ?p ?o }}\n{tail}\n", encoding="utf-8")
    q = saved.get("own", tmp_path)
    assert saved.bound_text(q, {}) == q.text  # the whole answer: untouched
    with pytest.raises(QueryError, match="LIMIT or OFFSET of its own"):
        saved.bound_text(q, {}, limit=2)


@pytest.mark.parametrize("limit, offset, inner", [(10, 0, "LIMIT 10"), (10, 30, "LIMIT 40"), (0, 7, "LIMIT 7")])
def test_paging_page_mark_limits_its_subquery_to_offset_plus_limit(limit, offset, inner):
    q = saved.parse("t", "#+ summary: T\nSELECT ?s ?l WHERE {\n  { SELECT ?s WHERE { ?s a ?c } ORDER BY ?s  # PAGE\n  }"
                         "\n  OPTIONAL { ?s ?p ?l }\n}\nORDER BY ?s\n")
    text = saved.bound_text(q, {}, limit, offset)
    assert f"ORDER BY ?s  {inner}\n" in text and "PAGE" not in text
    assert text.endswith(f"ORDER BY ?s\nLIMIT {limit}\nOFFSET {offset}\n")
    assert "# PAGE" in saved.bound_text(q, {})  # the whole answer: the mark stays a comment


@pytest.mark.parametrize("name", ALL)
def test_paging_no_saved_query_has_a_parameter_named_like_paging(name):
    assert not {p.name for p in saved.get(name).params} & {"limit", "offset", "format"}


# --- the command line ---------------------------------------------------------------------------

@pytest.mark.parametrize("args, expect", [((), slice(None)), (("--limit", "2"), slice(0, 2)),
                                          (("--limit", "2", "--offset", "3"), slice(3, 5)),
                                          (("--offset", "10"), slice(10, None))])
def test_cli_query_limit_and_offset_page_a_saved_query(kg_cli, store, sample_store_path, args, expect):
    everything = rows(store, "who-said-what")
    r = kg_cli("query", "who-said-what", "--store", sample_store_path, "--format", "tsv", *args)
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()[1:]
    assert len(lines) == len(everything[expect])
    assert [line.split("\t")[1] for line in lines] == [f'"{row[1]}"' for row in everything[expect]]  # the speaker


@pytest.mark.parametrize("args, words", [
    (("who-said-what", "--limit", "-1"), "--limit must be a non-negative integer, not '-1'"),
    (("who-said-what", "--limit", "ten"), "--limit must be a non-negative integer, not 'ten'"),
    (("who-said-what", "--offset", "2.5"), "--offset must be a non-negative integer, not '2.5'"),
    (("SELECT * WHERE { ?s ?p ?o }", "--limit", "2"), "--limit and --offset go with a saved query's name"),
])
def test_cli_query_bad_paging_is_one_line(kg_cli, sample_store_path, args, words):
    r = kg_cli("query", *args, "--store", sample_store_path)
    lines = r.stderr.splitlines()
    assert r.exit_code == 2 and len(lines) == 1 and lines[0].startswith(f"error: {words}")


# --- over HTTP ----------------------------------------------------------------------------------

def _bindings(response):
    assert response.status_code == 200, response.text[:300]
    return response.json()["results"]["bindings"]


def test_server_saved_query_answers_a_page_of_100_rows_by_default(client, store):
    everything = rows(store, "states-mentioned-together")
    assert len(everything) > PAGE_SIZE == 100
    r = client.get("/queries/states-mentioned-together")
    page = _bindings(r)
    assert [row["first"]["value"] for row in page] == [row[1] for row in everything[:PAGE_SIZE]]
    assert r.headers["link"] == '</queries/states-mentioned-together?limit=100&offset=100>; rel="next"'
    rest = client.get("/queries/states-mentioned-together?limit=100&offset=100")
    assert [row["first"]["value"] for row in _bindings(rest)] == [row[1] for row in everything[PAGE_SIZE:]]
    assert "link" not in rest.headers


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "xml"])
def test_server_saved_query_next_link_walks_every_page(client, store, fmt):
    everything = rows(store, "state-timeline", {"state": "USA"})
    url, seen, pages = "/queries/state-timeline?state=USA&limit=4&format=" + fmt, 0, 0
    while url:
        r = client.get(url)
        assert r.status_code == 200
        pages += 1
        url = r.headers.get("link", "").partition("<")[2].partition(">")[0]
        assert ("state=USA" in url and f"format={fmt}" in url) if url else True
        seen += 4 if url else 0
    assert pages == len(everything) // 4 + 1  # full pages link on; the last (maybe empty) one does not
    assert seen == 4 * (pages - 1)


@pytest.mark.parametrize("query, words", [
    ("limit=-1", "limit must be a non-negative integer, not '-1'"),
    ("limit=abc", "limit must be a non-negative integer, not 'abc'"),
    ("limit=", "limit must be a non-negative integer, not ''"),
    ("offset=1.5", "offset must be a non-negative integer, not '1.5'"),
    ("limit=501", "limit must be at most 500"),
    ("limit=99999999999999999999", "limit must be a non-negative integer"),
])
def test_server_saved_query_bad_paging_is_400(client, query, words):
    r = client.get("/queries/who-said-what?" + query)
    assert r.status_code == 400
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == 400 and words in body["error"]["message"]


def test_server_saved_query_paging_beside_parameters(client, store):
    everything = rows(store, "entity-facts", {"entity": "state/RUS"})
    page = _bindings(client.get("/queries/entity-facts", params={"entity": "state/RUS", "limit": 5, "offset": 2}))
    assert [row["value"]["value"] for row in page] == [row[2] for row in everything[2:7]]
