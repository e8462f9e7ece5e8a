"""A Typesense cluster as searchkit's engine (needs the ``typesense`` extra: ``pip install searchkit[typesense]``)."""

from searchkit.engine.typesense.engine import API_KEY_VARIABLE, TypesenseEngine, is_location, parse_location

__all__ = ["API_KEY_VARIABLE", "TypesenseEngine", "is_location", "parse_location"]
