"""Analyses that researchers run on frameworks and crosswalks: compare, search, suggest
mappings, merge crosswalks, and role profiles with their gaps.
"""
