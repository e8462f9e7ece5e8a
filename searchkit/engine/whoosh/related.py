"""More like this: articles related to one article by topic and by the people they name."""

from __future__ import annotations

from whoosh import query as wq

from searchkit.analysis.news import is_stop_term, repeats_lead
from searchkit.arguments import text_argument
from searchkit.engine.whoosh.columns import column_value
from searchkit.errors import ArticleNotFound
from searchkit.people.names import name_key

#: Key terms taken from the body and the headline, and the boost of shared people.
BODY_TERMS = 15
HEADLINE_TERMS = 5
PEOPLE_BOOST = 1.5
#: Key terms asked for beyond those kept, for the stop words among them.
STOP_MARGIN = 25


def related_query(searcher, article_id: str) -> tuple[wq.Query, wq.Query]:
    """The query for articles like ``article_id``, and the mask that leaves out it and its copies."""
    docnum = searcher.document_number(id=text_argument(article_id, "article id"))
    if docnum is None:
        raise ArticleNotFound(f"no article with id {article_id!r}")
    stored = searcher.stored_fields(docnum)
    terms: list[wq.Query] = []
    derived = repeats_lead(stored.get("headline", ""), stored.get("body", ""))
    for field, numterms in (("body", BODY_TERMS), ("headline", HEADLINE_TERMS)):
        text = stored.get(field) or ""
        if text.strip() and not (field == "headline" and derived):  # a derived headline is indexed with no weight
            # Whoosh reads the text as it indexes it, stop words included: they are asked for and left out
            found = searcher.key_terms_from_text(field, text, numterms=numterms + STOP_MARGIN)
            kept = [(term, weight) for term, weight in found if not is_stop_term(term)][:numterms]
            terms.extend(wq.Term(field, term, boost=weight) for term, weight in kept)
    for name in (stored.get("people") or "").split("\n"):
        if name.strip():
            terms.append(wq.Term("people", name_key(name), boost=PEOPLE_BOOST))
    mask = [wq.Term("id", article_id)]
    dupkey = column_value(searcher, "dupkey", docnum).decode("utf-8")
    if dupkey:
        mask.append(wq.Term("dupkey", dupkey))
    return (wq.Or(terms) if terms else wq.NullQuery), wq.Or(mask)
