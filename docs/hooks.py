"""MkDocs hooks: one source for what the site shows twice.

- The home page is README.md itself (``docs/index.md`` holds only a marker), with its
  ``docs/`` links made relative to the site.
- The JSON Schemas are published from ``src/cecompetency/files/schemas/`` at
  ``schemas/NAME``, and links from the pages to the schema sources point at the published
  copies.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

INCLUDE_README = "<!-- include: README.md -->"
_SCHEMA_LINK = re.compile(r"\]\((?:\.\./)+src/cecompetency/files/schemas/([\w.-]+\.json)\)")
_DOCS_LINK = re.compile(r"\]\(docs/")
_SCHEMAS = Path("src", "cecompetency", "files", "schemas")


def _root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_files(files: Files, config: Any) -> Files:
    """Add every shipped schema to the site, at ``schemas/NAME.schema.json``."""
    for path in sorted((_root(config) / _SCHEMAS).glob("*.json")):
        files.append(File.generated(config, f"schemas/{path.name}", abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Put README.md in place of the include marker; point schema links at the site's copies."""
    if INCLUDE_README in markdown:
        readme = (_root(config) / "README.md").read_text(encoding="utf-8")
        markdown = markdown.replace(INCLUDE_README, _DOCS_LINK.sub("](", readme))
    up = "../" * page.file.src_uri.count("/")
    return _SCHEMA_LINK.sub(lambda m: f"]({up}schemas/{m[1]})", markdown)
