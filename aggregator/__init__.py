"""Pure functions over plain data: cleaning, dedupe keys, list detection, topics, trending maths.

Nothing here imports Scrapy, touches SQL or does I/O, so every rule is testable on strings.
"""
