"""An analysed article as `kg ingest` writes it: the quads of its graph, of the shared descriptions it
carries and of its inferred graph, serialised as N-Quads where the article was analysed (in a
worker process, with --jobs or on a cluster), so that the process holding the store only writes."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ArticleError
from .model import ArticleGraph
from .rdf import Quad, article_quads, to_nquads
from .reason import article_inferences
from .vocab import article_iri


@dataclass(frozen=True)
class Mapped:
    graph: ArticleGraph
    nquads: bytes  # every quad, its inferred graph's too
    count: int  # how many quads in all
    asserted: int  # of them, the article's graph and the descriptions (the rest: its inferred graph)

    def quads(self, inferred: bool = True) -> list[Quad]:
        """The quads as terms again (for the writes made one article at a time: a replaced
        article, a remote store, which reasons for itself, and the contract check)."""
        quads = article_quads(self.graph)
        return quads + article_inferences(article_iri(self.graph.article.id), quads) if inferred else quads


def map_graph(graph: ArticleGraph) -> Mapped:
    quads = article_quads(graph)
    everything = quads + article_inferences(article_iri(graph.article.id), quads)
    return Mapped(graph, to_nquads(everything), len(everything), len(quads))


def map_or_error(item: ArticleGraph | ArticleError) -> Mapped | ArticleError:
    return item if isinstance(item, ArticleError) else map_graph(item)
