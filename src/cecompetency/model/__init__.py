"""The model: frameworks, items, levels, crosswalks, relations, references and errors, as
small immutable values with their invariants; no files, no I/O, nothing from above.
"""
