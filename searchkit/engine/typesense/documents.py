"""Articles as Typesense documents: searchkit's own analysed terms and exact keys, and the stored article.

Typesense 0.24 ignores ``stem`` and normalises string values (accents, case)
when it filters and facets, so searchkit does the analysis itself, exactly as
for Whoosh (``searchkit.analysis.news``, ``people.names``): each text field is
sent as its list of distinct terms (``t_*``), matched exactly by ``filter_by``;
``t_all`` joins the default text fields' terms for ranking by ``q``. Values
that must come back exactly as written (people's spellings, sections,
near-duplicate keys, ids) travel hex-encoded, which no normalisation changes.
Each article's text is analysed in its language (``f_lang``, ``analysis.detection``).
The article itself is stored in fields Typesense keeps but does not index;
snippets are made from it by searchkit.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from searchkit.analysis import news
from searchkit.analysis.detection import article_language
from searchkit.analysis.languages import ENGLISH, analysis_of
from searchkit.engine.base import Document, SyncKey
from searchkit.models import Article
from searchkit.people.names import PEOPLE_SEPARATOR, people_keys

#: Text fields and the stored field each one's terms come from.
TEXT_FIELDS = ("headline", "subheads", "body", "authors")
#: Text fields whose term counts (``c_*``, beside ``t_*``) and lengths (``n_*``) are sent for searchkit's BM25F.
RANKED_FIELDS = ("headline", "subheads", "body")
#: Dates as seconds since 1970; undated articles sort after every dated one.
UNDATED = -(2**62)
#: Symbols that are part of searchkit's terms and keys ("u.s.", "3.5", "=zelenski", "vladimir_putin").
SYMBOLS = [".", "_", "="]
#: Fields searchkit reads back (the term lists stay on the server).
STORED_FIELDS = ("id", "headline", "body", "section", "date", "authors", "people", "subheads", "description",
                 "url", "path", "site_name", "language", "source", "mtime_ns", "size", "content_hash")


def collection_schema(name: str) -> dict:
    """The collection for one index: indexed term lists and keys; the article fields are stored only."""
    fields = [{"name": "t_" + field, "type": "string[]"} for field in TEXT_FIELDS]
    fields += [{"name": "c_" + field, "type": "int32[]", "index": False, "optional": True} for field in RANKED_FIELDS]
    fields += [{"name": "n_" + field, "type": "int32", "facet": True, "optional": True} for field in RANKED_FIELDS]
    fields += [
        {"name": "t_all", "type": "string[]"},
        {"name": "p_keys", "type": "string[]"},
        {"name": "key", "type": "string"},
        {"name": "f_people", "type": "string[]", "facet": True},
        {"name": "f_section", "type": "string", "facet": True},
        {"name": "f_section_key", "type": "string"},
        {"name": "f_month", "type": "string", "facet": True},
        {"name": "f_lang", "type": "string", "facet": True},
        {"name": "group", "type": "string", "facet": True},
        {"name": "sort_date", "type": "int64"},
    ]
    return {"name": name, "fields": fields, "symbols_to_index": SYMBOLS, "token_separators": []}


def hex_of(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").hex()


def unhex(value: str) -> str:
    return bytes.fromhex(value).decode("utf-8", "surrogatepass")


def key_token(key: str) -> str:
    """A people key as one Typesense token ("vladimir putin" -> "vladimir_putin")."""
    return key.replace(" ", "_")


def term_list(text: str, lang: str = ENGLISH) -> list[str]:
    """The distinct analysed terms of ``text`` (in the analysis ``lang`` names), in order of first appearance."""
    return list(dict.fromkeys(term for _, _, term in news.terms(text, lang=lang)))


def to_document(document: Document) -> dict:
    """The JSON document Typesense stores for one searchkit document."""
    article = document.article
    date = article.date.astimezone(timezone.utc) if article.date else None
    texts = {"headline": article.headline, "subheads": "\n".join(article.subheads), "body": article.body,
             "authors": "\n".join(article.authors)}
    language = article_language(article)
    analysis = analysis_of(language)
    fields: dict = {"t_" + name: term_list(texts[name], analysis) for name in TEXT_FIELDS if name not in RANKED_FIELDS}
    for name in RANKED_FIELDS:  # the distinct terms in order of first appearance, their counts, the length
        counts = Counter(term for _, _, term in news.terms(texts[name], lang=analysis))
        fields["t_" + name], fields["c_" + name], fields["n_" + name] = \
            list(counts), list(counts.values()), sum(counts.values())
    fields["t_all"] = list(dict.fromkeys(fields["t_headline"] + fields["t_subheads"] + fields["t_body"]))
    return {
        "id": article.id,
        "key": hex_of(article.id),
        **fields,
        "p_keys": [key_token(key) for key in people_keys(PEOPLE_SEPARATOR.join(article.people))],
        "f_people": [hex_of(name) for name in dict.fromkeys(article.people)],
        "f_section": hex_of(article.section),
        "f_section_key": hex_of(article.section.lower()),
        "f_month": date.strftime("%Y-%m") if date else "",
        "f_lang": language,
        "group": hex_of(document.dupkey or "id:" + article.id),
        "sort_date": int(date.timestamp()) if date else UNDATED,
        "headline": article.headline, "body": article.body, "section": article.section,
        "date": date.isoformat() if date else None,
        "authors": article.authors, "people": article.people, "subheads": article.subheads,
        "description": article.description, "url": article.url, "path": article.path,
        "site_name": article.site_name, "language": language,
        "source": document.source or article.path or article.id, "mtime_ns": document.mtime_ns,
        "size": document.size, "content_hash": document.content_hash, "dupkey": document.dupkey,
    }


def to_article(stored: dict) -> Article:
    """The Article a stored document holds."""
    date = stored.get("date")
    return Article(
        id=stored["id"], headline=stored.get("headline", ""), body=stored.get("body", ""),
        section=stored.get("section", ""),
        date=datetime.fromisoformat(date).astimezone(timezone.utc) if date else None,
        authors=list(stored.get("authors") or []), people=list(stored.get("people") or []),
        subheads=list(stored.get("subheads") or []), description=stored.get("description", ""),
        url=stored.get("url", ""), path=stored.get("path", ""), site_name=stored.get("site_name", ""),
        language=stored.get("language", ""),
    )


def sync_key(stored: dict) -> SyncKey:
    return SyncKey(id=stored["id"], source=stored.get("source", ""), mtime_ns=int(stored.get("mtime_ns") or 0),
                   size=int(stored.get("size") or 0), content_hash=stored.get("content_hash", ""))
