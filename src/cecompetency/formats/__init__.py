"""Exchange formats and renderings, one module per format (CASE, CTDL-ASN, SSSOM, Moodle,
CSV, JSON, SKOS, GraphML, Markdown, text), and the catalog that names them all.
"""
