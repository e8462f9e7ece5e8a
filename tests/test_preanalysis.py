"""Text fields analysed on the preparing workers index exactly as Whoosh's own analysis would."""

from __future__ import annotations

from pathlib import Path

from whoosh.filedb.filestore import RamStorage

from searchkit.engine.whoosh.documents import to_fields
from searchkit.engine.whoosh.preanalysis import pre_analysed
from searchkit.engine.whoosh.schema import build_schema
from searchkit.index.documents import content_hash, default_people_extractor, duplicate_key
from searchkit.ingest.files import is_article_file
from searchkit.ingest.reading import read_file

from conftest import ARTICLES, SEED


def fixture_documents() -> list[dict]:
    """The Whoosh fields of the seed and every fixture article, people extracted."""
    paths = [SEED] + sorted(p for p in ARTICLES.rglob("*") if p.is_file() and is_article_file(p))
    documents = []
    for number, path in enumerate(paths):
        for article in read_file(Path(path), article_id=f"a{number}").articles:
            article.people = default_people_extractor(article)
            documents.append(to_fields(article, digest=content_hash(article), dupkey=duplicate_key(article.body)))
    return documents


def index_contents(documents: list[dict]) -> tuple[list, dict]:
    """Every stored document and every posting (field, term, doc, weight, positions) of a fresh index.

    Positions are counted from each document field's first word: Whoosh's own
    analysis numbers it after the stop words before it, a word list from 0,
    and only the distances between words matter (phrases).
    """
    schema = build_schema()
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for fields in documents:
            writer.add_document(**fields)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        stored = list(reader.all_stored_fields())
        postings = {}
        for fieldname, text in reader.all_terms():
            postings[fieldname, text] = list(_postings(reader.postings(fieldname, text), schema[fieldname]))
        first: dict[tuple[str, int], int] = {}
        for (fieldname, _), items in postings.items():
            for docnum, _, positions in items:
                if positions:
                    first[fieldname, docnum] = min(first.get((fieldname, docnum), positions[0]), positions[0])
        postings = {
            (fieldname, text): [(docnum, weight, positions and [p - first[fieldname, docnum] for p in positions])
                                for docnum, weight, positions in items]
            for (fieldname, text), items in postings.items()
        }
        lengths = {name: [reader.doc_field_length(d, name) for d in range(reader.doc_count_all())]
                   for name in schema.scorable_names()}
    return stored, {"postings": postings, "lengths": lengths}


def _postings(matcher, field):
    positions = field.format.supports("positions")
    while matcher.is_active():
        yield matcher.id(), matcher.weight(), matcher.value_as("positions") if positions else None
        matcher.next()


def test_pre_analysed_documents_index_and_store_exactly_like_plain_ones():
    documents = fixture_documents()
    assert len(documents) >= 5 and any(doc["people"] for doc in documents)
    schema = build_schema()
    analysed = [pre_analysed(fields, schema) for fields in documents]
    assert isinstance(analysed[0]["body"], list) and analysed[0]["_stored_body"] == documents[0]["body"]
    assert index_contents(analysed) == index_contents(documents)
