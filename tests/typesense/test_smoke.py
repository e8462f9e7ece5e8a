from searchkit.engine.base import Document, SearchRequest
from searchkit.engine.typesense import TypesenseEngine
from searchkit.models import Article
from searchkit.search.parser import parse

def test_smoke(cluster, api_key, collection):
    engine = TypesenseEngine(cluster.location(collection))
    with engine.writer() as w:
        w.add(Document(Article(id="a", headline="Envoy met U.S. officials", body="Russia's envoy said.", people=["José Müller"], section="World"), "h1", ""))
        w.add(Document(Article(id="b", headline="Other", body="Nothing here said.", section="tech"), "h2", ""))
        w.commit()
    r = engine.reader()
    print(r.count(), r.sync_keys())
    res = r.search(SearchRequest(parse("envoy").root, facets=("people", "section")))
    print(res)
    assert [h.article.id for h in res.hits] == ["a"]
