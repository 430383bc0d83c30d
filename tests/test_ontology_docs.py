"""scripts/ontology_docs.py: the ontology's documentation page (pyLODE, or the script's rdflib
renderer when pyLODE is not installed) and its diagram, written into a temporary folder."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import rdflib
from rdflib.namespace import OWL, RDF

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "ontology_docs.py"
ONTOLOGY = ROOT / "ontology" / "geokg.ttl"
KG = "https://w3id.org/geokg/ontology#"
SVG = "{http://www.w3.org/2000/svg}"

MAIN_CLASSES = [
    "Article", "State", "Territory", "Organization", "InternationalOrganization", "GovernmentBody",
    "MediaOrganization", "Person", "Official", "SanctionsRegime", "Event", "Statement", "Mention",
    "Sentence", "Quantity",
]
MAIN_PROPERTIES = [
    "mentions", "partOf", "memberOf", "imposedBy", "targets", "reportedIn", "actor", "target",
    "speaker", "mentionOf", "inArticle", "sentence", "quantity", "attributedTo",
]


@pytest.fixture(scope="module", params=["pylode", "rdflib"])
def docs(request, tmp_path_factory) -> Path:
    if request.param == "pylode" and importlib.util.find_spec("pylode") is None:
        pytest.skip("pyLODE is not installed (pip install pylode==3.3.4)")
    out = tmp_path_factory.mktemp(f"ontology-docs-{request.param}")
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--renderer", request.param],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def kg_classes() -> list[str]:
    g = rdflib.Graph().parse(ONTOLOGY, format="turtle")
    classes = sorted(str(c) for c in g.subjects(RDF.type, OWL.Class)
                     if isinstance(c, rdflib.URIRef) and str(c).startswith(KG))
    assert len(classes) >= len(MAIN_CLASSES)
    return classes


def test_page_names_every_class_of_the_ontology(docs, kg_classes):
    page = (docs / "index.html").read_text(encoding="utf-8")
    missing = [c for c in kg_classes if c not in page]
    assert not missing, f"classes not on the page: {missing}"


def test_page_shows_the_diagram_at_the_top(docs):
    page = (docs / "index.html").read_text(encoding="utf-8")
    assert '<img src="diagram.svg"' in page
    assert page.index('id="diagram"') < page.index("<h2>Metadata</h2>")


class _Assets(HTMLParser):
    """Every URL the page would load (not follow): stylesheets, scripts, images, frames, media,
    and url()/@import inside <style>."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link":
            self.urls.append((tag, a.get("href") or ""))
        elif tag in {"script", "img", "iframe", "embed", "source", "audio", "video", "track", "input"}:
            self.urls.append((tag, a.get("src") or ""))
        elif tag == "object":
            self.urls.append((tag, a.get("data") or ""))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            urls = re.findall(r"""url\(\s*['"]?([^'")]+)""", data) + re.findall(r"""@import\s+['"]([^'"]+)""", data)
            self.urls += [("style", url) for url in urls]


def test_page_loads_nothing_from_other_hosts(docs):
    parser = _Assets()
    parser.feed((docs / "index.html").read_text(encoding="utf-8"))
    external = [(tag, url) for tag, url in parser.urls
                if url.strip().lower().startswith(("http://", "https://", "//"))]
    assert not external
    assert ("img", "diagram.svg") in parser.urls


def test_diagram_is_svg_with_every_main_class_and_property(docs):
    root = ElementTree.parse(docs / "diagram.svg").getroot()
    assert root.tag == f"{SVG}svg"
    texts = ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]
    assert [c for c in MAIN_CLASSES if c not in texts] == []
    assert [p for p in MAIN_PROPERTIES if p not in texts] == []
    arrows = {p.get("data-property") for p in root.iter(f"{SVG}path") if p.get("class") == "property"}
    assert {f"kg:{p}" for p in MAIN_PROPERTIES} <= arrows
    subclass_arrows = [p for p in root.iter(f"{SVG}path") if p.get("class") == "subclass"
                       and p.get("marker-end") == "url(#hollow)"]
    # Official ⊑ Person, Statement ⊑ Event, and the three organisations ⊑ Organization
    assert len(subclass_arrows) >= 5


def test_diagram_labels_stay_off_the_boxes(docs):
    root = ElementTree.parse(docs / "diagram.svg").getroot()
    boxes = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "class":
            r = g.find(f"{SVG}rect")
            x, y, w, h = (float(r.get(k)) for k in ("x", "y", "width", "height"))
            boxes.append((g.get("id"), x, y, x + w, y + h))
    assert len(boxes) == len(MAIN_CLASSES)
    for t in root.iter(f"{SVG}text"):
        if t.get("class") != "label":
            continue
        x, y = float(t.get("x")), float(t.get("y")) - 4.5  # the label's centre
        inside = [b[0] for b in boxes if b[1] - 2 <= x <= b[3] + 2 and b[2] - 8 <= y <= b[4] + 8]
        assert not inside, f"label {t.text!r} sits on {inside}"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2], f"{a[0]} overlaps {b[0]}"
