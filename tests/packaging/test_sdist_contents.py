"""What a source distribution must carry: the license, and every file its own tests read.

Building and unpacking the sdist needs the build tools, so that check is a script for CI
(``tests/packaging/sdist_check.sh``); these tests hold the same promises from the
checkout, where they fail as soon as a test starts reading a file the sdist leaves out.
"""

from __future__ import annotations

import re
import tomllib

from samples import ROOT

# Files the build backend puts in every sdist whatever the include list says.
_ALWAYS = {"pyproject.toml", "README.md", ".gitignore", "PKG-INFO"}


def _sdist_include() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    include: list[str] = data["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    return include


def _read_by_tests() -> set[str]:
    """The top-level files and folders the tests name as ROOT / NAME."""
    named = set()
    for path in (ROOT / "tests").rglob("*.py"):
        for found in re.findall(r"ROOT\s*/\s*[\"']([^\"']+)[\"']", path.read_text("utf-8")):
            named.add(found.split("/")[0])
    return named


def test_the_sdist_holds_every_file_the_tests_read() -> None:
    included = {entry.strip("/") for entry in _sdist_include()} | _ALWAYS
    read = _read_by_tests()
    assert {".pre-commit-hooks.yaml", "mkdocs.yml", "frameworks", "docs"} <= read
    assert read - included == set(), "add these to [tool.hatch.build.targets.sdist] include"


def test_every_file_the_sdist_includes_exists() -> None:
    missing = [entry for entry in _sdist_include() if not (ROOT / entry).exists()]
    assert missing == []


def test_the_license_is_mit_and_names_the_data_it_does_not_cover() -> None:
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text
    assert "does not\ncover the texts of the bundled frameworks" in text
    for path in sorted((ROOT / "frameworks").glob("*.yaml")):
        assert f"frameworks/{path.name}" in text, path.name
    for path in sorted((ROOT / "frameworks" / "crosswalks").glob("*.yaml")):
        assert f"frameworks/crosswalks/{path.name}" in text, path.name


def test_the_readme_says_what_the_license_covers() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## License", 1)[1]
    assert "[LICENSE](LICENSE)" in section
    assert "keep their publishers' rights" in section
    for path in sorted((ROOT / "frameworks").glob("*.yaml")):
        assert f"`{path.stem}`" in section, path.stem
