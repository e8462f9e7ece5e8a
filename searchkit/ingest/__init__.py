"""Ingestion: files on disk become ``Article`` objects.

Which files make up an archive and the id of each (``sources``), how each
format is read (``reading``: plain text and Markdown, HTML pages, JSON lines),
how bytes become text (``encoding``), how text is cleaned (``plaintext``,
``html``) and how dates are read (``dates``). Nothing here knows about people,
indexes or search engines.
"""
