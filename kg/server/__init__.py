"""The HTTP server: SPARQL endpoint, saved queries, web page."""
from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
