"""Analysis: how text becomes search terms, the same for every engine and for snippets.

``news`` turns article and query text into terms (tokens, possessives, case,
accents, stop words, stemming). Every engine indexes these terms, so a query
analysed here matches what was indexed, and snippets mark the same words a
search matched.
"""
