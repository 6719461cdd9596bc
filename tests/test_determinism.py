"""Same input, same output bytes, whatever the hash seed: every writer, in fresh processes.

Sets and dicts iterate in an order that depends on PYTHONHASHSEED for text keys; one
process calling a function twice cannot see that. Each run here is a new interpreter with
another seed, and every output is compared byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Everything the library writes from the bundled data: each framework and crosswalk format,
# the YAML files, a diff in every rendering, the graph's answers and the comparison.
_SCRIPT = r"""
import hashlib, json, attrs, cecompetency
from cecompetency.formats.catalog import CROSSWALK_FORMATS, FRAMEWORK_FORMATS
from cecompetency.formats.graphml import graph_to_graphml, graph_to_node_link

registry = cecompetency.default_registry()
alliance = cecompetency.load("alliance@2008")
crosswalk = registry.load_crosswalk("alliance-ccmep")
other = registry.load(crosswalk.frameworks[1])
out = {}
for name, fmt in FRAMEWORK_FORMATS.items():
    if fmt.writer is not None:
        out["framework:" + name] = cecompetency.export_framework(
            alliance, name, crosswalks=[crosswalk]
        )
for name, fmt in CROSSWALK_FORMATS.items():
    if fmt.writer is not None:
        out["crosswalk:" + name] = cecompetency.export_crosswalk(
            crosswalk, name, frameworks={alliance.ref: alliance, other.ref: other}
        )
out["yaml"] = cecompetency.dumps(alliance) + cecompetency.dumps_crosswalk(crosswalk)
# A new version with ties for the matcher: two areas swap, a statement repeats in two places.
items = list(alliance.items)
items[0], items[1] = items[1], items[0]
twin = attrs.evolve(items[2].children[0], id="3.99")
items[2] = attrs.evolve(items[2], children=(*items[2].children, twin))
newer = attrs.evolve(alliance, version="2009", items=items)
change = cecompetency.diff(alliance, newer)
out["diff"] = change.to_text() + change.to_markdown() + change.to_json()
graph = cecompetency.CompetencyGraph([alliance, other], [crosswalk])
out["graphml"] = graph_to_graphml(graph) + graph_to_node_link(graph)
out["coverage"] = graph.coverage(alliance.ref, other.ref).render("json")
comparison = cecompetency.compare(alliance, other, [crosswalk])
out["compare"] = comparison.to_markdown() + comparison.to_json()
print(json.dumps({k: hashlib.sha256(v.encode()).hexdigest() for k, v in out.items()}))
"""


def _digests(seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    digests: dict[str, str] = json.loads(done.stdout)
    return digests


def test_every_output_is_the_same_bytes_under_any_hash_seed() -> None:
    first = _digests("0")
    assert len(first) >= 14  # every writer took part
    for seed in ("1", "2", "4242"):
        assert _digests(seed) == first, f"PYTHONHASHSEED={seed}"
