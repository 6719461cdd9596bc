"""Level descriptors and the role ladder: the model, the YAML format, located checks, show."""

from __future__ import annotations

import attrs
import pytest
from samples import DATA, ROOT, VALID

import cecompetency as ce
from cecompetency.files.checks import check_framework_data, locate
from cecompetency.files.yaml_reader import read_yaml
from cecompetency.formats.markdown import framework_markdown
from cecompetency.formats.text import framework_text
from cecompetency.model.descriptors import Descriptor
from cecompetency.model.errors import ModelError, NotFoundError

STAGES = DATA / "levels" / "stages.yaml"


def _stages() -> ce.Framework:
    return ce.load_file(STAGES)


def test_descriptors_and_ladder_are_read_in_document_order() -> None:
    fw = _stages()
    assert [d.key for d in fw.descriptors][:2] == [
        ("1.1", "stage", "novice"),
        ("1.1", "stage", "competent"),
    ]
    assert fw.ladder == ("officer", "lead")
    assert fw.role_rank("lead") == 1 and fw.role_rank("officer") == 0
    competent = fw.descriptor("1.1", "stage", "competent")
    assert competent is not None and (competent.score, competent.score_max) == (2, 2.5)
    expert = fw.descriptor("1.2", "stage", "expert")
    assert expert is not None and expert.indicators == (
        "Links outcome data to the activity's objectives",
        "Reports results to stakeholders",
    )
    assert fw.descriptor("1.2", "stage", "competent") is None
    assert fw.descriptors_of("1") == ()


def test_descriptors_of_an_item_come_lowest_level_first_whatever_the_document_order() -> None:
    fw = _stages()
    shuffled = attrs.evolve(fw, descriptors=tuple(reversed(fw.descriptors)))
    assert [d.level for d in shuffled.descriptors_of("1.1")] == ["novice", "competent", "expert"]
    assert [d.level for d in shuffled.descriptors_of("1.2", "stage")] == ["novice", "expert"]
    with pytest.raises(NotFoundError):
        shuffled.descriptors_of("9.9")


def test_the_yaml_round_trip_keeps_descriptors_and_ladder() -> None:
    fw = _stages()
    text = ce.dumps(fw)
    assert ce.loads(text) == fw
    assert "ladder:\n- officer\n- lead\n" in text
    assert "  score:\n  - 2\n  - 2.5\n" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"item": "9.9"}, "unknown item '9.9'"),
        ({"scale": "depth"}, "unknown scale 'depth'"),
        ({"level": "master"}, "level 'master', not on scale 'stage'"),
        ({"level": "expert", "item": "1.1", "description": "again"}, "two descriptors"),
    ],
)
def test_the_model_refuses_a_descriptor_it_cannot_place(
    change: dict[str, str], message: str
) -> None:
    fw = _stages()
    wrong = attrs.evolve(fw.descriptors[0], **change)
    with pytest.raises(ModelError, match=message):
        attrs.evolve(fw, descriptors=(*fw.descriptors, wrong))


def test_the_model_refuses_a_bad_score_range_or_empty_text() -> None:
    with pytest.raises(ModelError, match="runs backwards"):
        Descriptor("1", "s", "l", "text", score=3, score_max=2)
    with pytest.raises(ModelError, match="no score"):
        Descriptor("1", "s", "l", "text", score_max=2)
    with pytest.raises(ModelError, match="finite"):
        Descriptor("1", "s", "l", "text", score=float("nan"))
    with pytest.raises(ModelError, match="indicator"):
        Descriptor("1", "s", "l", "text", indicators=("ok", " "))
    with pytest.raises(ModelError, match="description"):
        Descriptor("1", "s", "l", "  ")


def test_the_model_refuses_a_ladder_of_unknown_or_repeated_roles() -> None:
    fw = _stages()
    with pytest.raises(ModelError, match="unknown role 'chief'"):
        attrs.evolve(fw, ladder=("officer", "chief"))
    with pytest.raises(ModelError, match="twice"):
        attrs.evolve(fw, ladder=("officer", "officer"))
    assert attrs.evolve(fw, ladder=()).role_rank("lead") is None  # unordered stays possible


def _issues(text: str) -> list[str]:
    document = read_yaml(text, "f.yaml", track=True)
    return [str(i) for i in locate(check_framework_data(document.data, "f.yaml"), document)]


def test_a_descriptor_for_an_unknown_item_or_level_is_a_located_error_with_a_hint() -> None:
    text = STAGES.read_text("utf-8")
    text = text.replace(
        '  - item: "1.2"\n    scale: stage\n    level: novice',
        ('  - item: "1.3"\n    scale: stage\n    level: novise'),
    )
    text = text.replace("ladder: [officer, lead]", "ladder: [oficer, lead, lead]")
    lines = text.splitlines()
    item_line = lines.index('  - item: "1.3"') + 1
    ladder_line = lines.index("ladder: [oficer, lead, lead]") + 1
    assert _issues(text) == [
        f"f.yaml:{ladder_line}:10: error[CE309]: the ladder names unknown role 'oficer' "
        "(did you mean 'officer'?); roles are declared under 'roles'",
        f"f.yaml:{ladder_line}:24: error[CE309]: the ladder names role 'lead' twice",
        f"f.yaml:{item_line}:11: error[CE308]: a descriptor names unknown item '1.3' "
        "(did you mean '1.2'?)",
        f"f.yaml:{item_line + 2}:12: error[CE308]: level 'novise' is not on scale 'stage' "
        "(novice, competent, expert) (did you mean 'novice'?)",
    ]


def test_a_repeated_descriptor_names_the_first_and_a_backwards_range_is_refused() -> None:
    text = (
        STAGES.read_text("utf-8")
        .replace(
            '  - item: "1.2"\n    scale: stage\n    level: novice',
            '  - item: "1.1"\n    scale: stage\n    level: novice',
        )
        .replace("score: [2, 2.5]", "score: [2.5, 2]")
    )
    found = _issues(text)
    assert any("CE204" in i and "runs backwards" in i for i in found)
    first = text.splitlines().index('  - item: "1.1"') + 1
    assert any(
        "CE308" in i and f"already has a descriptor of level 'novice' (at line {first}," in i
        for i in found
    )


def test_an_unknown_scale_and_the_schema_shape_of_a_descriptor() -> None:
    text = VALID + (
        "descriptors:\n"
        "  - {item: '1.1', scale: dept, level: aware, description: x}\n"
        "  - {item: '1.1', scale: depth, level: aware, description: x, score: [1, 2, 3]}\n"
    )
    with pytest.raises(ce.ValidationError) as caught:
        ce.loads(text, "f.yaml")
    shown = "\n".join(str(i) for i in caught.value.issues)
    assert "error[CE308]: a descriptor names scale 'dept'" in shown
    assert "(did you mean 'depth'?)" in shown
    assert "error[CE20" in shown  # the three-number score breaks the schema


def test_frameworks_without_descriptors_write_the_same_bytes_as_before() -> None:
    # The bundled CCMEP file has no descriptors and no ladder: its canonical form is unchanged.
    fw = ce.load_file(ROOT / "frameworks" / "nccme-ccmep@2008.yaml")
    assert fw.descriptors == () and fw.ladder == ()
    text = ce.dumps(fw)
    assert "descriptors" not in text and "ladder" not in text
    assert "descriptors" not in ce.dumps(attrs.evolve(_stages(), descriptors=()))


def test_show_in_text_and_markdown_gives_each_level_its_words() -> None:
    fw = _stages()
    text = framework_text(fw)
    assert "Roles, lowest first: Officer < Lead" in text
    assert "Level descriptors: Stage of proficiency (Novice < Competent < Expert)" in text
    assert "    Competent [2-2.5]: Plans a needs assessment from several data sources." in text
    assert "      - Reports results to stakeholders" in text
    markdown = framework_markdown(fw)
    assert "## Level descriptors: Stage of proficiency" in markdown
    assert "- **Expert** \\[3\\]: Measures change in practice and patient outcomes." in markdown
    assert "Ordered, lowest first: Officer < Lead." in markdown


def test_show_of_one_item_gives_its_descriptors_in_text_and_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from cecompetency.cli import main

    assert main(["show", f"{STAGES}:1.2"]) == 0
    text = capsys.readouterr().out
    assert "Novice: Collects satisfaction data.\n" in text
    assert "Expert [3]: Measures change in practice and patient outcomes.\n" in text
    assert "  - Reports results to stakeholders\n" in text
    assert main(["show", f"{STAGES}:1.2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["level"] for d in data["descriptors"]] == ["novice", "expert"]
    assert data["descriptors"][1]["score"] == 3
