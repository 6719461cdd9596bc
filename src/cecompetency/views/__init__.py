"""Views: how results show themselves to people, in notebooks, plots and validation reports
(text, JSON, GitHub annotations, SARIF).
"""
