"""Text machinery every layer shares: the one tokenizer, the one Markdown escaper, and
did-you-mean hints. The bottom of the package: it imports nothing of cecompetency.
"""
