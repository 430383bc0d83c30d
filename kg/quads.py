"""An analysed article as `kg ingest` writes it: the quads of its graph, of the shared descriptions it
carries, of its inferred graph and its index rows, serialised as N-Quads where the article was analysed (in a
worker process, with --jobs or on a cluster), so that the process holding the store only writes."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .errors import ArticleError
from .index import own_event, source_rows
from .model import ArticleGraph
from .rdf import Quad, article_quads, to_nquads
from .reason import with_derived
from .tally import Group, contributions
from .vocab import article_iri, entity_iri


@dataclass(frozen=True)
class Mapped:
    graph: ArticleGraph
    nquads: bytes  # every quad, its inferred graph's too
    count: int  # how many quads in all
    asserted: int  # of them, the article's graph and the descriptions (the rest: derived)
    tallies: Counter[Group] = field(default_factory=Counter)  # what it counts for (kg/tally.py), written with it
    shared_events: tuple[str, ...] = ()  # the events it reports that another article may report too

    def quads(self, derived: bool = True) -> list[Quad]:
        """The quads as terms again (for the writes made one article at a time: a replaced
        article, a remote store, which derives for itself, and the contract check)."""
        quads = article_quads(self.graph)
        return with_derived(article_iri(self.graph.article.id), quads) if derived else quads


def map_graph(graph: ArticleGraph) -> Mapped:
    """The N-Quads hold the article's single-source rows (kg/index.py) as well, written when it goes
    into the store with the bulk write of new articles, which kg/ingest.py uses only when no other
    article reports its events; its other writes have the store work them out (`quads()` leaves them out)."""
    quads = article_quads(graph)
    iri = article_iri(graph.article.id)
    everything = with_derived(iri, quads)
    everything += source_rows(quads, iri)
    shared = tuple(e for e in (entity_iri(ev.key) for ev in graph.events) if not own_event(e, iri))
    return Mapped(graph, to_nquads(everything), len(everything), len(quads), contributions(everything, iri), shared)


def map_or_error(item: ArticleGraph | ArticleError) -> Mapped | ArticleError:
    return item if isinstance(item, ArticleError) else map_graph(item)
