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
def site(sample_store_path):
    with serving(sample_store_path) as base:
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


def test_web_page_loads_nothing_from_elsewhere(page, site):
    page.goto(site + "/#entity=" + "https%3A%2F%2Fw3id.org%2Fgeokg%2Fid%2Fstate%2FRUS")
    expect(page.locator("#neighbourhood circle").nth(1)).to_be_attached()
    assert page.requests and all(u.startswith(site) for u in page.requests)


def test_web_page_sparql_editor(page, site):
    page.goto(site + "/")
    page.fill("#sparql", "SELECT ?iso WHERE { ?s <https://w3id.org/geokg/ontology#iso3> ?iso } LIMIT 3")
    page.click("#run-sparql")
    expect(page.locator("#status")).to_have_text("3 rows")
