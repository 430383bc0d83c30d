"""Saved research queries: headers, typed parameters, injection, names, and each query answering
on a graph built from the sample articles."""
from __future__ import annotations

import re

import pytest

from kg import queries as saved
from kg.errors import QueryError
from kg.ingest import ingest
from kg.store import Store, rows_of

ALL = sorted(saved.load_all())


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, samples_dir):
    store = Store(tmp_path_factory.mktemp("samples") / "store")
    ingest([str(samples_dir)], store)
    return store


def rows(store, name, **params):
    return rows_of(saved.run(store, name, params))


def test_saved_queries_at_least_twelve_with_titles():
    qs = saved.load_all()
    assert len(qs) >= 12
    for q in qs.values():
        assert q.title and q.title != q.name and q.description


@pytest.mark.parametrize("name", ALL)
def test_saved_query_projects_its_parameters(name):
    q = saved.get(name)
    select = re.search(r"SELECT(.*?)WHERE", q.text, re.S).group(1)
    for p in q.params:
        assert f"?{p.variable}" in select, f"{name}: ?{p.variable} must be projected to be bound"


@pytest.mark.parametrize("name", ALL)
def test_saved_query_answers_on_sample_articles(sample_store, name):
    cols, found = rows(sample_store, name)
    assert found, f"{name} found nothing in the sample articles"


@pytest.mark.parametrize("name, params, column, expected", [
    ("state-timeline", {"state": "USA"}, "_state", {"USA"}),
    ("state-bodies-officials", {"state": "RUS"}, "_state", {"RUS"}),
    ("sanctions-regimes", {"imposer": "GBR"}, "imposer", {"United Kingdom"}),
    ("states-mentioned-together", {"state": "PRK"}, "first", {"North Korea"}),
    ("quantities", {"currency": "USD"}, "currency", {"USD"}),
    ("who-said-what", {"speaker": "yellen"}, "speaker", {"Janet Yellen"}),
])
def test_saved_query_parameter_narrows_results(sample_store, name, params, column, expected):
    cols, found = rows(sample_store, name, **params)
    assert found
    assert {r[cols.index(column)] for r in found} == expected


def test_saved_query_date_parameter_is_typed(sample_store):
    cols, early = rows(sample_store, "entities-new-since", since="2000-01-01")
    cols, late = rows(sample_store, "entities-new-since", since="2024-06-01")
    assert len(late) < len(early)
    with pytest.raises(QueryError, match="not a date"):
        rows(sample_store, "entities-new-since", since="last week")


@pytest.mark.parametrize("value", [
    'RUS" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "',
    "RUS' || true || '",
    "RUS\n} UNION { ?s ?p ?o",
])
def test_saved_query_injection_attempt_is_just_a_string(sample_store, value):
    before = len(sample_store)
    cols, found = rows(sample_store, "state-timeline", state=value)
    assert found == []
    assert len(sample_store) == before


def test_saved_query_iri_parameter_rejects_non_iri(sample_store):
    with pytest.raises(QueryError, match="not an IRI"):
        rows(sample_store, "entity-facts", entity="state/RUS> ?p ?o } #")
    cols, found = rows(sample_store, "entity-facts", entity="state/RUS")
    assert found


@pytest.mark.parametrize("name", ["../pyproject", "/etc/passwd", "state-timeline.rq", "..", "no-such-query"])
def test_saved_query_name_cannot_leave_the_folder(name):
    with pytest.raises(QueryError, match="no saved query"):
        saved.get(name)


def test_saved_query_required_parameter_and_unknown_parameter(tmp_path):
    (tmp_path / "q.rq").write_text("#+ summary: t\nSELECT ?_who WHERE { ?s ?p ?_who }\n", encoding="utf-8")
    q = saved.get("q", tmp_path)
    with pytest.raises(QueryError, match="needs the parameter 'who'"):
        saved.bind(q, {})
    with pytest.raises(QueryError, match="no parameter nope"):
        saved.bind(q, {"who": "x", "nope": "y"})


def test_saved_query_header_defaults_and_enumerate():
    q = saved.parse("t", "#+ summary: T\n#+ description: D\n#+ defaults:\n#+   - state: RUS\n"
                         "#+ enumerate:\n#+   - state: [RUS, USA]\n#+ tags:\n#+   - a\n"
                         "SELECT ?_state WHERE { ?s ?p ?_state }\n")
    (p,) = q.params
    assert (q.title, q.description, q.tags, p.default, p.choices) == ("T", "D", ["a"], "RUS", ["RUS", "USA"])
    with pytest.raises(QueryError, match="one of"):
        saved.bind(q, {"state": "FRA"})


def test_cli_queries_lists_and_runs(kg_cli, samples_dir, store_dir):
    kg_cli("ingest", samples_dir, "--store", store_dir)
    listed = kg_cli("queries")
    assert listed.exit_code == 0 and "state-timeline" in listed.stdout
    r = kg_cli("query", "state-timeline", "--param", "state=RUS", "--store", store_dir, "--format", "json")
    assert r.exit_code == 0 and '"RUS"' in r.stdout
    bad = kg_cli("query", "state-timeline", "--param", "nope=1", "--store", store_dir)
    assert bad.exit_code == 2 and "no parameter nope" in bad.stderr


@pytest.mark.parametrize("value", ['Russia', 'a "quoted" name', "line\nbreak", "back\\slash } UNION { ?s ?p ?o"])
def test_saved_query_values_block_binds_the_parameter_as_one_literal(value):
    """The parameter becomes one escaped literal in a VALUES block opening the top-level WHERE
    (a commented 'WHERE {' in the header is not taken for it)."""
    q = saved.get("officials-quoted-about-state")
    q = saved.SavedQuery(q.name, q.title, q.description, "#+ note: WHERE { not here }\n" + q.text, q.params)
    text = saved.bound_text(q, {"state": value})
    head, _, rest = text.partition(" VALUES (?_state) { (")
    assert re.search(r"\bWHERE\s*\{$", head) and "#+ note: WHERE { not here }" in head
    literal = rest[:rest.index(") }")]
    assert literal.startswith('"') and literal.endswith('"^^<http://www.w3.org/2001/XMLSchema#string>')
    assert "\n" not in literal and literal.count('"') - literal.count('\\"') == 2


@pytest.mark.parametrize("state", ["RUS", "USA", "CHN"])
def test_saved_query_state_timeline_only_has_the_states_parties(sample_store, state):
    """Every party of a state's timeline is the state, or reaches it through kg:partOf/kg:memberOf
    (a `{ BIND (?s AS ?party) }` branch once left ?party unbound: every event of every party)."""
    cols, found = rows(sample_store, "state-timeline", state=state)
    assert found
    parties = {r[cols.index("party")] for r in found}
    ours = {r[0] for r in rows_of(sample_store.query(
        f'SELECT DISTINCT ?p WHERE {{ ?s kg:iso3 "{state}" . ?p (kg:partOf|kg:memberOf)* ?s }}'))[1]}
    assert parties <= ours and f"id:state/{state}" in ours


@pytest.mark.parametrize("iso", ["RUS", "USA"])
def test_saved_query_parameter_is_bound_inside_subqueries(sample_store, tmp_path, iso):
    """The VALUES block opens every WHERE, so a subquery (planned on its own) is narrowed too."""
    (tmp_path / "sub.rq").write_text(
        "#+ summary: t\nPREFIX kg: <https://w3id.org/geokg/ontology#>\n"
        "SELECT ?_iso ?n WHERE { { SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s kg:iso3 ?_iso } } }\n",
        encoding="utf-8")
    text = saved.bound_text(saved.get("sub", tmp_path), {"iso": iso})
    assert text.count(f'VALUES (?_iso) {{ ("{iso}"^^<http://www.w3.org/2001/XMLSchema#string>) }}') == 2
    cols, found = rows_of(saved.run(sample_store, "sub", {"iso": iso}, folder=tmp_path))
    assert found == [[iso, "1"]]  # unbound inside, it would count every state
