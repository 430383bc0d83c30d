// geokg web page: saved queries with their parameters, a SPARQL editor, results whose entities
// link to an entity page with a picture of its neighbourhood. Data is only ever inserted as text
// (textContent, setAttribute), never as HTML.
"use strict";

const ID = "https://w3id.org/geokg/id/";
const PREFIXES = [
  "PREFIX kg: <https://w3id.org/geokg/ontology#>",
  "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
  "PREFIX schema: <https://schema.org/>",
].join("\n");
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
let savedQueries = [];

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function local(iri) {
  if (iri.startsWith(ID)) return iri.slice(ID.length);
  const cut = Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/"));
  return cut >= 0 ? iri.slice(cut + 1) : iri;
}

function entityLink(iri, label) {
  return el("a", label || local(iri), { href: "#entity=" + encodeURIComponent(iri), class: "entity-link" });
}

function setStatus(text, isError) {
  const s = $("status");
  s.textContent = text;
  s.className = isError ? "error" : "";
}

// The response and its JSON body; a failed request throws the server's error message.
async function fetchResponse(url, options) {
  const r = await fetch(url, options);
  const body = await r.json().catch(() => ({ error: { message: r.statusText } }));
  if (!r.ok) throw new Error((body.error && body.error.message) || r.statusText);
  return { r, body };
}

async function fetchJSON(url, options) {
  return (await fetchResponse(url, options)).body;
}

// --- results ------------------------------------------------------------------------------
// A saved query's answer comes a page at a time; the server's Link header names the next page.
let nextPage = null;

function renderResults(data, append = false, next = null) {
  const table = $("results");
  nextPage = next;
  if (!append) table.replaceChildren();
  $("more-rows").hidden = true;
  if ("boolean" in data) {
    setStatus("ASK: " + data.boolean);
    return;
  }
  const vars = data.head.vars;
  if (!append) {
    const head = el("tr");
    vars.forEach((v) => head.appendChild(el("th", v)));
    table.appendChild(head);
  }
  for (const row of data.results.bindings) {
    const tr = el("tr");
    for (const v of vars) {
      const td = el("td");
      const cell = row[v];
      if (cell && cell.type === "uri" && cell.value.startsWith(ID)) td.appendChild(entityLink(cell.value));
      else if (cell) td.textContent = cell.value;
      tr.appendChild(td);
    }
    table.appendChild(tr);
  }
  const shown = table.querySelectorAll("tr").length - 1;
  setStatus(shown + " rows" + (nextPage ? " (more to come)" : ""));
  $("more-rows").hidden = !nextPage;
  labelLinks(table).catch(() => {});
}

// One page of a saved query: its rows, and where the next page is (null on the last page).
async function fetchPage(url) {
  const { r, body } = await fetchResponse(url, { headers: { Accept: "application/sparql-results+json" } });
  const link = /<([^>]+)>;\s*rel="next"/.exec(r.headers.get("Link") || "");
  return { body, next: link ? link[1] : null };
}

async function showPage(url, append) {
  const page = await fetchPage(url);
  renderResults(page.body, append, page.next);
}

async function moreRows() {
  if (!nextPage) return;
  setStatus("running…");
  try { await showPage(nextPage, true); } catch (e) { setStatus(e.message, true); }
}

// Entity links first show their key; their labels are then read from the graph in one query.
async function labelLinks(root) {
  const links = [...root.querySelectorAll("a.entity-link")];
  const iris = [...new Set(links.map((a) => decodeURIComponent(a.getAttribute("href").slice(8))))];
  if (!iris.length) return;
  const values = iris.slice(0, 400).map((i) => "<" + i + ">").join(" ");
  const query = "SELECT ?e (SAMPLE(?l) AS ?label) WHERE { VALUES ?e { " + values + " } " +
    "?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } GROUP BY ?e";
  const data = await fetchJSON("/sparql", { method: "POST", body: new URLSearchParams({ query }),
    headers: { Accept: "application/sparql-results+json" } });
  const labels = new Map(data.results.bindings.map((b) => [b.e.value, b.label.value]));
  for (const a of links) {
    const label = labels.get(decodeURIComponent(a.getAttribute("href").slice(8)));
    if (label) a.textContent = label;
  }
}

async function runSparql() {
  setStatus("running…");
  try {
    const body = new URLSearchParams({ query: $("sparql").value });
    renderResults(await fetchJSON("/sparql", {
      method: "POST", body, headers: { Accept: "application/sparql-results+json" } }));
  } catch (e) { setStatus(e.message, true); }
}

// --- saved queries ------------------------------------------------------------------------
function showParams() {
  const q = savedQueries.find((x) => x.name === $("saved").value);
  const form = $("params");
  form.replaceChildren();
  if (!q) return;
  $("saved-description").textContent = q.description;
  for (const p of q.parameters) {
    form.appendChild(el("label", p.name + (p.required ? " (required)" : ""), { for: "param-" + p.name }));
    let input;
    if (p.enum) {
      input = el("select", null, { id: "param-" + p.name, name: p.name });
      p.enum.forEach((v) => input.appendChild(el("option", v, { value: v })));
    } else {
      input = el("input", null, { id: "param-" + p.name, name: p.name, type: p.type === "date" ? "date" : "text" });
    }
    if (p.default) input.value = p.default;
    form.appendChild(input);
  }
}

async function runSaved() {
  const name = $("saved").value;
  const params = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input, select")) {
    if (input.value !== "") params.set(input.name, input.value);
  }
  setStatus("running " + name + "…");
  try {
    await showPage("/queries/" + encodeURIComponent(name) + "?" + params.toString(), false);
  } catch (e) { setStatus(e.message, true); }
}

async function loadSaved() {
  savedQueries = await fetchJSON("/queries");
  const select = $("saved");
  for (const q of savedQueries) select.appendChild(el("option", q.title, { value: q.name }));
  showParams();
}

// --- entity page --------------------------------------------------------------------------
function fillTable(id, header, rows) {
  const table = $(id);
  table.replaceChildren();
  const tr = el("tr");
  header.forEach((h) => tr.appendChild(el("th", h)));
  table.appendChild(tr);
  for (const cells of rows) {
    const row = el("tr");
    for (const c of cells) {
      const td = el("td");
      if (c instanceof Node) td.appendChild(c); else td.textContent = c == null ? "" : String(c);
      row.appendChild(td);
    }
    table.appendChild(row);
  }
}

function drawNeighbourhood(entity) {
  const svg = $("neighbourhood");
  svg.replaceChildren();
  const seen = new Map();
  for (const o of entity.out) {
    if (o.o.startsWith(ID) && !seen.has(o.o)) seen.set(o.o, { iri: o.o, label: o.label, edge: local(o.p) });
  }
  for (const i of entity.in) {
    if (i.s.startsWith(ID) && !seen.has(i.s) && !/\/(mention|sentence|event|statement|quantity)\//.test(i.s))
      seen.set(i.s, { iri: i.s, label: i.label, edge: local(i.p) + " (in)" });
  }
  for (const e of entity.events) {
    if (e.other && e.other.startsWith(ID) && !seen.has(e.other))
      seen.set(e.other, { iri: e.other, label: e.otherLabel, edge: local(e.class) });
  }
  const nodes = [...seen.values()].slice(0, 18);
  const cx = 360, cy = 240, r = 180;
  nodes.forEach((n, k) => {
    const a = (2 * Math.PI * k) / Math.max(nodes.length, 1) - Math.PI / 2;
    n.x = cx + r * Math.cos(a);
    n.y = cy + r * Math.sin(a);
    const line = document.createElementNS(SVG, "line");
    for (const [k2, v] of Object.entries({ x1: cx, y1: cy, x2: n.x, y2: n.y, class: "edge" })) line.setAttribute(k2, v);
    svg.appendChild(line);
    const lbl = document.createElementNS(SVG, "text");
    lbl.setAttribute("x", (cx + n.x) / 2);
    lbl.setAttribute("y", (cy + n.y) / 2);
    lbl.setAttribute("class", "edge-label");
    lbl.textContent = n.edge;
    svg.appendChild(lbl);
  });
  const node = (x, y, label, cls, iri) => {
    const g = document.createElementNS(SVG, iri ? "a" : "g");
    if (iri) g.setAttribute("href", "#entity=" + encodeURIComponent(iri));
    const c = document.createElementNS(SVG, "circle");
    for (const [k, v] of Object.entries({ cx: x, cy: y, r: cls.includes("center") ? 14 : 9, class: cls })) c.setAttribute(k, v);
    const t = document.createElementNS(SVG, "text");
    t.setAttribute("x", x + 12);
    t.setAttribute("y", y + 4);
    t.textContent = label.length > 30 ? label.slice(0, 29) + "…" : label;
    g.appendChild(c);
    g.appendChild(t);
    svg.appendChild(g);
  };
  nodes.forEach((n) => node(n.x, n.y, n.label || local(n.iri), "node", n.iri));
  node(cx, cy, entity.label, "node center", null);
}

async function showEntity(iri) {
  $("query-view").hidden = true;
  $("entity-view").hidden = false;
  $("entity-label").textContent = "loading…";
  try {
    const e = await fetchJSON("/api/entity?iri=" + encodeURIComponent(iri));
    $("entity-label").textContent = e.label;
    $("entity-types").textContent = "Types: " + e.types.map(local).join(", ");
    $("entity-aliases").textContent = e.aliases.length ? "Also called: " + e.aliases.join(", ") : "";
    drawNeighbourhood(e);
    const value = (iri, label) => (iri.startsWith(ID) ? entityLink(iri, label) : (label || iri));
    fillTable("entity-relations", ["relation", "with"], [
      ...e.out.filter((o) => !o.p.endsWith("#type") && !o.p.endsWith("label")).map((o) => [local(o.p), value(o.o, o.label)]),
      ...e.in.filter((i) => !i.s.includes("/mention/")).map((i) => [local(i.p) + " (of)", value(i.s, i.label)]),
    ]);
    fillTable("entity-events", ["date", "event", "role", "with", "modality", "sentence"], e.events.map((v) =>
      [v.date, local(v.class) + " (" + v.cameo + ")", v.role, v.other ? value(v.other, v.otherLabel) : "",
       v.modality ? local(v.modality) : "", v.evidence]));
    fillTable("entity-quotes", ["quotation", "article"], e.quotes.map((q) => [q.quote, q.headline]));
    fillTable("entity-mentions", ["article", "sentence"], e.mentions.map((m) => [m.headline, m.sentence]));
  } catch (err) {
    $("entity-label").textContent = "could not load the entity: " + err.message;
  }
}

function route() {
  const m = location.hash.match(/^#entity=(.+)$/);
  if (m) return showEntity(decodeURIComponent(m[1]));
  $("entity-view").hidden = true;
  $("query-view").hidden = false;
}

window.addEventListener("hashchange", route);
document.addEventListener("DOMContentLoaded", () => {
  $("sparql").value = PREFIXES + "\n\nSELECT ?state ?iso WHERE {\n  ?state a kg:State ; kg:iso3 ?iso .\n} ORDER BY ?iso LIMIT 20";
  $("saved").addEventListener("change", showParams);
  $("run-saved").addEventListener("click", runSaved);
  $("run-sparql").addEventListener("click", runSparql);
  $("more-rows").addEventListener("click", moreRows);
  loadSaved().catch((e) => setStatus(e.message, true));
  route();
});
