"""An analysed article as `kg ingest` writes it: the quads of its graph, of the shared descriptions it
carries, of its inferred graph and its index rows, serialised as N-Quads where the article was analysed (in a
worker process, with --jobs or on a cluster), so that the process holding the store only writes."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ArticleError
from .model import ArticleGraph
from .rdf import Quad, article_quads, to_nquads
from .reason import with_derived
from .vocab import article_iri


@dataclass(frozen=True)
class Mapped:
    graph: ArticleGraph
    nquads: bytes  # every quad, its inferred graph's too
    count: int  # how many quads in all
    asserted: int  # of them, the article's graph and the descriptions (the rest: derived)

    def quads(self, derived: bool = True) -> list[Quad]:
        """The quads as terms again (for the writes made one article at a time: a replaced
        article, a remote store, which derives for itself, and the contract check)."""
        quads = article_quads(self.graph)
        return with_derived(article_iri(self.graph.article.id), quads) if derived else quads


def map_graph(graph: ArticleGraph) -> Mapped:
    quads = article_quads(graph)
    everything = with_derived(article_iri(graph.article.id), quads)
    return Mapped(graph, to_nquads(everything), len(everything), len(quads))


def map_or_error(item: ArticleGraph | ArticleError) -> Mapped | ArticleError:
    return item if isinstance(item, ArticleError) else map_graph(item)
