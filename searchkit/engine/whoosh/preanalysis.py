"""Analyse an article's text fields where it is prepared, so the single writer only files postings.

Whoosh indexes a field whose value is a list of strings as already analysed
words, one position each (``formats.tokens`` → ``analysis.entoken``), and
stores a document's ``_stored_<field>`` value in place of the indexed one.
Analysing the text fields on the preparing workers therefore gives the same
postings and stored text while taking the analysis, the largest share of
``add_document``, off the writer process that every sync waits on. The one
difference: a field's positions count from 0 rather than from the first word
after leading stop words, which no query sees (phrases compare distances).
"""

from __future__ import annotations

from whoosh.fields import TEXT, Schema

from searchkit.analysis.languages import analysis_of
from searchkit.engine.whoosh.analysis import analysed_words


def pre_analysed(fields: dict, schema: Schema) -> dict:
    """``fields`` with each text value replaced by its analysed words (and the text kept to store).

    Only TEXT fields are analysed ahead: the others' analyzers are trivial, and
    a unique ID field must keep its plain value for ``update_document``. Each
    distinct word goes through the news analyzer once (``analysed_words``), in the analysis of the
    article's language.
    """
    lang = analysis_of(fields.get("language") or "")
    analysed = dict(fields)
    for name, field in schema.items():
        value = fields.get(name)
        if isinstance(field, TEXT) and isinstance(value, str):
            analysed[name] = [term for _, _, term in analysed_words(field.analyzer, value, lang=lang)]
            if field.stored:
                analysed["_stored_" + name] = value
    return analysed
