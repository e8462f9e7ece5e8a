"""Real news pages to article text and metadata: body, headline, section, date, authors.

``extract`` is the entry point; ``body`` finds the article's text in the page,
``metadata`` and ``fields`` read OpenGraph, JSON-LD and the page's own markup,
``rules`` holds the boilerplate cues and ``text`` decodes and tidies text.
"""
