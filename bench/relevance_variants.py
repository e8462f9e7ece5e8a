"""Ranking variants the relevance bench can run side by side with searchkit's defaults.

A ``Variant`` only changes what a searchkit default could change: the analyzer's stop
list and stemming (``searchkit.analysis.news``), the field weights
(``compile.FIELD_BOOSTS``), the all-words bonus and query term frequency,
BM25F's parameters and idf (``searching.weighting``),
and two query-side additions, a proximity bonus and RM3 pseudo-relevance feedback.
Nothing in ``searchkit/`` is edited: analysis is swapped while an index is built, the
query is parsed and compiled with the patched constants, and it is run
by a Whoosh ``Searcher`` over the searchkit index with the variant's weighting: what
``searching.run_search`` ranks for a query without filters (it also collapses
near-duplicates and builds snippets, which the bench skips).
"""

from __future__ import annotations

import math
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from relevance_data import Collection
from relevance_files import write_files
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.filters import CharsetFilter
from whoosh.scoring import BM25F, WeightingModel
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map

import searchkit
from searchkit.analysis.news import NEWS_STOP_WORDS, TOKEN_PATTERN, repeats_lead
from searchkit.analysis.news import stem as news_stem
from searchkit.engine.whoosh import compile, schema
from searchkit.engine.whoosh.people import expand_people
from searchkit.search.parser import parse as parse_text

#: A general English stop list: Whoosh's 34 words ("us" included so "U.S." keeps its dots)
#: plus the other function words, auxiliaries and pronouns, and the question words of typed
#: requests ("what", "which"); written for this bench from common knowledge, then adopted as
#: searchkit's own list (``searchkit.analysis.news.NEWS_STOP_WORDS``).
ENGLISH_STOP_WORDS = NEWS_STOP_WORDS


#: The analysis key of searchkit's own analyzer (``searchkit.analysis.news``): its index is built unpatched.
SHIPPED_ANALYSIS = ("english", "porter")


class LuceneIdfBM25F(BM25F):
    """BM25F with the Robertson/Lucene idf ``ln(1 + (N - n + 0.5) / (n + 0.5))``.

    Whoosh's default idf ``ln(N / (n + 1)) + 1`` never falls below about 1, so a word
    found in nearly every article still counts a sixth of the rarest word's weight;
    this idf tends to 0 for such words, which is what makes BM25 ignore them.
    """

    def idf(self, searcher, fieldname: str, text: bytes) -> float:
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return math.log(1 + (total - n + 0.5) / (n + 0.5))


@dataclass(frozen=True)
class Variant:
    """One ranking configuration; the field defaults reproduce searchkit's first ranking ("initial")."""

    name: str
    about: str
    boosts: tuple[tuple[str, float], ...] | None = None  # None: compile.FIELD_BOOSTS
    k1: float = 1.2
    b: float = 0.75
    idf: str = "whoosh"  # "whoosh" (searchkit today) or "lucene"
    all_words: str = "searchkit"  # the all-words clause as searchkit adds it, "off", or "weighted"
    all_words_weight: float = 1.0  # "weighted": weight of the all-words bonus
    stop: str = "whoosh"  # "whoosh" (searchkit today), "none" or "english"
    qtf: bool = False  # keep query term frequency (a word typed twice counts twice)
    stem: str = "porter"  # "porter" (searchkit today), "s" (plurals only, see s_stem) or "none"
    proximity: float = 0.0  # weight of the ordered-pair bonus (0: off)
    proximity_slop: int = 3
    prf_docs: int = 0  # RM3 feedback documents (0: off)
    prf_terms: int = 20
    prf_weight: float = 0.5  # weight of the original query in the RM3 mixture
    prf_max_df: float = 0.1  # ignore expansion terms in more than this share of documents
    prf_doc_weight: str = "score"  # feedback documents weighted by "score", "softmax" of it, or "uniform"
    prf_fields: tuple[str, ...] = ("headline", "subheads", "body")  # where expansion terms are searched
    prf_rerank: bool = False  # True: expansion terms only rerank articles matching a query word

    @property
    def analysis_key(self) -> tuple[str, str]:
        """Variants with equal keys share an index."""
        return (self.stop, self.stem)

    def weighting(self) -> WeightingModel:
        """The variant's replacement for ``searching.weighting()``."""
        model = LuceneIdfBM25F if self.idf == "lucene" else BM25F
        return model(B=self.b, K1=self.k1)

    def field_boosts(self) -> dict[str, float]:
        """The variant's replacement for ``compile.FIELD_BOOSTS``."""
        return dict(self.boosts) if self.boosts is not None else dict(compile.FIELD_BOOSTS)


def stop_list(name: str) -> frozenset[str]:
    """The stop list a variant names."""
    lists = {
        "whoosh": frozenset(STOP_WORDS),
        "none": frozenset(),
        "english": ENGLISH_STOP_WORDS,
    }
    return lists[name]


def s_stem(word: str) -> str:
    """Harman's S stemmer: plurals only (-ies → -y, -es → -e, -s → -), nothing else.

    Porter also conflates words a news reader keeps apart (community, communism and
    communication all become "commun"; political and politics "polit"); plural
    folding keeps "treaties" = "treaty" without that.  Acronyms with dots are kept.
    """
    if "." in word or len(word) < 4:
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


class PossessiveFilter(Filter):
    """Drop a trailing possessive ’s and inner apostrophes, as ``searchkit.analysis.news.fold`` does."""

    def __call__(self, tokens):
        for token in tokens:
            text = token.text.replace("\u2019", "'")
            if text.endswith("'s") or text.endswith("'S"):
                text = text[:-2]
            token.text = text.replace("'", "")
            yield token


def variant_analyzer(stop: str, stem: str):
    """searchkit's news analysis as a Whoosh filter chain, with another stop list and stemmer."""
    chain = (
        RegexTokenizer(TOKEN_PATTERN)
        | PossessiveFilter()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=stop_list(stop), minsize=1)
    )
    stemmers = {"porter": news_stem, "s": s_stem}
    return chain | StemFilter(stemfn=stemmers[stem]) if stem in stemmers else chain


@contextmanager
def _patched(module: object, name: str, value: object) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def build_index(collection: Collection, variant: Variant, folder: Path, layout: str = "jsonl") -> searchkit.Index:
    """A searchkit index of the collection built the way a user builds one, with the variant's analysis.

    ``layout`` ``jsonl`` or ``txt``: the collection is written as files
    (``relevance_files``) and indexed by ``Index.sync``; ``add-many`` hands ``Article``
    objects to ``Index.add_many`` instead (a diagnostic: no reading, cleaning or
    derived headlines). A temporary folder, not ``Index.in_memory()``: Whoosh's RAM
    storage spills column files to a fixed ``/tmp/searchkit.tmp`` that concurrent runs delete.
    """
    analyzer = variant_analyzer(*variant.analysis_key)
    default = variant.analysis_key == SHIPPED_ANALYSIS
    work = Path(tempfile.mkdtemp(prefix="relevance-", dir=folder))
    with _patched(schema, "news_analyzer", schema.news_analyzer if default else lambda: analyzer):
        ix = searchkit.Index(work / "index")
    if layout == "add-many":
        ix.add_many(searchkit.Article(id=d.id, headline=d.headline, body=d.body, date=d.date)
                    for d in collection.docs)
        return ix
    report = ix.sync([write_files(collection, work / collection.name, layout)])
    if report.failures:
        raise RuntimeError(f"{len(report.failures)} files failed to index: {report.failures[0]}")
    return ix


def doc_id(article_id: str) -> str:
    """The collection's document id of an indexed article: a JSON-lines record keeps its own id,
    a file of the ``txt`` layout is ``<folder>/<id>.txt``."""
    return Path(article_id).stem if article_id.endswith(".txt") else article_id


class Runner:
    """Runs a variant's queries over one searchkit index."""

    def __init__(self, ix: searchkit.Index, variant: Variant) -> None:
        self.ix = ix
        self.variant = variant
        self.searcher = Searcher(ix.snapshot().reader.searcher.reader(), weighting=variant.weighting())
        self.ids = self.searcher.reader().column_reader("id")
        self.analyzer = self.searcher.schema["body"].analyzer

    def parse(self, text: str) -> wq.Query:
        """What ``searching.run_search`` searches for (literal words), then the people expansion.

        The variant's field boosts replace ``compile.FIELD_BOOSTS`` while the query is
        compiled, and its all-words rule adds the "all the words" clause inside the
        search (searchkit applies the same bonus to the best hits after it).
        """
        rules = {"searchkit": _all_words_inside, "off": _no_bonus, "weighted": self.weighted_all_words}
        rule = rules[self.variant.all_words]
        if self.variant.qtf:
            rule = _counting_repeats(rule)
        with _patched(compile, "FIELD_BOOSTS", self.variant.field_boosts()):
            compiled = compile.compile_query(parse_text(text, literal=True), self.searcher.schema,
                                             self.searcher.reader())
        per_word = compiled.all_words or ([] if compiled.query is wq.NullQuery else [compiled.query])
        return expand_people(self.ix.directory(), rule(wq.Or(per_word)) if per_word else wq.NullQuery)

    def weighted_all_words(self, parsed: wq.Query) -> wq.Query:
        """The all-words clause weighted ``all_words_weight`` instead of 1."""
        words = [w for w in (w.normalize() for w in parsed.subqueries) if w is not wq.NullQuery]
        if len(words) < 2:
            return _all_words_inside(parsed)
        return wq.Or([*words, wq.And(words, boost=self.variant.all_words_weight)]).normalize()

    def search(self, text: str, limit: int = 1000) -> dict[str, float]:
        """``{doc_id: score}`` of the top ``limit`` documents for a plain-words query."""
        query = self.parse(text)
        if self.variant.proximity:
            query = wq.Or([query, *self.proximity_bonus(text)])
        if self.variant.prf_docs:
            query = self.rm3(text, query)
        results = self.searcher.search(query, limit=limit)
        return {doc_id(self.ids[docnum]): score for score, docnum in results.top_n}

    def query_terms(self, text: str) -> list[str]:
        """The analysed query words in order (what the parser looks up in the text fields)."""
        return [t.text for t in self.analyzer(text, mode="query")]

    def proximity_bonus(self, text: str) -> list[wq.Query]:
        """For each pair of consecutive query words, a bonus where they appear close and in order.

        Whoosh scores a phrase match as the sum of its words' scores, so this adds
        ``proximity`` times the pair's BM25F score to articles that keep the pair together
        ("viet nam", "security council", "park chung hee").
        """
        words = self.query_terms(text)
        boosts = self.variant.field_boosts()
        bonus: list[wq.Query] = []
        for a, b in dict.fromkeys(zip(words, words[1:], strict=False)):
            if a == b:
                continue
            for field in ("headline", "body"):
                weight = self.variant.proximity * boosts.get(field, 1.0)
                bonus.append(wq.Phrase(field, [a, b], slop=self.variant.proximity_slop, boost=weight))
        return bonus

    def rm3(self, text: str, first: wq.Query) -> wq.Query:
        """RM3: mix the query with a relevance model estimated from the first pass's top documents.

        P(w|R) = sum over the top k documents of P(w|D) times the document's normalised
        score; the ``prf_terms`` best words (skipping those in more than ``prf_max_df``
        of the collection, which carry no topic) are added to the original query,
        weighted ``prf_weight`` : ``1 - prf_weight``.  With ``prf_rerank`` the expansion
        only reorders the articles that match the original query (``AndMaybe``).
        """
        variant = self.variant
        top = self.searcher.search(first, limit=variant.prf_docs).top_n
        if not top:
            return first
        reader = self.searcher.reader()
        total_docs = reader.doc_count_all()
        weights = _doc_weights([score for score, _ in top], variant.prf_doc_weight)
        model: Counter[str] = Counter()
        for (_, docnum), doc_weight in zip(top, weights, strict=True):
            stored = reader.stored_fields(docnum)
            headline, body = stored.get("headline", ""), stored.get("body", "")
            text = body if repeats_lead(headline, body) else f"{headline}\n{body}"  # as searchkit's own feedback
            counts = Counter(t.text for t in self.analyzer(text))
            length = sum(counts.values()) or 1
            for word, tf in counts.items():
                model[word] += doc_weight * tf / length
        expansion = []
        for word, weight in model.most_common():
            if len(expansion) == variant.prf_terms:
                break
            if reader.doc_frequency("body", word) <= variant.prf_max_df * total_docs:
                expansion.append((word, weight))
        if not expansion:
            return first
        mass = sum(w for _, w in expansion)
        words = len(self.query_terms(text)) or 1
        boosts = variant.field_boosts()
        extra = [
            wq.Term(field, word, boost=(1 - variant.prf_weight) * weight / mass * boosts[field])
            for word, weight in expansion
            for field in variant.prf_fields
        ]
        original = _scaled(first, variant.prf_weight / words)
        if variant.prf_rerank:
            return wq.AndMaybe(original, wq.Or(extra))
        return wq.Or([original, *extra])


def _doc_weights(scores: list[float], how: str) -> list[float]:
    """Feedback documents' weights P(D|R), summing to 1."""
    if how == "uniform":
        raw = [1.0] * len(scores)
    elif how == "softmax":
        raw = [math.exp(s - max(scores)) for s in scores]
    else:
        raw = list(scores)
    total = sum(raw) or 1.0
    return [w / total for w in raw]


def _counting_repeats(rule: Callable[[wq.Query], wq.Query]) -> Callable[[wq.Query], wq.Query]:
    """Wrap an all-words rule so a word given n times is one clause boosted n times.

    Whoosh's ``normalize`` drops duplicate subqueries, so a word repeated in a long
    query ("retrieval ... retrieval") counts once where BM25 counts it per
    occurrence; verbose queries (CISI's abstracts) lose their main topic words' weight.
    """

    def apply(parsed: wq.Query) -> wq.Query:
        counts = Counter(sub.normalize() for sub in parsed.subqueries)
        words = [q if n == 1 else q.with_boost(q.boost * n) for q, n in counts.items() if q is not wq.NullQuery]
        return rule(wq.Or(words)) if words else rule(parsed)

    return apply


def _all_words_inside(parsed: wq.Query) -> wq.Query:
    """Any of the words, plus the clause "all of them" (``a OR b OR (a AND b)``)."""
    words = [w for w in (w.normalize() for w in parsed.subqueries) if w is not wq.NullQuery]
    if len(words) < 2:
        return parsed.normalize()
    return wq.Or([*words, wq.And(words)]).normalize()


def _no_bonus(parsed: wq.Query) -> wq.Query:
    """No all-words bonus: the parse as Whoosh normalises it."""
    return parsed.normalize()


def _scaled(query: wq.Query, factor: float) -> wq.Query:
    """The query with every leaf's boost multiplied by ``factor`` (scores scale with it)."""
    if isinstance(query, wq.Term | wq.Phrase):
        return query.with_boost(query.boost * factor)
    if isinstance(query, wq.CompoundQuery):
        return type(query)([_scaled(sub, factor) for sub in query.subqueries], boost=query.boost)
    return query.with_boost(query.boost * factor)


def _v(name: str, about: str, **changes: object) -> Variant:
    return replace(Variant(name, about), **changes)


_FLAT = (("headline", 1.0), ("subheads", 1.0), ("people", 1.0), ("body", 1.0))
_RM3 = {"prf_docs": 5, "prf_terms": 25, "prf_weight": 0.7}

#: The variants ``--variant`` can name, in table order: searchkit as shipped ("default", which
#: is "recommended-rerank"), its first ranking ("initial"), one change at a time from it, then
#: the recommended combinations.
VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        _v("default", "searchkit as shipped: lucene idf + English stop list + RM3 rerank",
           idf="lucene", stop="english", prf_rerank=True, **_RM3),
        Variant("initial", "searchkit's first ranking: Whoosh idf and stop list, no feedback"),
        _v("no-allwords", "without the all-words (a AND b) bonus", all_words="off"),
        _v("allwords-0.5", "all-words bonus weighted 0.5 instead of 1", all_words="weighted", all_words_weight=0.5),
        _v("flat-boosts", "every field boost 1.0", boosts=_FLAT),
        _v("nostem", "no stemming", stem="none"),
        _v("s-stem", "plural-only S stemmer instead of Porter", stem="s"),
        _v("stop-none", "no stop words", stop="none"),
        _v("stop-english", "English stop list (ENGLISH_STOP_WORDS)", stop="english"),
        _v("lucene-idf", "BM25 idf ln(1+(N-n+.5)/(n+.5))", idf="lucene"),
        _v("k1-2.0", "lucene idf, k1=2.0", idf="lucene", k1=2.0),
        _v("k1-0.9-b-0.4", "lucene idf, k1=0.9 b=0.4", idf="lucene", k1=0.9, b=0.4),
        _v("prox", "lucene idf + ordered-pair proximity bonus 0.25, slop 3", idf="lucene", proximity=0.25),
        _v("rm3", "RM3 5 docs / 25 terms / query weight 0.7", **_RM3),
        _v("idf+stop", "lucene idf + English stop list", idf="lucene", stop="english"),
        _v("qtf", "query term frequency kept (repeated words count)", qtf=True),
        _v("recommended", "lucene idf + English stop list + RM3 5/25/0.7", idf="lucene", stop="english", **_RM3),
        _v("recommended+qtf", "recommended + query term frequency", idf="lucene", stop="english", qtf=True, **_RM3),
        _v("recommended-rerank", "recommended, but expansion terms only rerank (no new hits)",
           idf="lucene", stop="english", prf_rerank=True, **_RM3),
    )
}
