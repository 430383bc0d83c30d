"""The web page at /, in a real headless Chromium (Debian's, installed by .ci/run): run a saved
query with a parameter, open an entity from the results, see its neighbourhood picture."""
from __future__ import annotations

import shutil

import pytest
from conftest import serving
from playwright.sync_api import expect

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def site(sample_store_path, tmp_path_factory):
    # A copy of its own: a server holding a store compacts it (RocksDB deletes .sst files), so other
    # tests copying the shared store meanwhile could copy a folder that changes under them.
    copy = tmp_path_factory.mktemp("site") / "store"
    shutil.copytree(sample_store_path, copy)
    with serving(copy) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.requests = requests
    yield page
    context.close()


def test_web_page_runs_saved_query_and_opens_entity(page, site, tmp_path):
    page.goto(site + "/")
    page.select_option("#saved", "state-timeline")
    page.fill("#param-state", "USA")
    page.click("#run-saved")
    page.wait_for_selector("#results tr:nth-child(2)")
    assert "rows" in page.inner_text("#status")
    assert page.locator("#results td", has_text="USA").count() > 0
    link = page.locator("#results a.entity-link").first
    expect(link).not_to_contain_text("/")  # the key shown first is replaced by the entity's label
    name = link.inner_text()
    link.click()
    expect(page.locator("#neighbourhood circle").nth(1)).to_be_attached()
    assert page.is_visible("#entity-view") and not page.is_visible("#query-view")
    assert page.inner_text("#entity-label") == name
    assert page.locator("#neighbourhood circle.center").count() == 1
    assert page.locator("#entity-mentions tr").count() > 1
    page.screenshot(path=str(tmp_path / "entity.png"))
    assert (tmp_path / "entity.png").stat().st_size > 10_000


def test_web_page_shows_a_long_answer_a_page_at_a_time(page, site):
    """states-mentioned-together holds 119 rows on the samples: 100 come first, the rest on 'More rows'."""
    page.goto(site + "/")
    page.select_option("#saved", "states-mentioned-together")
    page.click("#run-saved")
    expect(page.locator("#status")).to_have_text("100 rows (more to come)")
    assert page.locator("#results tr").count() == 101  # the head and a page
    first = page.inner_text("#results tr:nth-child(2)")
    page.click("#more-rows")
    expect(page.locator("#status")).to_have_text("119 rows")
    assert page.locator("#results tr").count() == 120
    assert page.inner_text("#results tr:nth-child(2)") == first  # appended, not replaced
    assert not page.is_visible("#more-rows")
    rows = [page.inner_text(f"#results tr:nth-child({i})") for i in range(2, 121)]
    assert len(set(rows)) == len(rows)  # no row twice across the pages


def test_web_page_loads_nothing_from_elsewhere(page, site):
    page.goto(site + "/#entity=" + "https%3A%2F%2Fw3id.org%2Fgeokg%2Fid%2Fstate%2FRUS")
    expect(page.locator("#neighbourhood circle").nth(1)).to_be_attached()
    assert page.requests and all(u.startswith(site) for u in page.requests)


def test_web_page_sparql_editor(page, site):
    page.goto(site + "/")
    page.fill("#sparql", "SELECT ?iso WHERE { ?s <https://w3id.org/geokg/ontology#iso3> ?iso } LIMIT 3")
    page.click("#run-sparql")
    expect(page.locator("#status")).to_have_text("3 rows")


# --- data holding HTML and script is shown as text ---------------------------------------------

XSS_ARTICLE = {  # written for this test; the real pipeline keeps the headline, quotation and sentences
    "id": "xss-article", "published": "2024-03-08",
    "title": "Kremlin <script>window.__xss='headline'</script> rejects <img src=x onerror=alert('headline')> sanctions",
    "text": "Russia's Foreign Ministry on Thursday rejected the new sanctions announced by the European Union. "
            "\"These measures <img src=x onerror=alert('quote')> will fail, and <script>window.__xss='quote'</script> "
            "nobody in Moscow is afraid of them,\" Foreign Minister Sergei Lavrov told reporters.",
}
EVIL = "<img src=x onerror=alert('label')>Evil Official"
ALIAS = "<script>window.__xss='alias'</script>"
BODY = "<svg onload=alert('body')></svg>Ministry of Markup"
ROLE = "<iframe src=\"javascript:alert('role')\"></iframe>minister"
QUOTE = "<b>bold</b> claims <script>window.__xss='crafted'</script>"
EVIDENCE = "<img src=x onerror=alert('event')> accused Russia of everything"
HEADLINE = "<a href=\"javascript:alert('headline')\">crafted headline</a>"
OFFICIAL = "https://w3id.org/geokg/id/person/xss-official"


def _crafted_graph():
    """Entities whose names hold HTML, as a graph written straight into the store (names the
    language pipeline would never produce, so the page is tested on the worst a store can hold)."""
    from kg.rdf import IRI, Lit
    from kg.vocab import ID, KG, RDF_TYPE, RDFS, SCHEMA, SKOS, article_iri

    graph = IRI(article_iri("xss-crafted"))
    body, statement = IRI(ID + "body/rus/ministry-of-markup"), IRI(ID + "statement/xss/0")
    event, mention, sentence = IRI(ID + "event/xss/0"), IRI(ID + "mention/xss/0"), IRI(ID + "sentence/xss/0")
    e, k = IRI(OFFICIAL), lambda name: IRI(KG + name)
    triples = [
        (e, IRI(RDF_TYPE), k("Official")), (e, IRI(RDFS + "label"), Lit(EVIL)), (e, IRI(SKOS + "altLabel"), Lit(ALIAS)),
        (e, k("role"), Lit(ROLE)), (e, k("memberOf"), body),
        (body, IRI(RDF_TYPE), k("Ministry")), (body, IRI(RDFS + "label"), Lit(BODY)),
        (body, k("partOf"), IRI(ID + "state/RUS")),
        (graph, IRI(RDF_TYPE), k("Article")), (graph, IRI(SCHEMA + "headline"), Lit(HEADLINE)),
        (graph, k("mentions"), e),
        (statement, IRI(RDF_TYPE), k("Statement")), (statement, k("speaker"), e), (statement, k("quote"), Lit(QUOTE)),
        (statement, k("reportedIn"), graph),
        (event, IRI(RDF_TYPE), k("Accusation")), (event, k("actor"), e), (event, k("target"), IRI(ID + "state/RUS")),
        (event, k("cameoCode"), Lit("112")), (event, k("evidence"), Lit(EVIDENCE)),
        (event, k("modality"), k("Asserted")),
        (mention, k("mentionOf"), e), (mention, k("inArticle"), graph), (mention, k("sentence"), sentence),
        (sentence, k("text"), Lit(EVIDENCE)),
    ]
    return graph.value, [(s, p, o, graph) for s, p, o in triples]


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory):
    import json

    from kg.ingest import ingest
    from kg.reason import with_derived
    from kg.store import Store

    folder = tmp_path_factory.mktemp("xss")
    (folder / "xss.jsonl").write_text(json.dumps(XSS_ARTICLE) + "\n", encoding="utf-8")
    store = Store(folder / "store")
    ingest([str(folder / "xss.jsonl")], store)
    graph, quads = _crafted_graph()
    store.replace_graph(graph, with_derived(graph, quads))  # with its index rows, as ingest writes it
    store.close()
    with serving(folder / "store") as base:
        yield base


@pytest.fixture
def unguarded_page(browser):
    """A page whose Content-Security-Policy is bypassed, so what is tested is the page's own
    escaping: were data inserted as HTML, its inline handlers would run and open dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def _nothing_injected(page) -> None:
    assert page.dialogs == []
    assert page.evaluate("typeof window.__xss") == "undefined"
    counts = page.evaluate("""() => ({
        img: document.querySelectorAll('img').length, b: document.querySelectorAll('b').length,
        iframe: document.querySelectorAll('iframe').length, script: document.querySelectorAll('script').length,
        nestedSvg: document.querySelectorAll('#neighbourhood svg').length,
        jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
        handlers: [...document.querySelectorAll('*')]
          .filter((n) => [...n.attributes].some((a) => a.name.startsWith('on'))).length,
    })""")
    assert counts == {"img": 0, "b": 0, "iframe": 0, "script": 1, "nestedSvg": 0, "jsLinks": 0, "handlers": 0}


def _entity(page, site: str, iri: str, label: str) -> None:
    from urllib.parse import quote
    page.goto(site + "/#entity=" + quote(iri, safe=""))
    expect(page.locator("#entity-label")).to_have_text(label)
    expect(page.locator("#neighbourhood circle.center")).to_be_attached()


def test_web_page_shows_html_in_entity_names_as_text(unguarded_page, xss_site):
    page = unguarded_page
    _entity(page, xss_site, OFFICIAL, EVIL)
    assert ALIAS in page.inner_text("#entity-aliases")
    relations = page.inner_text("#entity-relations")
    assert BODY in relations and ROLE in relations
    assert EVIDENCE in page.inner_text("#entity-events")
    quotes = page.inner_text("#entity-quotes")
    assert QUOTE in quotes and HEADLINE in quotes
    assert HEADLINE in page.inner_text("#entity-mentions")
    assert BODY[:29] in page.locator("#neighbourhood").text_content()
    _nothing_injected(page)


def test_web_page_shows_html_in_an_ingested_article_as_text(unguarded_page, xss_site):
    page = unguarded_page
    _entity(page, xss_site, "https://w3id.org/geokg/id/person/sergei-lavrov", "Sergei Lavrov")
    assert "These measures <img src=x onerror=alert('quote')> will fail" in page.inner_text("#entity-quotes")
    assert "<script>window.__xss='headline'</script>" in page.inner_text("#entity-mentions")
    _nothing_injected(page)


def test_web_page_shows_html_in_query_results_and_errors_as_text(unguarded_page, xss_site):
    page = unguarded_page
    page.goto(xss_site + "/")
    page.select_option("#saved", "who-said-what")
    page.fill("#param-speaker", "evil")
    page.click("#run-saved")
    expect(page.locator("#results td", has_text="<b>bold</b>")).to_have_count(1)
    assert EVIL in page.inner_text("#results")
    page.fill("#sparql", "SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l "
                         "FILTER (CONTAINS(?l, '<')) } ORDER BY ?e")
    page.click("#run-sparql")
    expect(page.locator("#results a.entity-link", has_text=BODY)).to_have_count(1)  # labelled from the graph
    expect(page.locator("#results a.entity-link", has_text=EVIL)).to_have_count(1)
    page.select_option("#saved", "entity-facts")
    page.fill("#param-entity", "<img src=x onerror=alert('param')>")
    page.click("#run-saved")
    expect(page.locator("#status.error")).to_contain_text("<img src=x onerror=alert('param')>")
    _nothing_injected(page)
