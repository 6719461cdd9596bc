"""Benchmark 7: hostile inputs that were quadratic, each of the size that once took a minute.

3,000 unknown matrix roles, CSV and Moodle parents and SSSOM prefixes (each hint was
compared with every name), 1,000,000 unknown keys (in small mode 30,000), a Moodle cell
of ``<a<a<a...`` (html.parser rescanned it) and a base-60 YAML number of 990 KB (PyYAML
converts it in quadratic time). Each must end in located issues within seconds.
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.harness import Context, Row, Target, median_time

__all__ = ["run"]

HEAD = (
    "format: cecompetency/1\nid: demo\nversion: '1.0'\ntitle: D\nstatus: published\n"
    "publishers:\n  - name: P\n"
)
META = {"title": "T", "publishers": [{"name": "P"}]}
MOODLE = (
    "Parent ID number,ID number,Short name,Description,Description format,Is framework,"
    "Taxonomy\n,demo@1,Demo,D,1,1,competency\n"
)
N = 3000


def _refused(read: Callable[[], object]) -> Callable[[], None]:
    from cecompetency.model.errors import ValidationError

    def run() -> None:
        try:
            read()
        except ValidationError:
            return

    return run


def _inputs(small: bool) -> dict[str, tuple[str, Callable[[], None]]]:
    from cecompetency.files.validation import validate_text
    from cecompetency.formats.catalog import import_crosswalk, import_framework

    roles = "".join(f"  - id: role{i:05d}\n    title: R\n" for i in range(N))
    used = ", ".join(f"rolx{i:05d}" for i in range(N))
    matrix = (
        f"{HEAD}roles:\n{roles}scales:\n  - id: s\n    title: S\n    levels:\n      - id: a\n"
        f"        label: A\nmatrices:\n  - id: m\n    title: M\n    status: draft\n    scale: s\n"
        f"    roles: [{used}]\nitems:\n  - id: '1'\n    title: T\n"
    )
    csv_rows = "".join(f"demo@1:i{i},demo@1:p{i},competency,,S,\n" for i in range(N))
    csv = "reference,parent,kind,title,statement,weight\n" + csv_rows
    moodle = MOODLE + "".join(f"p{i},i{i},N{i},D,1,,\n" for i in range(N))
    prefixes = "".join(f"#  pre{i}: https://example.org/p{i}/\n" for i in range(N))
    sssom = (
        f"#curie_map:\n{prefixes}#mapping_set_id: https://example.org/set\n"
        "#license: https://spdx.org/licenses/CC0-1.0.html\n"
        "subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
        + "".join(
            f"unk{i}:1\tskos:closeMatch\tpre1:1\tsemapv:ManualMappingCuration\n" for i in range(N)
        )
    )
    keys = 30_000 if small else 1_000_000
    many_keys = (
        HEAD
        + "items:\n  - id: '1'\n    title: T\n"
        + "".join(f"k{i:07d}: 1\n" for i in range(keys))
    )
    html = MOODLE + ",i1,N1," + "<a" * 60_000 + ",1,,\n"
    base60 = HEAD + "items:\n  - id: '1'\n    title: T\n    weight: 1" + ":59" * 330_000 + "\n"
    return {
        f"{N:,} unknown matrix roles": (matrix, lambda: validate_text(matrix, "f.yaml") and None),
        f"{N:,} unknown CSV parents": (
            csv,
            _refused(lambda: import_framework(csv, "csv", "f.csv", metadata=META)),
        ),
        f"{N:,} unknown Moodle parents": (
            moodle,
            _refused(lambda: import_framework(moodle, "moodle", "f.csv", metadata=META)),
        ),
        f"{N:,} unknown SSSOM prefixes": (
            sssom,
            _refused(lambda: import_crosswalk(sssom, "sssom", "f.tsv")),
        ),
        f"{keys:,} unknown keys": (many_keys, lambda: validate_text(many_keys, "f.yaml") and None),
        "Moodle cell of '<a' x 60,000": (
            html,
            _refused(lambda: import_framework(html, "moodle", "f.csv", metadata=META)),
        ),
        "base-60 YAML number, 990 KB": (base60, lambda: validate_text(base60, "f.yaml") and None),
    }


def run(ctx: Context) -> None:
    for name, (text, read) in _inputs(ctx.small).items():
        seconds = median_time(read, ctx.repeat(1, 1))
        size = len(text.encode())
        note = f"{size / 2**10:,.0f} KiB"
        # The hints are bounded; what is left is reading the file (twice: the second read
        # places the issues), about 1.5 s a MiB of YAML here, so the target grows with it.
        target = Target.under(max(5.0, 4.0 * size / 2**20))
        ctx.add(Row(f"hostile: {name}", seconds, target=target, note=note))
