"""Renderings and exchange formats, one module per format."""
