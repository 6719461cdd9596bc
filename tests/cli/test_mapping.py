"""The ``map`` and ``coverage`` commands, run through ``cecompetency.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from samples import make_framework

from cecompetency import cli
from cecompetency.files.crosswalk_codec import dump_crosswalk_file
from cecompetency.files.framework_files import dump_file
from cecompetency.model.crosswalk import Crosswalk, Mapping

FRAMEWORKS = (
    make_framework("alpha", "1", {"1": ["1.1", "1.2"], "2": ["2.1"]}),
    make_framework("beta", "2", {"A": ["A.1"], "B": ["B.1"]}),
    make_framework("hub", "1", {"H1": ["H1.a"]}),
)
CROSSWALKS = (
    Crosswalk(
        "alpha-hub",
        "1",
        "Alpha to hub",
        ["alpha@1", "hub@1"],
        [Mapping("alpha@1:1.1", "exact", "hub@1:H1", confidence=0.9)],
    ),
    Crosswalk(
        "beta-hub",
        "1",
        "Beta to hub",
        ["beta@2", "hub@1"],
        [Mapping("beta@2:A.1", "exact", "hub@1:H1", confidence=0.5)],
    ),
    Crosswalk(
        "alpha-beta",
        "1",
        "Alpha to beta",
        ["alpha@1", "beta@2"],
        [
            Mapping("alpha@1:2", "close", "beta@2:B", confidence=0.7, comment="Same topic."),
            Mapping("alpha@1:2.1", "broad", "beta@2:B"),
        ],
    ),
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    (root / "crosswalks").mkdir(parents=True)
    for framework in FRAMEWORKS:
        dump_file(framework, root / f"{framework.ref}.yaml")
    for crosswalk in CROSSWALKS:
        dump_crosswalk_file(crosswalk, root / "crosswalks" / f"{crosswalk.ref}.yaml")
    return root


@pytest.fixture(autouse=True)
def mapping_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled frameworks only, whatever the environment says."""
    monkeypatch.delenv("CECOMPETENCY_PATH", raising=False)


def run(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--path", str(folder), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_map_shows_relation_confidence_justification_and_source(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(folder, capsys, "map", "alpha@1:2", "--to", "beta")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "alpha@1:2  Area 2"
    assert lines[1] == "counterparts in beta@2, from alpha-beta@1, alpha-hub@1, beta-hub@1:"
    assert lines[2].split() == [
        "close",
        "beta@2:B",
        "0.70",
        "semapv:ManualMappingCuration",
        "[alpha-beta@1]",
    ]
    assert lines[3].strip() == "Area B"


def test_map_reads_mappings_backwards_without_inferred(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(folder, capsys, "map", "beta:B", "--to", "alpha")
    assert code == 0
    assert "narrow   alpha@1:2.1" in out and "close    alpha@1:2 " in out
    assert "semapv:MappingInversion  [inferred from alpha-beta@1]" in out
    assert "via alpha@1:2 close beta@2:B (0.70) [alpha-beta@1, read backwards]" in out
    # The close answer ranks above the narrow one (relation strength).
    assert out.index("close    alpha@1:2 ") < out.index("narrow   alpha@1:2.1")


def test_map_follows_chains_through_a_hub_with_inferred(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(folder, capsys, "map", "alpha@1:1.1", "--to", "beta@2")
    assert code == 0 and "none (try --inferred" in out
    code, out, _ = run(folder, capsys, "map", "alpha@1:1.1", "--to", "beta@2", "--inferred")
    assert code == 0
    assert "exact    beta@2:A.1" in out and "0.45  semapv:MappingChaining" in out
    assert "via alpha@1:1.1 exact hub@1:H1 (0.90) [alpha-hub@1]" in out
    assert "    beta@2:A.1 exact hub@1:H1 (0.50) [beta-hub@1, read backwards]" in out


def test_map_as_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        folder, capsys, "map", "alpha:1.1", "--to", "beta", "--inferred", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["item"] == "alpha@1:1.1" and data["target"] == "beta@2"
    assert data["crosswalks"] == ["alpha-beta@1", "alpha-hub@1", "beta-hub@1"]
    (answer,) = data["counterparts"]
    assert answer["object"] == "beta@2:A.1" and answer["relation"] == "exact"
    assert answer["inferred"] is True and answer["justification"] == "semapv:MappingChaining"
    assert [link["read_backwards"] for link in answer["chain"]] == [False, True]
    assert answer["path"] == ["alpha@1:1.1", "hub@1:H1", "beta@2:A.1"]


def test_map_with_crosswalk_files_uses_only_those(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = tmp_path / "mine.yaml"
    dump_crosswalk_file(
        Crosswalk(
            "mine",
            "1",
            "Mine",
            ["alpha@1", "beta@2"],
            [Mapping("alpha@1:2", "exact", "beta@2:B.1")],
        ),
        extra,
    )
    code, out, _ = run(
        folder, capsys, "map", "alpha@1:2", "--to", "beta", "--crosswalk", str(extra)
    )
    assert code == 0
    assert "from mine@1:" in out and "exact    beta@2:B.1" in out and "beta@2:B " not in out


def test_coverage_in_three_formats(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(folder, capsys, "coverage", "alpha", "beta")
    assert code == 0
    assert (
        "4 of 5 items covered (80%): 3 with a counterpart of their own, "
        "1 only through items under them"
    ) in out
    assert "  1.2  Do 1.2" in out
    code, out, _ = run(folder, capsys, "coverage", "alpha", "beta", "--format", "json")
    data = json.loads(out)
    assert (data["covered"], data["total"], data["inferred"]) == (4, 5, True)
    assert data["target_unmatched"] == ["beta@2:B.1"]
    code, out, _ = run(folder, capsys, "coverage", "alpha", "beta", "--format", "markdown")
    assert out.startswith("# Coverage of alpha@1 by beta@2")
    code, out, _ = run(
        folder, capsys, "coverage", "alpha", "beta", "--asserted", "--format", "json"
    )
    data = json.loads(out)
    assert (data["covered"], data["inferred"]) == (2, False)
    assert [row["item"] for row in data["items"] if row["mapped"]] == ["alpha@1:2", "alpha@1:2.1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("map", "alpha@1:1.11", "--to", "beta"), "no item '1.11' (did you mean '1.1'?)"),
        (("map", "alpha@1", "--to", "beta"), "names a framework, not an item"),
        (("map", "alpha@1:1.1", "--to", "betta"), "no framework 'betta'"),
        (("map", "not a ref", "--to", "beta"), "is not a reference"),
        (("coverage", "alpha", "alpha@1"), "name two frameworks"),
    ],
)
def test_usage_errors_exit_2(
    folder: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, _, err = run(folder, capsys, *args)
    assert code == 2
    assert err.startswith("cecompetency: ") and message in err


def test_a_missing_crosswalk_file_is_an_io_error_exit_2(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(folder, capsys, "coverage", "alpha", "beta", "--crosswalk", "missing.yaml")
    assert code == 2
    assert err == "missing.yaml: error[CE100]: cannot read the file: No such file or directory\n"


def test_a_bad_crosswalk_file_exits_1_with_located_errors(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: cecompetency-crosswalk/1\nid: bad\nversion: '1'\ntitle: Bad\n"
        "frameworks: [alpha@1, beta@2]\ndefaults: {justification: semapv:ManualMappingCuration}\n"
        "mappings:\n  - {subject: alpha:1.11, relation: exact, object: beta:A}\n"
        "  - {subject: alpha:2, relation: broad, object: beta:B}\n"
        "  - {subject: beta:B, relation: broad, object: alpha:2}\n",
        encoding="utf-8",
    )
    code, out, err = run(
        folder, capsys, "map", "alpha@1:2", "--to", "beta", "--crosswalk", str(bad)
    )
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"{bad}:8:15: error[CE405]: alpha@1 has no item '1.11' (did you mean '1.1'?)"
    assert lines[1].startswith(f"{bad}:10:33: error[CE406]:")


def test_hostile_crosswalk_file_exits_1(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "a: &a [x, x]\nb: [*a, *a, *a]\nformat: !!python/name:os.system\n", encoding="utf-8"
    )
    code, _, err = run(folder, capsys, "coverage", "alpha", "beta", "--crosswalk", str(bad))
    assert code == 1 and f"{bad}:3:9: error[CE115]" in err


def test_an_invalid_crosswalk_in_the_registry_exits_1(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "crosswalks" / "broken@1.yaml").write_text(
        "format: cecompetency-crosswalk/1\nid: broken\nversion: '1'\ntitle: B\n"
        "frameworks: [alpha@1]\n"
        "mappings: [{subject: alpha:1, relation: exactMatch, object: alpha:2}]\n",
        encoding="utf-8",
    )
    code, _, err = run(folder, capsys, "coverage", "alpha", "beta")
    assert code == 1 and "did you mean 'exact'?" in err


def test_map_takes_a_crosswalk_by_reference_too(capsys: pytest.CaptureFixture[str]) -> None:
    """`--crosswalk` accepts what the other commands accept: a file or a registry reference."""
    code = cli.main(
        ["map", "alliance@2008:7.6", "--to", "nccme-ccmep", "--crosswalk", "alliance-ccmep@1.0"]
    )
    assert code == 0
    assert "nccme-ccmep@2008:5" in capsys.readouterr().out
