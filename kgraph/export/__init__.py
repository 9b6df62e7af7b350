"""Exporters: files, Neo4j and the HTML view."""
