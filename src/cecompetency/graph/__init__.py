"""The cross-map graph: frameworks and crosswalks as one networkx graph, the relations it
infers, and the answers it gives (counterparts, coverage, conflicts, paths).
"""
