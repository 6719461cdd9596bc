"""The registry: bundled frameworks, folders of your own, CECOMPETENCY_PATH, and containment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from samples import VALID

import cecompetency
from cecompetency.files.registry import ENV_VAR, Registry, bundled_folder
from cecompetency.model.errors import CrosswalkError, FrameworkError, NotFoundError, RefError
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref


def framework_text(fw_id: str, version: str, title: str = "Demo competencies") -> str:
    return (
        VALID.replace("id: demo", f"id: {fw_id}", 1)
        .replace('version: "1.0"', f'version: "{version}"', 1)
        .replace("title: Demo competencies", f"title: {title}", 1)
    )


def folder_with(tmp_path: Path, name: str, *files: tuple[str, str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file_name, text in files:
        (folder / file_name).write_text(text, encoding="utf-8")
    return folder


def own(*folders: Path) -> Registry:
    """A registry of these folders only: no bundled data, no environment."""
    return Registry(folders, bundled=False, environment=False)


# -- the default registry ---------------------------------------------------------------------


def test_load_the_bundled_alliance() -> None:
    alliance = cecompetency.load("alliance@2008")
    assert isinstance(alliance, Framework)
    assert alliance.ref == Ref("alliance", "2008")
    assert cecompetency.load("alliance") is alliance  # newest version, cached
    assert Ref("alliance", "2008") in cecompetency.available()


def test_bundled_folder_holds_the_bundled_files() -> None:
    assert (bundled_folder() / "alliance@2008.yaml").is_file()


# -- folders of your own ----------------------------------------------------------------------


def test_a_folder_of_frameworks(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        "mine",
        ("demo@1.9.yaml", framework_text("demo", "1.9")),
        ("demo@1.10.yml", framework_text("demo", "1.10")),
        ("other@2020.yaml", framework_text("other", "2020")),
        ("notes.yaml", "not a framework file name"),
        ("demo@1.11.txt", "wrong extension"),
        ("README.md", "# hello"),
    )
    (folder / "demo@3.yaml").mkdir()  # a folder with a framework's name is not a file
    registry = own(folder)
    assert registry.available() == (Ref("demo", "1.9"), Ref("demo", "1.10"), Ref("other", "2020"))
    assert registry.versions("demo") == ("1.9", "1.10")
    assert registry.resolve("demo") == Ref("demo", "1.10")  # 1.10 is newer than 1.9
    assert registry.load("demo").version == "1.10"
    assert registry.load("demo@1.9").version == "1.9"
    assert registry.load("demo@1.9") is registry.load(Ref("demo", "1.9"))
    assert registry.path_of("demo@1.9") == folder / "demo@1.9.yaml"
    assert registry.item("demo@1.9:1.1").statement == "Plan activities."
    assert registry.resolve("demo:1.1") == Ref("demo", "1.10", "1.1")


def test_earlier_folders_shadow_later_ones(tmp_path: Path) -> None:
    first = folder_with(tmp_path, "first", ("demo@1.yaml", framework_text("demo", "1", "First")))
    second = folder_with(tmp_path, "second", ("demo@1.yaml", framework_text("demo", "1", "Second")))
    assert own(first, second).load("demo@1").title == "First"
    assert own(second, first).load("demo@1").title == "Second"


def test_the_environment_variable_adds_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = folder_with(tmp_path, "one", ("a@1.yaml", framework_text("a", "1")))
    two = folder_with(tmp_path, "two", ("b@1.yaml", framework_text("b", "1")))
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(one), "", str(two)]))  # '' is skipped
    registry = Registry()
    refs = registry.available()
    assert Ref("a", "1") in refs and Ref("b", "1") in refs
    assert Ref("alliance", "2008") in refs  # the bundled data still comes last
    assert registry.folders[:2] == (one, two)
    assert Registry(environment=False).folders == (bundled_folder(),)
    assert Ref("a", "1") not in Registry(environment=False).available()


def test_the_default_registry_follows_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = folder_with(tmp_path, "one", ("a@1.yaml", framework_text("a", "1")))
    two = folder_with(tmp_path, "two", ("b@1.yaml", framework_text("b", "1")))
    monkeypatch.setenv(ENV_VAR, str(one))
    first = cecompetency.default_registry()
    assert first.folders == (one, bundled_folder())
    assert cecompetency.default_registry() is first  # the same value: the same registry
    assert cecompetency.load("a@1") is first.load("a@1")  # and its loaded frameworks
    monkeypatch.setenv(ENV_VAR, str(two))  # as a notebook would, with os.environ
    second = cecompetency.default_registry()
    assert second is not first
    assert second.folders == (two, bundled_folder())
    assert Ref("b", "1") in cecompetency.available()
    assert Ref("a", "1") not in cecompetency.available()
    with pytest.raises(NotFoundError):
        cecompetency.load("a@1")
    monkeypatch.delenv(ENV_VAR)
    assert cecompetency.default_registry().folders == (bundled_folder(),)
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(one), "", str(two)]))
    assert cecompetency.default_registry().folders == (one, two, bundled_folder())


def test_environment_folders_shadow_the_bundled_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_with(
        tmp_path, "shadow", ("alliance@2008.yaml", framework_text("alliance", "2008", "Mine"))
    )
    monkeypatch.setenv(ENV_VAR, str(folder))
    assert Registry().load("alliance@2008").title == "Mine"


def test_crosswalks_are_listed_from_their_subfolder(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "mine")
    (folder / "crosswalks").mkdir()
    (folder / "crosswalks" / "a-b@1.yaml").write_text("format: cecompetency-crosswalk/1\n")
    assert own(folder).crosswalks() == (Ref("a-b", "1"),)
    assert own(folder).available() == ()


def test_an_empty_registry() -> None:
    registry = Registry(bundled=False, environment=False)
    assert registry.available() == ()
    with pytest.raises(NotFoundError, match="known: none"):
        registry.load("alliance")


# -- errors -----------------------------------------------------------------------------------


def test_unknown_frameworks_versions_and_items(tmp_path: Path) -> None:
    registry = own(folder_with(tmp_path, "mine", ("demo@1.0.yaml", framework_text("demo", "1.0"))))
    with pytest.raises(
        NotFoundError, match=r"no framework 'dmeo' \(did you mean 'demo'\?\); known: demo"
    ):
        registry.load("dmeo")
    with pytest.raises(NotFoundError, match=r"no framework 'DEMO' \(did you mean 'demo'\?\)"):
        registry.load("DEMO")
    with pytest.raises(NotFoundError, match=r"has no version '2\.0'; known versions: 1\.0"):
        registry.load("demo@2.0")
    with pytest.raises(NotFoundError, match=r"has no item '1\.3' \(did you mean '1\.[12]'\?\)"):
        registry.item("demo@1.0:1.3")
    with pytest.raises(NotFoundError, match="names a framework, not an item"):
        registry.item("demo@1.0")


def test_a_file_whose_name_disagrees_with_its_content(tmp_path: Path) -> None:
    registry = own(folder_with(tmp_path, "mine", ("demo@2.0.yaml", framework_text("demo", "1.0"))))
    with pytest.raises(FrameworkError) as info:
        registry.load("demo@2.0")
    (issue,) = info.value.issues
    assert issue.code == "CE307"
    assert "the file name says 'demo@2.0' but the file holds demo@1.0" in issue.message
    assert issue.file == str(tmp_path / "mine" / "demo@2.0.yaml")
    assert (issue.path, issue.line, issue.column) == (("version",), *place(VALID, '"1.0"'))


def place(text: str, value: str) -> tuple[int, int]:
    """The 1-based line and column where ``value`` first occurs in ``text``."""
    index = text.index(value)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


@pytest.mark.parametrize(
    ("name", "fw_id", "version", "field", "value"),
    [
        ("other@1.0.yaml", "demo", "1.0", "id", "demo"),
        ("other@2.0.yaml", "demo", "1.0", "id", "demo"),  # both differ: the id is named
        ("demo@2.0.yaml", "demo", "1.0", "version", '"1.0"'),
    ],
)
def test_a_name_mismatch_points_at_the_value_that_disagrees(
    tmp_path: Path, name: str, fw_id: str, version: str, field: str, value: str
) -> None:
    text = "# a framework filed under the wrong name\n" + framework_text(fw_id, version)
    registry = own(folder_with(tmp_path, "mine", (name, text)))
    with pytest.raises(FrameworkError) as info:
        registry.load(name.removesuffix(".yaml"))
    (issue,) = info.value.issues
    assert issue.code == "CE307"
    assert (issue.path, issue.line, issue.column) == ((field,), *place(text, value))
    assert str(issue).startswith(f"{tmp_path / 'mine' / name}:{issue.line}:{issue.column}: ")


def test_an_invalid_file_in_the_registry_raises_its_issues(tmp_path: Path) -> None:
    registry = own(folder_with(tmp_path, "mine", ("demo@1.0.yaml", "format: cecompetency/1\n")))
    with pytest.raises(FrameworkError) as info:
        registry.load("demo")
    assert {i.code for i in info.value.issues} == {"CE202"}


# -- containment ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [
        "../../etc/passwd",
        "../alliance@2008",
        "alliance@../../etc/passwd",
        "alliance@2008/../../x",
        "/etc/passwd",
        "alliance@2008.yaml/..",
        "..",
        ".",
        "~root",
        "alliance@2008\x00",
    ],
)
def test_a_reference_cannot_name_a_path(ref: str) -> None:
    with pytest.raises(RefError):
        Registry().load(ref)


def test_references_are_matched_against_the_listing_only(tmp_path: Path) -> None:
    inner = folder_with(tmp_path, "inner")
    # A framework file just outside the registry folder is never reached.
    (tmp_path / "secret@1.yaml").write_text(framework_text("secret", "1"))
    registry = own(inner)
    with pytest.raises(NotFoundError):
        registry.load("secret@1")


def test_a_link_leading_out_of_the_folder_is_ignored(tmp_path: Path) -> None:
    outside = folder_with(tmp_path, "outside", ("secret@1.yaml", framework_text("secret", "1")))
    folder = folder_with(tmp_path, "mine", ("demo@1.0.yaml", framework_text("demo", "1.0")))
    (folder / "secret@1.yaml").symlink_to(outside / "secret@1.yaml")
    (folder / "alias@1.0.yaml").symlink_to(folder / "demo@1.0.yaml")
    registry = own(folder)
    assert Ref("secret", "1") not in registry.available()
    # A link that stays inside the folder is followed (and its content then checked).
    assert Ref("alias", "1.0") in registry.available()
    with pytest.raises(FrameworkError, match="CE307"):
        registry.load("alias@1.0")


def test_a_linked_folder_is_fine(tmp_path: Path) -> None:
    real = folder_with(tmp_path, "real", ("demo@1.0.yaml", framework_text("demo", "1.0")))
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    assert own(tmp_path / "linked").available() == (Ref("demo", "1.0"),)


# -- the naming rule, as validation applies it -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fw_id", "version", "field", "value"),
    [
        ("demo@1.0.yaml", "demo", "1.1", "version", '"1.1"'),
        ("other@1.0.yml", "demo", "1.0", "id", "demo"),
    ],
)
def test_validation_reports_the_name_mismatch_the_registry_refuses(
    tmp_path: Path, name: str, fw_id: str, version: str, field: str, value: str
) -> None:
    text = framework_text(fw_id, version)
    folder = folder_with(tmp_path, "mine", (name, text))
    with pytest.raises(FrameworkError) as refused:
        own(folder).load(name.rsplit(".", 1)[0])
    issues = cecompetency.validate_file(folder / name)
    assert [(i.code, i.path, i.line, i.column) for i in issues] == [
        ("CE307", (field,), *place(text, value))
    ]
    # The same words as the registry's refusal: the rule is stated once.
    assert issues == list(refused.value.issues)


def test_a_file_not_named_by_the_convention_is_not_checked_for_its_name(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "mine", ("draft.yaml", framework_text("demo", "1.1")))
    assert cecompetency.validate_file(folder / "draft.yaml") == []
    # The loaders do not check names either: only a registry and validation do.
    assert cecompetency.load_file(folder / "draft.yaml").version == "1.1"


def test_a_name_mismatch_is_reported_with_the_other_issues(tmp_path: Path) -> None:
    text = framework_text("demo", "1.1").replace("status: published", "status: publishd", 1)
    folder = folder_with(tmp_path, "mine", ("demo@1.0.yaml", text))
    assert [i.code for i in cecompetency.validate_file(folder / "demo@1.0.yaml")] == [
        "CE307",
        "CE204",
    ]


def test_a_framework_added_in_memory_acts_as_if_a_file_held_it(alliance: Framework) -> None:
    import attrs

    from cecompetency.files.crosswalk_files import check_crosswalk_data

    original = Registry(bundled=True, environment=False)
    newer = attrs.evolve(alliance, version="2099")
    registry = original.with_frameworks(newer)
    with pytest.raises(NotFoundError):
        original.load("alliance@2099")  # the registry it was made from is left alone
    assert Ref("alliance", "2099") not in original.available()
    assert registry.load("alliance") is newer  # the newest version now
    assert Ref("alliance", "2099") in registry.available()
    assert registry.item("alliance@2099:2.10") == alliance["2.10"]
    with pytest.raises(NotFoundError, match="added in memory"):
        registry.path_of("alliance@2099")
    # A crosswalk naming it is checked against it: a missing item is found.
    data = {
        "frameworks": ["alliance@2099", "nccme-ccmep@2008"],
        "defaults": {"justification": "semapv:ManualMappingCuration"},
        "mappings": [
            {"subject": "alliance@2099:9.9", "relation": "exact", "object": "nccme-ccmep@2008:1"}
        ],
    }
    assert [i.code for i in check_crosswalk_data(data, "cw", registry)] == ["CE405"]


# -- links and swaps cannot lead out of the registry --------------------------------------------


def crosswalk_text(cw_id: str = "pair", version: str = "1.0") -> str:
    return (
        "format: cecompetency-crosswalk/1\n"
        f"id: {cw_id}\n"
        f'version: "{version}"\n'
        "title: A pair\n"
        "frameworks: [demo@1.0]\n"
        "mappings: []\n"
    )


def test_a_crosswalks_folder_that_links_out_of_the_registry_is_not_listed(
    tmp_path: Path,
) -> None:
    outside = folder_with(tmp_path, "outside", ("pair@1.0.yaml", crosswalk_text()))
    folder = folder_with(tmp_path, "mine", ("demo@1.0.yaml", framework_text("demo", "1.0")))
    (folder / "crosswalks").symlink_to(outside, target_is_directory=True)
    registry = own(folder)
    assert registry.crosswalks() == ()
    with pytest.raises(NotFoundError):
        registry.load_crosswalk("pair@1.0")


def test_a_crosswalks_folder_linked_inside_the_registry_is_listed(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "mine", ("demo@1.0.yaml", framework_text("demo", "1.0")))
    (folder / "kept").mkdir()
    (folder / "kept" / "pair@1.0.yaml").write_text(crosswalk_text())
    (folder / "crosswalks").symlink_to(folder / "kept", target_is_directory=True)
    assert own(folder).crosswalks() == (Ref("pair", "1.0"),)


@pytest.mark.parametrize("kind", ["framework", "crosswalk"])
def test_a_file_swapped_for_a_link_after_listing_is_not_read(tmp_path: Path, kind: str) -> None:
    outside = folder_with(
        tmp_path,
        "outside",
        ("demo@1.0.yaml", framework_text("demo", "1.0", "Secret")),
        ("pair@1.0.yaml", crosswalk_text()),
    )
    folder = folder_with(tmp_path, "mine", ("demo@1.0.yaml", framework_text("demo", "1.0")))
    (folder / "crosswalks").mkdir()
    (folder / "crosswalks" / "pair@1.0.yaml").write_text(crosswalk_text())
    registry = own(folder)  # listed now; swapped below, before anything is read
    listed = (
        folder / "demo@1.0.yaml" if kind == "framework" else folder / "crosswalks/pair@1.0.yaml"
    )
    listed.unlink()
    listed.symlink_to(outside / listed.name)
    error = FrameworkError if kind == "framework" else CrosswalkError
    with pytest.raises(error, match=r"CE100.*not the file the registry listed"):
        if kind == "framework":
            registry.load("demo@1.0")
        else:
            registry.load_crosswalk("pair@1.0")


def test_a_file_edited_in_place_after_listing_is_read(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "mine", ("demo@1.0.yaml", framework_text("demo", "1.0")))
    registry = own(folder)
    (folder / "demo@1.0.yaml").write_text(framework_text("demo", "1.0", "Edited"))
    assert registry.load("demo@1.0").title == "Edited"


def test_a_file_swapped_for_a_pipe_does_not_block(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "mine", ("demo@1.0.yaml", framework_text("demo", "1.0")))
    registry = own(folder)
    (folder / "demo@1.0.yaml").unlink()
    os.mkfifo(folder / "demo@1.0.yaml")
    with pytest.raises(FrameworkError, match="CE100"):
        registry.load("demo@1.0")
