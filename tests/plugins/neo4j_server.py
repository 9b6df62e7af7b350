"""Fixtures for a real Neo4j server."""
