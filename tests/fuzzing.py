"""What any input may do to the framework reader, and keeping the inputs that broke it.

The only allowed outcomes of reading untrusted bytes are a :class:`Framework` (which then
survives a dump and a load unchanged) or the library's own :class:`FrameworkError`, whose
issues are well formed. An input that does anything else is saved to ``tests/corpus/``,
where ``files/test_corpus.py`` replays it in every run from then on.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from samples import assert_well_formed

from cecompetency.files.framework_files import dumps, loads
from cecompetency.files.validation import validate_text
from cecompetency.model.errors import FrameworkError
from cecompetency.model.framework import Framework

CORPUS = Path(__file__).resolve().parent / "corpus"
FILE = "fuzz.yaml"

# The default keeps a normal test run short; raise it for a long run by hand, e.g.
#   CECOMPETENCY_FUZZ_EXAMPLES=20000 pytest -q tests/files/test_fuzz_framework.py
EXAMPLES = int(os.environ.get("CECOMPETENCY_FUZZ_EXAMPLES", "100"))


def check_outcome(source: bytes | str) -> Framework | FrameworkError:
    """Read ``source`` as a framework; fail (and keep the input) on any other outcome."""
    try:
        return _outcome(source)
    except BaseException:
        if _is_final_example():
            save(source)
        raise


def _outcome(source: bytes | str) -> Framework | FrameworkError:
    try:
        framework = loads(source, FILE)
    except FrameworkError as error:
        _event(f"error {error.issues[0].code}" if error.issues else "error without issues")
        assert_well_formed(error.issues, FILE)
        assert any(issue.is_error for issue in error.issues)
        if all(issue.code != "CE205" for issue in error.issues):
            # For a framework document, validating reports exactly what loading raised.
            assert validate_text(source, FILE) == list(error.issues)
        return error
    _event("a framework")
    assert isinstance(framework, Framework)
    assert validate_text(source, FILE) == []
    assert loads(dumps(framework), FILE) == framework
    return framework


def _event(name: str) -> None:
    """Count outcomes in hypothesis's statistics (--hypothesis-show-statistics)."""
    try:
        from hypothesis import event

        event(name)
    except Exception:  # outside a hypothesis test (the corpus replay)
        pass


def _is_final_example() -> bool:
    """Whether hypothesis is replaying its minimal failing example (or we are not in it)."""
    try:
        from hypothesis.control import current_build_context

        return bool(current_build_context().is_final)
    except Exception:  # outside a hypothesis test: every failure is worth keeping
        return True


def save(source: bytes | str) -> Path:
    """Keep a failing input in the corpus, named by its content."""
    raw = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    path = CORPUS / f"found-{hashlib.sha256(raw).hexdigest()[:16]}.yaml"
    CORPUS.mkdir(exist_ok=True)
    if not path.exists():
        path.write_bytes(raw)
    return path
