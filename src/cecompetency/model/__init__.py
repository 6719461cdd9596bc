"""The model: frameworks, items, levels, crosswalks, relations, references and errors.

Small immutable values and their invariants; no files, no I/O, nothing from the layers above.
"""
