"""The reference data in tests/data is what its README says: every file listed, unchanged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from samples import DATA

# Checked by hand against the sources named in tests/data/README.md when each was copied.
SHA256 = {
    "case/case-v1p1-cfpackage.schema.json": (
        "0fb12b56304253dd02c116638e51590b47fb924307463098dbc889e9400ddf63"
    ),
    "case/opensalt-sample-math-6rp.json": (
        "5e3fb9f5f1dbe4c3c75748de890a2b33cf04f6448227a3089001bde144b63149"
    ),
    "case/sequence-number-framework.json": (
        "847890c76ec775b9adb04aa37adfc114f1905f51ce740cadc878fc8792e9a0f5"
    ),
    "case/utf8-test-framework.json": (
        "f6795a7dd97f5b1f9f73395e37afac6291ed1a5b8c98ef33095ca89f7bcc6cda"
    ),
    "levels/stages.yaml": "00b09178bd4be13143f03f1e88ddace82db118d3e29a9c4edebe4c7f99184d99",
    "seeds/alliance-2008-cme-staff-competencies.txt": (
        "fb67cabddbbbdf2bceef030fadeba12bfded35eb9adb326cc583082faddfdb09"
    ),
}


def test_every_reference_file_is_listed_with_its_source_and_unchanged() -> None:
    readme = (DATA / "README.md").read_text("utf-8")
    present = {
        p.relative_to(DATA).as_posix()
        for p in DATA.rglob("*")
        if p.is_file()
        and p.parent != DATA
        and p.parent.name != "licenses"
        and "conformance" not in p.relative_to(DATA).parts
    }
    assert present == set(SHA256)
    for name, digest in SHA256.items():
        assert f"`{name}`" in readme, f"{name} has no provenance in tests/data/README.md"
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, name
    for license_file in ("Apache-2.0.txt", "OpenSALT-MIT.txt"):
        assert (DATA / "licenses" / license_file).is_file()
        assert f"licenses/{license_file}" in readme


def test_the_conformance_corpus_matches_its_manifest_and_readme() -> None:
    """Real files from others (tests/data/conformance): each listed, with source, unchanged."""
    corpus = DATA / "conformance"
    manifest = json.loads((corpus / "MANIFEST.json").read_text("utf-8"))
    readme = (corpus / "README.md").read_text("utf-8")
    files = {
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*")
        if p.is_file() and p.parent != corpus and p.parent.name != "licenses"
    }
    assert files == {entry["file"] for entry in manifest}
    assert len(files) >= 30
    for entry in manifest:
        assert entry["format"] in {"case", "sssom", "ctdl", "moodle", "skos"}
        assert entry["file"].split("/")[0] == entry["format"]
        digest = hashlib.sha256((corpus / entry["file"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"], entry["file"]
        assert Path(entry["file"]).name in readme, f"{entry['file']} has no source in the README"
