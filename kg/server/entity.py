"""What the web page shows of one entity, read with a few SPARQL queries through the store worker."""
from __future__ import annotations

import json

from ..vocab import KG, RDFS, SCHEMA, SKOS
from .errors import HttpError
from .worker import StoreWorker

LIMIT = 300
QUERIES = {
    "out": f"""SELECT DISTINCT ?p ?o ?label WHERE {{ ?_e ?p ?o .
        FILTER (?p != <{KG}mentions>) OPTIONAL {{ ?o <{RDFS}label> ?label }} }} LIMIT {LIMIT}""",
    "in": f"""SELECT DISTINCT ?p ?s ?label WHERE {{ ?s ?p ?_e .
        FILTER (?p NOT IN (<{KG}mentionOf>, <{KG}mentions>, <{KG}actor>, <{KG}target>, <{KG}speaker>,
                           <{KG}tallyOf>))
        OPTIONAL {{ ?s <{RDFS}label> ?label }} }} LIMIT {LIMIT}""",
    "events": f"""SELECT DISTINCT ?e ?class ?role ?cameo ?date ?modality ?evidence ?other ?otherLabel WHERE {{
        {{ ?e <{KG}actor> ?_e . BIND("actor" AS ?role) OPTIONAL {{ ?e <{KG}target> ?other }} }}
        UNION {{ ?e <{KG}target> ?_e . BIND("target" AS ?role) OPTIONAL {{ ?e <{KG}actor> ?other }} }}
        ?e a ?class ; <{KG}cameoCode> ?cameo ; <{KG}evidence> ?evidence .
        FILTER (?class != <{KG}Event>)
        OPTIONAL {{ ?e <{KG}date> ?date }} OPTIONAL {{ ?e <{KG}modality> ?modality }}
        OPTIONAL {{ ?other <{RDFS}label> ?otherLabel }} }} ORDER BY ?date LIMIT {LIMIT}""",
    "quotes": f"""SELECT DISTINCT ?quote ?headline WHERE {{ ?st <{KG}speaker> ?_e ; <{KG}quote> ?quote ;
        <{KG}reportedIn> ?a . ?a <{SCHEMA}headline> ?headline }} LIMIT {LIMIT}""",
    "mentions": f"""SELECT DISTINCT ?article ?headline ?sentence WHERE {{ ?m <{KG}mentionOf> ?_e ;
        <{KG}inArticle> ?article ; <{KG}sentence>/<{KG}text> ?sentence . ?article <{SCHEMA}headline> ?headline }}
        ORDER BY ?headline LIMIT {LIMIT}""",
    "names": f"""SELECT DISTINCT ?label ?alias WHERE {{ OPTIONAL {{ ?_e <{RDFS}label> ?label }}
        OPTIONAL {{ ?_e <{SKOS}altLabel> ?alias }} }} LIMIT {LIMIT}""",
}


def _project(q: str) -> str:
    """The entity variable must be projected for Oxigraph to substitute it."""
    return q.replace("SELECT DISTINCT", "SELECT DISTINCT ?_e", 1)


async def describe(worker: StoreWorker, iri: str, timeout: float) -> dict:
    from ..rdf import IRI

    out: dict = {"iri": iri}
    for name, q in QUERIES.items():
        outcome = await worker.run("query", {"sparql": _project(q), "fmt": "json", "max_rows": LIMIT,
                                             "substitutions": {"_e": IRI(iri)}}, timeout)
        if outcome.status != 200:
            raise HttpError(outcome.status, outcome.message or outcome.body.decode("utf-8", "replace"))
        rows = json.loads(outcome.body)["results"]["bindings"]
        out[name] = [{k: v["value"] for k, v in row.items() if k != "_e"} for row in rows]
    names = out.pop("names")
    out["label"] = next((n["label"] for n in names if "label" in n), iri.rsplit("/", 1)[-1])
    out["aliases"] = sorted({n["alias"] for n in names if "alias" in n} - {out["label"]})
    out["types"] = sorted({o["o"] for o in out["out"] if o["p"].endswith("#type")})
    return out
