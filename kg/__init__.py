"""geokg: a knowledge graph of states, government bodies, officials, sanctions and events from news."""

__version__ = "0.2.0"
