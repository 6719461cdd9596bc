"""The documentation site (mkdocs.yml): every page and public module in it, and it builds.

The build itself needs the ``docs`` extra (MkDocs, Material, mkdocstrings) and is skipped
without it; the checks of the configuration need nothing.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cecompetency.files.yaml_reader import read_yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PACKAGE = ROOT / "src" / "cecompetency"
SCHEMAS = PACKAGE / "files" / "schemas"


def _config() -> dict[str, Any]:
    data = read_yaml((ROOT / "mkdocs.yml").read_bytes(), "mkdocs.yml").data
    assert isinstance(data, dict)
    return data


def _pages(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for entry in nav:
            yield from _pages(entry)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _pages(value)


def _public_modules() -> list[str]:
    """Every module a user may import: no part of its name starts with '_', no CLI, and no
    package that only holds modules (an ``__init__`` with no ``__all__``)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            if "__all__" not in path.read_text("utf-8"):
                continue
            parts = parts[:-1]
        if parts[1:2] == ("cli",) or any(p.startswith("_") for p in parts[1:]):
            continue
        if len(parts) > 1:
            names.append(".".join(parts))
    return names


def test_every_page_is_in_the_navigation() -> None:
    nav = set(_pages(_config()["nav"]))
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert pages - nav == set(), "pages missing from the nav in mkdocs.yml"
    assert nav - pages == set(), "the nav names pages that do not exist (yet)"


def test_every_public_module_has_an_api_page() -> None:
    documented = set()
    for page in (DOCS / "api").rglob("*.md"):
        for line in page.read_text("utf-8").splitlines():
            if line.startswith("::: "):
                documented.add(line[4:].strip())
    modules = _public_modules()
    assert "cecompetency.model.framework" in modules and "cecompetency.formats.sssom" in modules
    assert set(modules) - documented == set(), "add a page under docs/api/ and to the nav"


def _api_pages() -> dict[str, str]:
    """Each page under docs/api/ (relative to docs/api/), and the module it documents."""
    pages = {}
    for page in sorted((DOCS / "api").rglob("*.md")):
        targets = [
            line[4:].strip()
            for line in page.read_text("utf-8").splitlines()
            if line.startswith("::: ")
        ]
        assert targets, f"{page.relative_to(DOCS)} documents no module"
        pages[page.relative_to(DOCS / "api").as_posix()] = targets[0]
    return pages


def test_api_pages_follow_the_modules() -> None:
    """docs/api/model/framework.md documents cecompetency.model.framework; a package with
    modules of its own is the index.md of their folder (docs/api/changes/index.md for
    cecompetency.changes), one without is a page like a module's (docs/api/files/schemas.md)."""
    pages = _api_pages()
    assert pages["model/framework.md"] == "cecompetency.model.framework"
    assert pages["changes/index.md"] == "cecompetency.changes"
    modules = set(_public_modules())
    for page, module in pages.items():
        assert module in modules, f"{page} documents {module}, not a public module"
        expected = module.removeprefix("cecompetency.").replace(".", "/")
        folder = PACKAGE / expected
        if any(p.name != "__init__.py" for p in folder.glob("*.py")):
            expected += "/index"
        assert page == f"{expected}.md", f"the page for {module} belongs at docs/api/{expected}.md"


def test_the_api_index_lists_the_public_api_and_every_page() -> None:
    import cecompetency

    index = (DOCS / "api.md").read_text("utf-8")
    public = [name for name in cecompetency.__all__ if name != "__version__"]
    assert "Framework" in public and "import_framework" in public
    missing = [name for name in public if f"[`{name}`]" not in index]
    assert missing == [], "names of cecompetency.__all__ missing from the table in docs/api.md"
    unlinked = [page for page in _api_pages() if f"](api/{page})" not in index]
    assert unlinked == [], "pages under docs/api/ the index docs/api.md does not link"


def _hooks() -> Any:
    pytest.importorskip("mkdocs")
    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Config:
    config_file_path = str(ROOT / "mkdocs.yml")


class _Page:
    def __init__(self, src_uri: str) -> None:
        self.file = type("F", (), {"src_uri": src_uri})()


def test_the_home_page_is_the_readme() -> None:
    hooks = _hooks()
    index = (DOCS / "index.md").read_text("utf-8")
    home = hooks.on_page_markdown(index, _Page("index.md"), _Config(), None)
    readme = (ROOT / "README.md").read_text("utf-8")
    assert home.startswith(readme.replace("](docs/", "]("))
    assert "](docs/" not in home and "](tutorial-authors.md)" in home


def test_schema_links_point_at_the_published_copies() -> None:
    hooks = _hooks()
    text = "[a](../src/cecompetency/files/schemas/framework.schema.json) [b](other.md)"
    assert hooks.on_page_markdown(text, _Page("format.md"), _Config(), None) == (
        "[a](schemas/framework.schema.json) [b](other.md)"
    )
    page = _Page("api/files/schemas.md")
    assert hooks.on_page_markdown(text, page, _Config(), None).startswith(
        "[a](../../schemas/framework.schema.json)"
    )


@pytest.mark.slow
def test_the_site_builds_in_strict_mode(tmp_path: Path) -> None:
    for module in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python"):
        pytest.importorskip(module)
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for name in ("framework", "crosswalk"):
        published = site / "schemas" / f"{name}.schema.json"
        assert published.read_bytes() == (SCHEMAS / f"{name}.schema.json").read_bytes()
    graph_page = (site / "api" / "graph" / "competency_graph" / "index.html").read_text("utf-8")
    assert (
        'href="../../model/framework/#cecompetency.model.framework.Framework"' in graph_page
    )  # a role became a link
    assert ":class:`" not in graph_page
    assert "A short API tour" in (site / "index.html").read_text("utf-8")
    shutil.rmtree(site)
