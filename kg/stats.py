"""Counts of what a store holds."""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import ENTITY_CLASSES
from .store import Store


@dataclass
class StoreStats:
    articles: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    events: int = 0
    statements: int = 0
    triples: int = 0


def _count(store: Store, where: str) -> int:
    _, rows = store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return int(rows[0][0]) if rows else 0


def store_stats(store: Store) -> StoreStats:
    s = StoreStats()
    s.articles = _count(store, "?x a kg:Article")
    for cls in ENTITY_CLASSES:
        s.entities[cls] = _count(store, f"?x a kg:{cls}")
    s.events = _count(store, "?x a ?t . ?t rdfs:subClassOf* kg:Event . FILTER NOT EXISTS { ?x a kg:Statement }")
    s.statements = _count(store, "?x a kg:Statement")
    s.triples = len(store)
    return s
