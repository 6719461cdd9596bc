"""Performance benchmarks: generated large frameworks, revisions and crosswalks, and timings.

Run ``python benchmarks/run.py`` (full size) or ``python benchmarks/run.py --small`` (CI).
See ``docs/performance.md``.
"""
