#!/usr/bin/env python3
"""Generate the ontology's documentation page from `ontology/geokg.ttl`.

    .venv/bin/python scripts/ontology_docs.py [--out docs/ontology] [--renderer auto|pylode|rdflib]

writes two files into the output folder:

* `diagram.svg` — the main classes as labelled boxes, rdfs:subClassOf as hollow-headed arrows and
  the main object properties as labelled arrows from their rdfs:domain to their rdfs:range, all read
  from the ontology with rdflib. The coordinates of the boxes are fixed below (a hand-made layout);
  the arrows, their end points and the places of their labels are computed. Plain SVG, no Graphviz.
* `index.html` — the page made by pyLODE (its OntPub profile, CSS inlined) when pyLODE can be
  imported, else by the small rdflib renderer in this file (`--renderer rdflib`). The diagram is put
  at the top of the page (`<img src="diagram.svg">`), and the page is made self-contained: it loads
  nothing from another host (an external stylesheet or script, if a pyLODE version emitted one,
  would be dropped, with a warning). Hyperlinks to the IRIs of terms stay: they are links, not loads.

pyLODE: its current release (3.6.0) requires Python >= 3.12 and the project's environment is
Python 3.11, so pip cannot install it there; the newest release that installs and runs on 3.11 is
3.3.4 (`.venv/bin/pip install pylode==3.3.4`; 3.4.1 installs but cannot be imported: its
`pylode/version.py` reads a `pyproject.toml` that the wheel does not ship). On Python 3.12, 3.6.0
renders this ontology too, with this script unchanged, but only with kurra <= 3.0.6 (kurra 3.0.7
and later dropped `kurra.labels.get_missing_labels`, which pyLODE 3.6.0 imports). Both work offline.
pyLODE before 3.6 lists the members of an owl:unionOf in set order, which changes from run to run;
they are sorted here so that the page comes out the same on every run.
"""
from __future__ import annotations

import argparse
import html
import importlib.metadata
import logging
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "geokg.ttl"
DEFAULT_OUT = ROOT / "docs" / "ontology"
KG = Namespace("https://w3id.org/geokg/ontology#")
VANN = Namespace("http://purl.org/vocab/vann/")

# The classes and object properties the diagram shows (the contract's core and the text layer).
MAIN_CLASSES = [
    "Article", "Sentence", "Mention", "Event", "Statement", "Quantity", "SanctionsRegime",
    "State", "Territory", "Organization", "InternationalOrganization", "GovernmentBody",
    "MediaOrganization", "Person", "Official",
]
MAIN_PROPERTIES = [
    "mentions", "partOf", "memberOf", "imposedBy", "targets", "reportedIn", "actor", "target",
    "speaker", "mentionOf", "inArticle", "sentence", "quantity", "attributedTo",
]

# ---------------------------------------------------------------------------------------------
# The diagram's layout: box centres, the union frames, where owl:Thing stands in for a range
# ---------------------------------------------------------------------------------------------

WIDTH, HEIGHT = 1300, 1080

NODE_POS: dict[str, tuple[float, float]] = {
    "Article": (150, 170),
    "Sentence": (150, 440),
    "Mention": (420, 300),
    "Event": (700, 170),
    "Statement": (545, 400),
    "Quantity": (1060, 170),
    "SanctionsRegime": (1060, 420),
    "State": (200, 700),
    "Territory": (560, 700),
    "Organization": (470, 810),
    "InternationalOrganization": (215, 920),
    "GovernmentBody": (480, 920),
    "MediaOrganization": (730, 920),
    "Person": (1090, 740),
    "Official": (1090, 905),
}


@dataclass
class Frame:
    """A dashed frame around classes whose union is the range of some properties: an arrow that
    ends on the frame means "any class inside it"."""
    key: str
    members: frozenset[str]
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def title(self) -> str:
        order = ["State", "Territory", "Organization", "Person"]
        return " ∪ ".join(f"kg:{m}" for m in sorted(self.members, key=order.index))


FRAMES = [
    Frame("agents", frozenset({"State", "Territory", "Organization", "Person"}), 30, 580, 1270, 985),
    Frame("bodies", frozenset({"State", "Territory", "Organization"}), 60, 630, 900, 962),
]

# Properties whose range is owl:Thing point at a small "owl:Thing" ellipse near their domain.
THING_POS: dict[str, tuple[float, float]] = {
    "mentions": (150, 55),
    "mentionOf": (420, 450),
    "attributedTo": (700, 55),
}

# Hand hints for a few arrows: (property, from) -> bend (a fraction of the arrow's length, for a
# curve), aim (a point inside the frame an arrow heads for) or side (which side of its own frame a
# member's arrow leaves by).
EDGE_HINTS: dict[tuple[str, str], dict] = {
    ("actor", "Event"): {"aim": (890, 700)},  # past kg:Statement, which sits under kg:Event
    ("target", "Event"): {"aim": (890, 700)},
    ("imposedBy", "SanctionsRegime"): {"aim": (820, 700)},  # onto the inner frame's top, not its corner
    ("partOf", "Organization"): {"side": "right"},
    ("partOf", "Territory"): {"side": "right"},
}

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
CLASS_FONT_SIZE = 15
LABEL_FONT_SIZE = 13
BOX_HEIGHT = 38

# Helvetica / Arial advance widths (1/1000 em) for ASCII; Liberation Sans shares them. Used to
# size the boxes and to keep labels off them, with a margin for wider fallback fonts.
_W_REG = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278] + [556] * 10
    + [278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
       556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278,
       469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
       556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584],
))
_W_BOLD = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    [278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278] + [556] * 10
    + [333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722,
       611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333,
       584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
       611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584],
))


def text_width(text: str, size: float, bold: bool = False) -> float:
    table = _W_BOLD if bold else _W_REG
    return sum(table.get(ch, 650) for ch in text) * size / 1000 * 1.08


# ---------------------------------------------------------------------------------------------
# Geometry
# ---------------------------------------------------------------------------------------------

Point = tuple[float, float]


@dataclass
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, p: Point) -> bool:
        return self.x0 <= p[0] <= self.x1 and self.y0 <= p[1] <= self.y1

    def overlaps(self, other: "Rect", pad: float = 0) -> bool:
        return not (self.x1 + pad <= other.x0 or other.x1 + pad <= self.x0
                    or self.y1 + pad <= other.y0 or other.y1 + pad <= self.y0)

    def inflate(self, d: float) -> "Rect":
        return Rect(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)

    @property
    def center(self) -> Point:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)


@dataclass
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float

    def contains(self, p: Point) -> bool:
        return ((p[0] - self.cx) / self.rx) ** 2 + ((p[1] - self.cy) / self.ry) ** 2 <= 1

    @property
    def bbox(self) -> Rect:
        return Rect(self.cx - self.rx, self.cy - self.ry, self.cx + self.rx, self.cy + self.ry)

    @property
    def center(self) -> Point:
        return (self.cx, self.cy)


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _quad(p0: Point, p1: Point, p2: Point, t: float) -> Point:
    u = 1 - t
    return (u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0],
            u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1])


def _boundary(curve, shape, t_in: float, t_out: float) -> float:
    """The parameter where `curve` crosses the border of `shape`, between a t inside and one
    outside it (bisection; shapes are convex)."""
    for _ in range(40):
        mid = (t_in + t_out) / 2
        if shape.contains(curve(mid)):
            t_in = mid
        else:
            t_out = mid
    return (t_in + t_out) / 2


@dataclass
class Edge:
    kind: str  # "property" or "subclass"
    label: str
    p0: Point
    c: Point  # control point of a quadratic curve (the midpoint for a straight arrow)
    p1: Point

    def at(self, t: float) -> Point:
        return _quad(self.p0, self.c, self.p1, t)

    def tangent(self, t: float) -> Point:
        dx = 2 * (1 - t) * (self.c[0] - self.p0[0]) + 2 * t * (self.p1[0] - self.c[0])
        dy = 2 * (1 - t) * (self.c[1] - self.p0[1]) + 2 * t * (self.p1[1] - self.c[1])
        n = math.hypot(dx, dy) or 1
        return (dx / n, dy / n)

    def polyline(self, n: int = 24) -> list[Point]:
        return [self.at(i / n) for i in range(n + 1)]

    def path(self) -> str:
        straight = abs((self.c[0] - (self.p0[0] + self.p1[0]) / 2)) < 0.01 and \
            abs((self.c[1] - (self.p0[1] + self.p1[1]) / 2)) < 0.01
        if straight:
            return f"M{self.p0[0]:.1f},{self.p0[1]:.1f} L{self.p1[0]:.1f},{self.p1[1]:.1f}"
        return (f"M{self.p0[0]:.1f},{self.p0[1]:.1f} Q{self.c[0]:.1f},{self.c[1]:.1f} "
                f"{self.p1[0]:.1f},{self.p1[1]:.1f}")


def route(a: Point, b: Point, src_shape, dst_shape, bend: float = 0.0, offset: float = 0.0) -> tuple:
    """A (possibly curved, possibly shifted) arrow from the border of src_shape to that of
    dst_shape, along the line from a to b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1
    nx, ny = -dy / length, dx / length
    a = (a[0] + nx * offset, a[1] + ny * offset)
    b = (b[0] + nx * offset, b[1] + ny * offset)
    mid = _lerp(a, b, 0.5)
    c = (mid[0] + nx * bend * length, mid[1] + ny * bend * length)

    def curve(t: float) -> Point:
        return _quad(a, c, b, t)

    t0 = _boundary(curve, src_shape, 0.0, 1.0) if src_shape is not None else 0.0
    t1 = 1.0
    if dst_shape is not None:
        t1 = 1 - _boundary(lambda t: curve(1 - t), dst_shape, 0.0, 1.0)
    # the sub-curve between t0 and t1 (blossom of the quadratic)
    p0, p1 = curve(t0), curve(t1)
    ctrl = (
        (1 - t0) * (1 - t1) * a[0] + ((1 - t0) * t1 + t0 * (1 - t1)) * c[0] + t0 * t1 * b[0],
        (1 - t0) * (1 - t1) * a[1] + ((1 - t0) * t1 + t0 * (1 - t1)) * c[1] + t0 * t1 * b[1],
    )
    return p0, ctrl, p1


# ---------------------------------------------------------------------------------------------
# Reading the ontology
# ---------------------------------------------------------------------------------------------


def load(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


def kg_classes(g: Graph) -> list[URIRef]:
    return sorted({c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c.startswith(KG)})


def local(iri: URIRef | str) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rstrip("/").rsplit("/", 1)[-1]


def class_expr_members(g: Graph, node) -> list:
    """An rdfs:domain / rdfs:range value as a list of named classes (a union is expanded)."""
    if isinstance(node, BNode):
        for lst in g.objects(node, OWL.unionOf):
            return [m for m in Collection(g, lst)]
        return []
    return [node]


def warn(msg: str) -> None:
    print(f"ontology_docs: warning: {msg}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# The diagram
# ---------------------------------------------------------------------------------------------


@dataclass
class Diagram:
    boxes: dict[str, Rect] = field(default_factory=dict)
    things: dict[str, Ellipse] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    labels: list[tuple[str, Rect, str]] = field(default_factory=list)  # text, bbox, kind
    obstacles: list[Rect] = field(default_factory=list)


def _frame_rect(f: Frame) -> Rect:
    return Rect(f.x0, f.y0, f.x1, f.y1)


def _aim_into(rect: Rect, src: Point, margin: float = 45) -> Point:
    """A point inside rect, near src: where an arrow from outside should aim."""
    inner = rect.inflate(-margin)
    return (min(max(src[0], inner.x0), inner.x1), min(max(src[1], inner.y0), inner.y1))


def build_diagram(g: Graph) -> str:
    d = Diagram()
    present = {local(c) for c in kg_classes(g)}
    classes = [c for c in MAIN_CLASSES if c in present]
    for c in MAIN_CLASSES:
        if c not in present:
            warn(f"kg:{c} is not a class of the ontology; left out of the diagram")
    for name in classes:
        cx, cy = NODE_POS[name]
        w = text_width(name, CLASS_FONT_SIZE, bold=True) + 30
        d.boxes[name] = Rect(cx - w / 2, cy - BOX_HEIGHT / 2, cx + w / 2, cy + BOX_HEIGHT / 2)

    # subclass arrows between drawn classes
    for name in classes:
        for sup in g.objects(KG[name], RDFS.subClassOf):
            sup_name = local(sup)
            if isinstance(sup, URIRef) and sup.startswith(KG) and sup_name in d.boxes:
                a, b = d.boxes[name], d.boxes[sup_name]
                p0, c, p1 = route(a.center, b.center, a, b)
                d.edges.append(Edge("subclass", "", p0, c, p1))

    frames = {f.members: f for f in FRAMES}
    pair_count: dict[tuple, int] = {}
    planned: list[tuple[str, str, object]] = []  # (property, domain class, target: name|Frame|"Thing")
    for prop in MAIN_PROPERTIES:
        p = KG[prop]
        if (p, RDF.type, OWL.ObjectProperty) not in g:
            warn(f"kg:{prop} is not an object property of the ontology; left out of the diagram")
            continue
        domains = [m for dom in g.objects(p, RDFS.domain) for m in class_expr_members(g, dom)]
        ranges = [m for rng in g.objects(p, RDFS.range) for m in class_expr_members(g, rng)]
        range_names = frozenset(local(r) for r in ranges if isinstance(r, URIRef) and r.startswith(KG))
        if OWL.Thing in ranges or not ranges:
            targets: list = ["Thing"]
        elif range_names in frames:
            targets = [frames[range_names]]
        else:
            targets = [n for n in sorted(range_names) if n in d.boxes]
        for dom in domains:
            dn = local(dom)
            if dn not in d.boxes:
                warn(f"the domain kg:{dn} of kg:{prop} is not drawn")
                continue
            for t in targets:
                planned.append((prop, dn, t))
                key = (dn, t.key if isinstance(t, Frame) else t)
                pair_count[key] = pair_count.get(key, 0) + 1

    pair_seen: dict[tuple, int] = {}
    for prop, dn, t in planned:
        src = d.boxes[dn]
        hint = EDGE_HINTS.get((prop, dn), {})
        key = (dn, t.key if isinstance(t, Frame) else t)
        n, i = pair_count[key], pair_seen.get(key, 0)
        pair_seen[key] = i + 1
        offset = (i - (n - 1) / 2) * 28
        if t == "Thing":
            pos = THING_POS.get(prop, (src.center[0], src.y1 + 70))
            rx = text_width("owl:Thing", LABEL_FONT_SIZE) / 2 + 16
            ell = Ellipse(pos[0], pos[1], rx, 17)
            d.things[prop] = ell
            p0, c, p1 = route(src.center, ell.center, src, ell, offset=offset)
        elif isinstance(t, Frame):
            rect = _frame_rect(t)
            if rect.contains(src.center):  # a member's arrow to its own frame
                side = hint.get("side") or min(
                    ("left", src.x0 - rect.x0), ("right", rect.x1 - src.x1),
                    ("top", src.y0 - rect.y0), ("bottom", rect.y1 - src.y1), key=lambda s: s[1])[0]
                cx, cy = src.center
                cy += offset
                end = {"left": (rect.x0, cy), "right": (rect.x1, cy),
                       "top": (cx, rect.y0), "bottom": (cx, rect.y1)}[side]
                p0, c, p1 = route((cx, cy), end, src, None)
            else:
                aim = hint.get("aim") or _aim_into(rect, src.center)
                p0, c, p1 = route(src.center, aim, src, rect, bend=hint.get("bend", 0.0), offset=offset)
        else:
            dst = d.boxes[t]
            p0, c, p1 = route(src.center, dst.center, src, dst, bend=hint.get("bend", 0.0), offset=offset)
        d.edges.append(Edge("property", prop, p0, c, p1))

    return render_svg(g, d, classes)


def _place_label(d: Diagram, edge: Edge, text: str) -> Rect:
    w = text_width(text, LABEL_FONT_SIZE) + 6
    h = LABEL_FONT_SIZE + 5
    canvas = Rect(4, 4, WIDTH - 4, HEIGHT - 4)
    hard = [b.inflate(4) for b in d.boxes.values()] + [e.bbox.inflate(3) for e in d.things.values()] \
        + d.obstacles + [r for _, r, _ in d.labels]
    best = None
    ts = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82]
    for order, t in enumerate(ts):
        px, py = edge.at(t)
        tx, ty = edge.tangent(t)
        for shift in (0, 1, -1):
            # centred on the line, or beside it (perpendicular), the label box just clear of it
            nx, ny = -ty, tx
            dist = shift * (abs(nx) * (w / 2 + 4) + abs(ny) * (h / 2 + 3))
            cx, cy = px + nx * dist, py + ny * dist
            r = Rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if not (canvas.x0 <= r.x0 and r.x1 <= canvas.x1 and canvas.y0 <= r.y0 and r.y1 <= canvas.y1):
                continue
            if any(r.overlaps(o) for o in hard):
                continue
            crossings = 0
            for other in d.edges:
                if other is edge:
                    continue
                if any(r.inflate(2).contains(pt) for pt in other.polyline(40)):
                    crossings += 1
            score = (crossings, order, abs(shift))
            if best is None or score < best[0]:
                best = (score, r)
        if best is not None and best[0][0] == 0:
            break
    if best is None:
        raise SystemExit(f"ontology_docs: no room for the label {text!r} of an arrow in the diagram")
    return best[1]


def render_svg(g: Graph, d: Diagram, classes: list[str]) -> str:
    out: list[str] = []
    a = out.append
    a('<?xml version="1.0" encoding="UTF-8"?>')
    a(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
      f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}">')
    a("<title>geokg ontology: main classes and object properties</title>")
    a("<desc>Generated from ontology/geokg.ttl by scripts/ontology_docs.py. Boxes are kg: classes; "
      "hollow-headed arrows are rdfs:subClassOf; labelled arrows are object properties drawn from "
      "their rdfs:domain to their rdfs:range; an arrow ending on a dashed frame means any class "
      "inside the frame (an owl:unionOf range).</desc>")
    a("""<defs>
  <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10"
          markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#a0461a"/></marker>
  <marker id="hollow" viewBox="0 0 16 16" refX="15" refY="8" markerWidth="16" markerHeight="16"
          markerUnits="userSpaceOnUse" orient="auto"><path d="M1,1 L15,8 L1,15 z" fill="#ffffff" stroke="#333333"
          stroke-width="1.4"/></marker>
</defs>
<style>
  .frame rect { fill: #f4f7f4; stroke: #6b8f6b; stroke-width: 1.3; stroke-dasharray: 7 4; }
  .frame.inner rect { fill: #eaf2ea; }
  .frame text { font-size: 13px; font-style: italic; fill: #466346; }
  .class rect { fill: #e8f0fb; stroke: #2f5f98; stroke-width: 1.6; }
  .class text { font-size: 15px; font-weight: bold; fill: #16355c; }
  .thing ellipse { fill: #ffffff; stroke: #888888; stroke-width: 1.2; stroke-dasharray: 4 3; }
  .thing text { font-size: 13px; font-style: italic; fill: #555555; }
  .subclass { fill: none; stroke: #333333; stroke-width: 1.4; }
  .property { fill: none; stroke: #a0461a; stroke-width: 1.4; }
  .label { font-size: 13px; fill: #7a3010; paint-order: stroke; stroke: #ffffff; stroke-width: 4px;
           stroke-linejoin: round; }
  .legend text { font-size: 13px; fill: #333333; }
</style>""")

    # frames (outer first) and their titles
    for f in sorted(FRAMES, key=lambda f: -len(f.members)):
        if not f.members <= set(classes):
            continue
        inner = " inner" if len(f.members) < max(len(x.members) for x in FRAMES) else ""
        tw = text_width(f.title, 13)
        title_box = Rect(f.x0 + 10, f.y0 + 6, f.x0 + 14 + tw, f.y0 + 26)
        d.obstacles.append(title_box)
        a(f'<g class="frame{inner}" id="frame-{f.key}">'
          f'<rect x="{f.x0}" y="{f.y0}" width="{f.x1 - f.x0}" height="{f.y1 - f.y0}" rx="14"/>'
          f'<text x="{f.x0 + 12}" y="{f.y0 + 21}">{xml_escape(f.title)}</text></g>')

    # legend (bottom row)
    ly = HEIGHT - 42
    legend_box = Rect(20, ly - 22, WIDTH - 20, ly + 26)
    d.obstacles.append(legend_box)
    a('<g class="legend">')
    a(f'<path class="subclass" d="M30,{ly} L90,{ly}" marker-end="url(#hollow)"/>')
    a(f'<text x="100" y="{ly + 5}">rdfs:subClassOf</text>')
    a(f'<path class="property" d="M240,{ly} L300,{ly}" marker-end="url(#arrow)"/>')
    a(f'<text x="310" y="{ly + 5}">object property, from its domain to its range</text>')
    a(f'<rect x="630" y="{ly - 12}" width="46" height="24" rx="7" fill="#f4f7f4" stroke="#6b8f6b" '
      f'stroke-dasharray="7 4"/>')
    a(f'<text x="686" y="{ly + 5}">range is the union of the classes in the frame</text>')
    a(f'<ellipse cx="1025" cy="{ly}" rx="22" ry="12" fill="#ffffff" stroke="#888888" stroke-dasharray="4 3"/>')
    a(f'<text x="1054" y="{ly + 5}">range is owl:Thing</text>')
    a(f'<text x="30" y="{ly + 26}" style="font-size:12px;fill:#666666">'
      'Generated from ontology/geokg.ttl by scripts/ontology_docs.py; every class and property is '
      'in the kg: namespace, https://w3id.org/geokg/ontology#</text>')
    a("</g>")

    # arrows
    for e in d.edges:
        marker = "hollow" if e.kind == "subclass" else "arrow"
        extra = f' data-property="kg:{e.label}"' if e.label else ""
        a(f'<path class="{e.kind}" d="{e.path()}" marker-end="url(#{marker})"{extra}/>')

    # owl:Thing stand-ins
    for prop, ell in d.things.items():
        a(f'<g class="thing" id="thing-{prop}"><ellipse cx="{ell.cx:.1f}" cy="{ell.cy:.1f}" '
          f'rx="{ell.rx:.1f}" ry="{ell.ry:.1f}"/><text x="{ell.cx:.1f}" y="{ell.cy + 4.5:.1f}" '
          f'text-anchor="middle">owl:Thing</text></g>')

    # class boxes
    for name in classes:
        r = d.boxes[name]
        iri = KG[name]
        label = g.value(iri, RDFS.label)
        comment = g.value(iri, RDFS.comment)
        tip = f"kg:{name}" + (f" ({label})" if label else "") + (f": {comment}" if comment else "")
        cx, cy = r.center
        a(f'<g class="class" id="class-{name}"><title>{xml_escape(tip)}</title>'
          f'<rect x="{r.x0:.1f}" y="{r.y0:.1f}" width="{r.x1 - r.x0:.1f}" height="{r.y1 - r.y0:.1f}" rx="6"/>'
          f'<text x="{cx:.1f}" y="{cy + 5.5:.1f}" text-anchor="middle">{xml_escape(name)}</text></g>')

    # property labels, placed clear of boxes, frame titles, the legend and each other
    for e in d.edges:
        if e.kind != "property":
            continue
        r = _place_label(d, e, e.label)
        d.labels.append((e.label, r, "property"))
        cx, cy = r.center
        a(f'<text class="label" x="{cx:.1f}" y="{cy + 4.5:.1f}" text-anchor="middle">{xml_escape(e.label)}</text>')

    a("</svg>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# The page: pyLODE, or the rdflib fallback
# ---------------------------------------------------------------------------------------------


def _import_pylode():
    """Import pyLODE, undoing the logging.basicConfig(level=DEBUG) its import runs (3.3.x)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        import pylode
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return pylode


def pylode_version() -> str | None:
    try:
        _import_pylode()
        return importlib.metadata.version("pylode")
    except Exception:  # not installed, or a release that cannot be imported here
        return None


def _version_tuple(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])


_UNION_ITEM = r"<span>(?:(?!</?span).)*</span>"
_UNION_RUN = re.compile(
    rf"(?:{_UNION_ITEM}\s*<span class=\"cardinality\">(?:or|and)</span>\s*)+{_UNION_ITEM}", re.S)


def _sort_union_members(page: str) -> str:
    """pyLODE < 3.6 collects the members of an owl:unionOf in a set: sort them by their text."""
    def fix(m: re.Match) -> str:
        run = m.group(0)
        items = re.findall(_UNION_ITEM, run, re.S)
        seps = re.findall(r"(?<=</span>)(\s*<span class=\"cardinality\">(?:or|and)</span>\s*)(?=<span>)", run, re.S)
        if len(seps) != len(items) - 1:
            return run
        items.sort(key=lambda s: re.sub(r"<[^>]+>|\s+", "", s))
        return "".join(x + (seps[i] if i < len(seps) else "") for i, x in enumerate(items))
    return _UNION_RUN.sub(fix, page)


def render_pylode(path: Path) -> tuple[str, str]:
    OntPub = _import_pylode().OntPub
    version = pylode_version() or "?"
    page = OntPub(ontology=str(path), sort_subjects=True).make_html(include_css=True)
    if _version_tuple(version) < (3, 6):
        page = _sort_union_members(page)
    return page, f"pyLODE {version} (OntPub profile)"


def _h(x) -> str:
    return html.escape(str(x), quote=True)


def render_rdflib(g: Graph) -> tuple[str, str]:
    """A plain documentation page made from the ontology with rdflib alone (the fallback when pyLODE
    is not installed): metadata, then every class, property and individual of the kg: namespace."""
    nm = g.namespace_manager
    ont = next(iter(g.subjects(RDF.type, OWL.Ontology)), None)

    def qname(t) -> str:
        try:
            return nm.normalizeUri(t) if isinstance(t, URIRef) else str(t)
        except Exception:
            return str(t)

    def ref(t) -> str:
        if isinstance(t, BNode):
            members = class_expr_members(g, t)
            if members:
                return " <em>or</em> ".join(ref(m) for m in members)
            return "<em>(anonymous)</em>"
        if isinstance(t, Literal):
            return _h(t)
        if t.startswith(KG):
            return f'<a href="#{_h(local(t))}"><code>{_h(qname(t))}</code></a>'
        return f'<a href="{_h(t)}"><code>{_h(qname(t))}</code></a>'

    def text_of(s, p) -> str:
        vals = sorted(g.objects(s, p), key=lambda v: (getattr(v, "language", None) != "en", str(v)))
        return str(vals[0]) if vals else ""

    def terms(rdf_type) -> list[URIRef]:
        return sorted((s for s in g.subjects(RDF.type, rdf_type) if isinstance(s, URIRef) and s.startswith(KG)),
                      key=lambda s: local(s).lower())

    def rows(s) -> list[tuple[str, str]]:
        r = []
        types = [t for t in g.objects(s, RDF.type) if t not in (OWL.Class, OWL.ObjectProperty,
                                                                  OWL.DatatypeProperty, OWL.AnnotationProperty)]
        if types:
            r.append(("Types", ", ".join(ref(t) for t in sorted(types))))
        for label, p in (("Subclass of", RDFS.subClassOf), ("Subproperty of", RDFS.subPropertyOf),
                         ("Equivalent to", OWL.equivalentClass), ("Disjoint with", OWL.disjointWith),
                         ("Inverse of", OWL.inverseOf), ("Domain", RDFS.domain), ("Range", RDFS.range),
                         ("Property chain", OWL.propertyChainAxiom), ("See also", RDFS.seeAlso)):
            vals = list(g.objects(s, p))
            if p == OWL.propertyChainAxiom:
                vals = [" ∘ ".join(ref(m) for m in Collection(g, v)) for v in vals]
                if vals:
                    r.append((label, "; ".join(vals)))
                continue
            if p == OWL.equivalentClass:
                shown = []
                for v in vals:
                    one_of = list(g.objects(v, OWL.oneOf)) if isinstance(v, BNode) else []
                    shown.append("one of " + ", ".join(ref(m) for m in Collection(g, one_of[0])) if one_of else ref(v))
                if shown:
                    r.append((label, "; ".join(shown)))
                continue
            if vals:
                r.append((label, ", ".join(ref(v) for v in sorted(vals, key=str))))
        subs = sorted((x for x in g.subjects(RDFS.subClassOf, s) if isinstance(x, URIRef)), key=str)
        if subs:
            r.append(("Superclass of", ", ".join(ref(x) for x in subs)))
        for label, p in (("In domain of", RDFS.domain), ("In range of", RDFS.range)):
            props = set()
            for prop, val in g.subject_objects(p):
                if val == s or s in class_expr_members(g, val):
                    props.add(prop)
            if props:
                r.append((label, ", ".join(ref(x) for x in sorted(props, key=str))))
        return r

    sections = [("classes", "Classes", OWL.Class), ("objectproperties", "Object properties", OWL.ObjectProperty),
                ("datatypeproperties", "Datatype properties", OWL.DatatypeProperty),
                ("annotationproperties", "Annotation properties", OWL.AnnotationProperty),
                ("individuals", "Named individuals", OWL.NamedIndividual)]
    title = text_of(ont, DCTERMS.title) or text_of(ont, RDFS.label) or "Ontology"
    body: list[str] = []
    toc: list[str] = ['<li><a href="#metadata">Metadata</a></li>']
    body.append(f'<div class="section" id="metadata"><h1>{_h(title)}</h1><h2>Metadata</h2><dl>')
    meta = [("IRI", f"<code>{_h(ont)}</code>" if ont else "")]
    for label, p in (("Version IRI", OWL.versionIRI), ("Version", OWL.versionInfo), ("License", DCTERMS.license),
                     ("Description", DCTERMS.description), ("Comment", RDFS.comment),
                     ("Preferred prefix", VANN.preferredNamespacePrefix),
                     ("Namespace", VANN.preferredNamespaceUri)):
        for v in g.objects(ont, p) if ont else []:
            meta.append((label, ref(v) if isinstance(v, URIRef) else f"<p>{_h(v)}</p>"))
    body += [f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta]
    body.append("</dl></div>")
    for sid, heading, rdf_type in sections:
        items = terms(rdf_type)
        if not items:
            continue
        toc.append(f'<li><a href="#{sid}">{heading}</a><ul>'
                   + "".join(f'<li><a href="#{_h(local(s))}">{_h(local(s))}</a></li>' for s in items)
                   + "</ul></li>")
        body.append(f'<div class="section" id="{sid}"><h2>{heading}</h2>')
        for s in items:
            label = text_of(s, RDFS.label)
            flags = []
            if (s, RDF.type, OWL.FunctionalProperty) in g:
                flags.append("functional")
            if (s, RDF.type, OWL.TransitiveProperty) in g:
                flags.append("transitive")
            body.append(f'<div class="entity" id="{_h(local(s))}"><h3>{_h(qname(s))}'
                        + (f' <span class="label">{_h(label)}</span>' if label else "")
                        + (f' <span class="flags">{_h(", ".join(flags))}</span>' if flags else "") + "</h3>")
            body.append(f"<table><tr><th>IRI</th><td><code>{_h(s)}</code></td></tr>")
            comment = text_of(s, RDFS.comment)
            if comment:
                body.append(f"<tr><th>Description</th><td>{_h(comment)}</td></tr>")
            for k, v in rows(s):
                body.append(f"<tr><th>{_h(k)}</th><td>{v}</td></tr>")
            body.append("</table></div>")
        body.append("</div>")
    ns_rows = "".join(f"<tr><td><code>{_h(p)}</code></td><td><code>{_h(n)}</code></td></tr>"
                      for p, n in sorted(g.namespace_manager.namespaces())
                      if p in {"kg", "owl", "rdf", "rdfs", "xsd", "skos", "prov", "org", "schema", "dcterms", "vann"})
    body.append(f'<div class="section" id="namespaces"><h2>Namespaces</h2><table>{ns_rows}</table></div>')
    toc.append('<li><a href="#namespaces">Namespaces</a></li>')
    css = """
body { font-family: Arial, Helvetica, sans-serif; margin: 0; color: #222; line-height: 1.4; }
#content { margin-left: 30px; margin-right: 300px; padding: 10px 20px 40px 0; max-width: 1100px; }
#toc { position: fixed; top: 0; right: 0; width: 250px; height: 100%; overflow-y: auto; padding: 10px;
       border-left: solid 1px navy; background: #fafafa; font-size: 0.9em; }
#toc ul { list-style: none; padding-left: 10px; }
h1, h2 { color: #005a9c; } h2 { border-bottom: 1px solid #005a9c; }
.entity { border: 1px solid #99b; padding: 4px 10px; margin: 12px 0; }
.entity h3 { margin: 6px 0; color: #005a9c; } .entity .label { color: #555; font-weight: normal; }
.entity .flags { color: #a0461a; font-size: 0.8em; font-weight: normal; }
th { text-align: left; vertical-align: top; padding-right: 14px; white-space: nowrap; }
td { vertical-align: top; } code { color: #8b0000; } dt { font-weight: bold; } dd { margin-bottom: 8px; }
"""
    page = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_h(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            '<div id="content">\n' + "\n".join(body) + "\n</div>\n"
            '<div id="toc"><h3>Table of Contents</h3><ul class="first">' + "".join(toc) + "</ul></div>\n"
            "</body>\n</html>\n")
    return page, "the rdflib renderer of scripts/ontology_docs.py (pyLODE not used)"


# ---------------------------------------------------------------------------------------------
# Putting the diagram on the page, and keeping the page self-contained
# ---------------------------------------------------------------------------------------------

DIAGRAM_SECTION = """
<div class="section" id="diagram">
  <h2>Diagram</h2>
  <figure class="ontology-diagram">
    <a href="diagram.svg"><img src="diagram.svg" width="1300" height="1080"
      alt="Diagram of the main classes of the geokg ontology (boxes), their subclass links (hollow-headed
      arrows) and the main object properties (labelled arrows from domain to range)"></a>
    <figcaption>The main classes and object properties (generated from the ontology: boxes are kg: classes,
    hollow-headed arrows rdfs:subClassOf, labelled arrows object properties from their domain to their range;
    an arrow ending on a dashed frame means any class in the frame). Open the image for full size.</figcaption>
  </figure>
</div>
"""
DIAGRAM_CSS = """
<style>
  #diagram figure { margin: 10px 0 20px 0; }
  #diagram img { max-width: 100%; height: auto; border: 1px solid #ccd; background: #fff; }
  #diagram figcaption { font-size: 0.9em; color: #555; margin-top: 6px; }
</style>
"""

_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)


def make_self_contained(page: str) -> str:
    """Drop any stylesheet, script, image or frame the page would load from another host (the
    diagram and data: URIs stay; plain hyperlinks <a href> stay, they load nothing)."""
    def check(m: re.Match) -> str:
        tag = m.group(0)
        src = re.search(r"\b(?:src|href)\s*=\s*([\"'])(.*?)\1", tag, re.S | re.I)
        if src and _EXTERNAL.match(src.group(2)):
            warn(f"dropped an external asset from the page: {tag[:120]}")
            return ""
        return tag
    page = re.sub(r"<link\b[^>]*>", check, page, flags=re.I)
    page = re.sub(r"<script\b[^>]*\bsrc\s*=[^>]*>\s*</script>", check, page, flags=re.I | re.S)
    page = re.sub(r"<(?:img|iframe|embed|source|audio|video)\b[^>]*>", check, page, flags=re.I)
    def drop_import(m: re.Match) -> str:
        warn(f"dropped an external stylesheet import from the page: {m.group(0)}")
        return ""
    page = re.sub(r"@import\s+(?:url\()?\s*[\"']?(?:https?:)?//[^;]*;?", drop_import, page, flags=re.I)
    return page


def insert_diagram(page: str, generator: str) -> str:
    head_extra = f'<meta name="generator" content="{_h(generator)}; scripts/ontology_docs.py">\n' + DIAGRAM_CSS
    page = page.replace("</head>", head_extra + "</head>", 1) if "</head>" in page else head_extra + page
    m = re.search(r"</h1>", page, re.I)
    if m:
        page = page[:m.end()] + DIAGRAM_SECTION + page[m.end():]
    else:
        m = re.search(r"<body[^>]*>", page, re.I)
        at = m.end() if m else 0
        page = page[:at] + DIAGRAM_SECTION + page[at:]
    toc = re.search(r'<ul class="first">', page)
    if toc:
        entry = '<li><h4><a href="#diagram">Diagram</a></h4></li>' if "<h4>" in page else \
            '<li><a href="#diagram">Diagram</a></li>'
        page = page[:toc.end()] + entry + page[toc.end():]
    return page


def build(out: Path, ontology: Path = ONTOLOGY, renderer: str = "auto") -> dict[str, object]:
    g = load(ontology)
    out.mkdir(parents=True, exist_ok=True)
    svg = build_diagram(g)
    (out / "diagram.svg").write_text(svg, encoding="utf-8")

    if renderer == "auto":
        renderer = "pylode" if pylode_version() else "rdflib"
        if renderer == "rdflib":
            warn("pyLODE is not installed (pip install pylode==3.3.4); using the rdflib fallback renderer")
    if renderer == "pylode":
        if not pylode_version():
            raise SystemExit("ontology_docs: pyLODE is not installed: .venv/bin/pip install pylode==3.3.4")
        page, generator = render_pylode(ontology)
    else:
        page, generator = render_rdflib(g)
    page = insert_diagram(make_self_contained(page), generator)
    (out / "index.html").write_text(page, encoding="utf-8")
    return {"generator": generator, "html": out / "index.html", "svg": out / "diagram.svg"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write the ontology's documentation page and diagram.")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: docs/ontology)")
    ap.add_argument("--ontology", type=Path, default=ONTOLOGY, help="the ontology (default: ontology/geokg.ttl)")
    ap.add_argument("--renderer", choices=["auto", "pylode", "rdflib"], default="auto",
                    help="page generator: pyLODE when installed (auto), or the rdflib fallback")
    args = ap.parse_args(argv)
    res = build(args.out, args.ontology, args.renderer)
    for key in ("html", "svg"):
        p: Path = res[key]  # type: ignore[assignment]
        print(f"wrote {p} ({p.stat().st_size / 1024:.0f} KiB)")
    print(f"page generated by {res['generator']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
