"""docs/performance.md quotes measured figures only in its generated block, and that block
is what benchmarks/run.py renders from the run's JSON kept in benchmarks/results.json."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the benchmarks are not installed with the package
    sys.path.insert(0, str(ROOT))

from benchmarks import results_page  # noqa: E402
from benchmarks.harness import Row, Target  # noqa: E402

PAGE = ROOT / "docs" / "performance.md"

# A measured figure: a time or a size of memory, a multiple, or a ratio.
FIGURE = re.compile(
    r"(?<![\w.])\d[\d,]*(?:\.\d+)?\s?(?:ms|s|us|µs|ns|MiB|KiB|GiB|MB|KB|GB)\b"
    r"|(?<![\w.])\d+(?:\.\d+)?\s?(?:x|times)\b"
    r"|\bratios? (?:of |to \S+ )?\d",
    re.I,
)
_FENCED = re.compile(r"^```.*?^```", re.S | re.M)


def _prose(page: str) -> str:
    """The page without its generated block and without its code blocks."""
    start, end = page.index(results_page.BEGIN), page.index(results_page.END)
    return _FENCED.sub("", page[:start] + page[end + len(results_page.END) :])


def test_the_prose_quotes_no_figures() -> None:
    found = FIGURE.findall(_prose(PAGE.read_text("utf-8")))
    assert found == [], "figures belong in the generated block (run.py --write-docs)"


@pytest.mark.parametrize(
    "text",
    ["took 0.83 s", "at 492 ms", "206 MiB", "about 7x", "4.0-4.4x", "ratio 2.5", "12.7 times"],
)
def test_the_figure_pattern_catches_what_the_old_page_quoted(text: str) -> None:
    assert FIGURE.search(text)


def test_the_generated_block_is_the_rendering_of_the_kept_run() -> None:
    page = PAGE.read_text("utf-8")
    report = json.loads((ROOT / results_page.RESULTS).read_text("utf-8"))
    assert page.count(results_page.BEGIN) == page.count(results_page.END) == 1
    start = page.index(results_page.BEGIN)
    block = page[start : page.index(results_page.END) + len(results_page.END)]
    assert block == results_page.render(report)
    assert report["mode"] == "full" and report["rows"]
    assert results_page.replace_block(page, report) == page


def test_every_row_a_run_produced_is_rendered() -> None:
    rows = [
        Row("a new benchmark", 1.0, "a floor", 0.25, Target.ratio_at_most(3.0), collector="off"),
        Row("memory too", 2.0, "floor", 4.0, peak_mib=30.0, baseline_peak_mib=20.0, runs=5),
        Row("not there yet", note="not available (x)"),
        Row("a | pipe", 0.000_012, note="line\nbreak"),
    ]
    report = {
        "mode": "full",
        "date": "2026-01-01 00:00 UTC",
        "seconds": 12.0,
        "machine": {"cores": 2, "python": "3.11.7", "load_average": [0.5, 1.0]},
        "versions": {"cecompetency": "1.0", "deepdiff": None},
        "rows": [row.as_json() for row in rows],
        "tables": [{"title": "Scores", "markdown": "| a |\n| --- |\n| 1 |"}],
        "errors": [],
    }
    text = results_page.render(report)
    lines = text.splitlines()
    assert lines[0] == results_page.BEGIN and lines[-1] == results_page.END
    assert "2 cores, Python 3.11.7, 12 s in all, load average 0.5 before and 1.0 after" in text
    assert "cecompetency 1.0" in text and "deepdiff" not in text
    rows_end = lines.index("**Scores**")
    table = [line for line in lines[:rows_end] if line.startswith("| ") and "---" not in line][1:]
    assert len(table) == len(rows)
    assert all(line.count(" | ") == len(table[0].split(" | ")) - 1 for line in table)
    first, second, third, fourth = table
    assert "| 1.00 s | a floor | 250.0 ms | 4.00 | off, both sides |" in first
    assert "ratio <= 3 | MISS |" in first
    assert "| 30 MiB | 20 MiB | 1.50 |" in second and "| 5 |" in second
    assert "not available (x)" in third and "| n/a |" in third
    assert "a \\| pipe | 12 us |" in fourth and "line break" in fourth
    assert text.endswith("**Scores**\n\n| a |\n| --- |\n| 1 |\n\n" + results_page.END)


def test_a_page_without_the_block_is_refused() -> None:
    with pytest.raises(ValueError, match="once"):
        results_page.replace_block("# Performance\n", {"rows": []})
