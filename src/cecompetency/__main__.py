"""``python -m cecompetency``."""

from cecompetency.cli import run

run()
