"""A parsed query (``searchkit.search.query``) as a Whoosh query, analysed as the articles were.

A plain word that is a stop word ("the", "us") is left out, unless typed as an
acronym ("US", "WHO") in a query not typed all in capitals; a phrase keeps every word.
Each word goes through the analyzer of every field it is searched in, so
``Russia's`` finds "russia" in the body and the name key "rusias" among people;
plain words are searched in the default fields, each with its weight
(``FIELD_BOOSTS``). One that becomes several tokens ("U.S.-led") matches any of them.

Clauses that only restrict (a section, a date) add nothing to the score.

In an index of several languages a word is searched in each language's
analysis (``languages``): "Häuser" finds "haus" (German) beside "hauser"
(English); a language whose stop word it is adds nothing. A word in CJK
characters is its bigrams, next to each other (``analysis.cjk``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

from searchkit.analysis import cjk, news
from searchkit.engine.whoosh.analysis import NewsTokenizer
from searchkit.engine.whoosh.exactforms import ExactStem
from searchkit.engine.whoosh.exclusion import AndNot
from searchkit.engine.whoosh.expansion import Expanded
from searchkit.engine.whoosh.languages import index_analyses
from searchkit.engine.whoosh.spelling import Neighbour, neighbours
from searchkit.search import query as sq
from searchkit.search.edits import auto_edits

#: Field weights for plain query words (BM25F scores per field, then weighted).
FIELD_BOOSTS = {"headline": 2.5, "subheads": 1.5, "people": 2.0, "body": 1.0}
#: Where a word's exact (unstemmed) form is looked up beside its stem, and the share of the word's
#: weight its stem keeps there: an article holding the word as typed ranks above one holding only
#: another word of its stem ("Arsene" and "Arsenal" both stem to "arsen"), which still matches.
#: The search scores the stem alone; the best hits are re-scored with the shares (``exactforms``).
EXACT_FIELDS = {"headline": "headline_exact", "body": "body_exact"}
STEM_SHARE = 0.2
#: The exact form is not looked up when it is this share or more of its stem's articles (it would
#: rank them all alike, at the cost of another term to score).
EXACT_SHARE = 0.8
#: A plain word no article holds matches the words articles use within the edits its length allows
#: (``spelling.neighbours``: Elasticsearch's ``fuzziness: AUTO``, first letter kept), each such article
#: scoring TYPO_WEIGHT (below any article holding a word as typed).
TYPO_WEIGHT = 0.5
#: Adjacent words of a phrase: Whoosh's slop 1 means next to each other.
PHRASE_SLOP = 1
#: Fields whose clauses filter without scoring.
_FILTER_FIELDS = ("section",)


@dataclass
class Compiled:
    """The Whoosh query, and the words whose articles holding all of them are favoured (none: no bonus)."""

    query: wq.Query
    all_words: list[wq.Query]
    #: Whether a plain or phrase word looks like a typo (``spelling.neighbours``; only known with a reader).
    unknown: bool = False
    #: The indexed words (exact forms) that typos or other foldings were matched with, for snippets to mark.
    typo_words: tuple[str, ...] = ()
    #: The neighbours of each word checked for a typo, as typed (spared a second look when respelling).
    checked: dict[str, list[Neighbour]] = field(default_factory=dict)


def compile_query(parsed: sq.Query, schema, reader=None) -> Compiled:
    """The Whoosh query for a parsed query, with the all-words bonus of its top-level plain words.

    With the index's ``reader``, a word's exact form is only looked up where it tells
    articles apart (``EXACT_SHARE``); without it, wherever it differs from the stem.
    """
    compiler = _Compiler(schema, shouted=parsed.typed_in_capitals(), reader=reader)
    root = parsed.root
    if isinstance(root, sq.Words):
        query, words = compiler.words(root)
        return Compiled(query, words, compiler.unknown, tuple(compiler.typo_words), compiler.checked)
    return Compiled(compiler.node(root) or wq.NullQuery, [], compiler.unknown, tuple(compiler.typo_words),
                    compiler.checked)


class _Compiler:
    def __init__(self, schema, shouted: bool = False, reader=None) -> None:
        self.schema = schema
        self.shouted = shouted
        self.reader = reader
        self.analyses = index_analyses(reader)
        self.unknown = False
        self.typo_words: list[str] = []
        self.checked: dict[str, list[Neighbour]] = {}
        self._frequencies: dict[tuple[str, str], int] = {}

    def frequency(self, field: str, text: str) -> int:
        """How many articles hold ``text`` in ``field`` (asked of the reader once per query)."""
        key = (field, text)
        if key not in self._frequencies:
            self._frequencies[key] = self.reader.doc_frequency(field, text)
        return self._frequencies[key]

    def stem(self, text: str) -> str | None:
        """The body's term for a word as typed, None when it is not one term (a stop word, "U.S.-led"):
        in an index of several languages, the first language's term that an article holds, None for a stop
        word of any of them."""
        analysed = self.analysed(self.schema["body"], text)
        if any(not terms for terms in analysed):
            return None
        stems = list(dict.fromkeys(terms[0] for terms in analysed if len(terms) == 1))
        if self.reader is not None and len(stems) > 1:
            stems = [s for s in stems if self.frequency("body", s) or self.frequency("headline", s)] or stems
        return stems[0] if stems else None

    def other_stems(self, text: str, stem: str) -> list[str]:
        """The word's terms in the index's other languages' analyses, where they differ from ``stem``."""
        analysed = self.analysed(self.schema["body"], text)
        return list(dict.fromkeys(terms[0] for terms in analysed if len(terms) == 1 and terms[0] != stem))

    def analysed(self, field, text: str, **options) -> list[list[str]]:
        """A query text's terms in ``field``, in each of the index's analyses (one list each)."""
        text = self.as_written(text)
        if not isinstance(field.analyzer, NewsTokenizer):
            return [[token.text for token in field.tokenize(text, mode="query", **options)]]
        return [[token.text for token in field.tokenize(text, mode="query", lang=lang, **options)]
                for lang in self.analyses]

    def typos(self, word: str) -> list[str]:
        """The indexed words (exact forms) a typed word may be a typo of (``spelling.neighbours``); notes a typo."""
        if self.reader is None or news.is_acronym(word) or self.stem(word) is None:
            return []
        if word not in self.checked:
            self.checked[word] = neighbours(self.reader, self.as_written(word))
        self.unknown = self.unknown or bool(self.checked[word])
        return [near.word for near in self.checked[word]]

    def as_written(self, text: str) -> str:
        """Words of a shouted query in lower case: none of its capitals is an acronym."""
        return text.lower() if self.shouted else text

    def node(self, node: sq.Node) -> wq.Query | None:
        """The Whoosh query of one node; None when nothing of it is left after analysis (stop words)."""
        if isinstance(node, sq.Words):
            return self.words(node)[0]
        if isinstance(node, sq.And):
            return self.conjunction(node.parts)
        if isinstance(node, sq.Or):
            return _any([self.node(part) for part in node.parts])
        if isinstance(node, sq.Not):
            inner = self.node(node.part)
            return wq.Not(inner) if inner is not None else None
        if isinstance(node, sq.Everything):
            return wq.Every()
        if isinstance(node, sq.DateRange):
            return wq.ConstantScoreQuery(wq.DateRange("date", node.start, node.end), 0.0)
        return self.leaf(node)

    def words(self, node: sq.Words) -> tuple[wq.Query, list[wq.Query]]:
        optional = _counted([q for q in (self.node(part) for part in node.optional) if q is not None])
        required = [q for q in (self.node(part) for part in node.required) if q is not None]
        excluded = [q for q in (self.node(part) for part in node.excluded) if q is not None]
        any_word = _any(optional)
        if required and any_word is not None:
            base = wq.AndMaybe(_all(required), any_word) if node.ranking_only else _all(required + [any_word])
        else:
            base = _all(required) if required else any_word
        if base is None:
            base = wq.Every() if excluded and not (node.optional or node.required) else wq.NullQuery
        if excluded:
            base = AndNot(base, _any(excluded))
        return base.normalize(), optional if len(optional) > 1 else []

    def conjunction(self, parts: tuple[sq.Node, ...]) -> wq.Query | None:
        positive = [self.node(part) for part in parts if not isinstance(part, sq.Not)]
        negative = [self.node(part.part) for part in parts if isinstance(part, sq.Not)]
        positive_query = _all([q for q in positive if q is not None]) or wq.Every()
        negative_query = _any([q for q in negative if q is not None])
        return AndNot(positive_query, negative_query) if negative_query is not None else positive_query

    def leaf(self, node: sq.Node) -> wq.Query | None:
        """A word-like leaf in its field, or in every default field with the field's weight.

        A plain word whose exact form tells articles apart (``exact_form``) is searched by its
        stem, marked with the exact form (``ExactStem``), in each field with an exact twin: the best
        hits are re-scored STEM_SHARE by its stem and the rest by its exact form (``exactforms``).
        """
        fields = [(node.field, 1.0)] if node.field else list(FIELD_BOOSTS.items())
        exact = self.exact_form(node) if isinstance(node, sq.Term) else None
        queries = []
        for name, boost in fields:
            if exact is not None and name in EXACT_FIELDS:
                stem = self.stem(node.text)
                queries.append(ExactStem(name, stem, EXACT_FIELDS[name], exact, 1 - STEM_SHARE, boost=boost))
                queries.extend(wq.Term(name, other, boost=boost) for other in self.other_stems(node.text, stem))
            else:
                queries.append(self.in_field(node, name, boost))
        if isinstance(node, sq.Term) and node.field is None:
            queries.append(self.typo_tolerant(node))
        elif isinstance(node, sq.Phrase) and node.field in (None, *EXACT_FIELDS):
            self.note_unknown_words(node)
        combined = _any([q for query in queries if query is not None for q in _flat(query)])
        if combined is not None and node.field in _FILTER_FIELDS:
            return wq.ConstantScoreQuery(combined, 0.0)
        return combined

    def typo_tolerant(self, node: sq.Term) -> wq.Query | None:
        """For a word no article holds as analysed: the body's words a typo of it may be (weighted TYPO_WEIGHT)."""
        words = self.typos(node.text)
        if not words:
            return None
        self.typo_words.extend(words)
        typed = news.exact_of(self.as_written(node.text))
        fuzzy = wq.FuzzyTerm("body_exact", typed, boost=TYPO_WEIGHT, maxdist=auto_edits(len(typed)), prefixlength=1)
        fuzzy.typed = node.text  # as the user wrote it, for messages
        return Expanded(fuzzy, [word.encode("utf-8") for word in words])  # scored as one fuzzy term

    def exact_form(self, node: sq.Term) -> str | None:
        """The word's exact form when it differs from its stem and, with a reader, is found in fewer than
        EXACT_SHARE of the stem's articles (else ranking by it would change little, at the cost of a term)."""
        if node.field not in (None, *EXACT_FIELDS) or "body_exact" not in self.schema:  # an index built before
            return None
        stem = self.stem(node.text)
        exact = list(self.schema["body_exact"].process_text(self.as_written(node.text), mode="query"))
        if stem is None or len(exact) != 1 or exact[0] == stem:
            return None
        if self.reader is not None:
            found = self.frequency("body_exact", exact[0])
            if not found or found >= EXACT_SHARE * self.frequency("body", stem):
                return None
        return exact[0]

    def note_unknown_words(self, node: sq.Phrase) -> None:
        """Note whether a phrase holds a typo (the query is then respelled)."""
        if self.reader is not None and not self.unknown:
            for word in node.words:
                if self.typos(word):
                    return

    def in_field(self, node: sq.Node, name: str, boost: float) -> wq.Query | None:
        field = self.schema[name]
        if isinstance(node, sq.Term):
            if isinstance(field.analyzer, NewsTokenizer) and news.is_stop_anywhere(node.text, self.analyses):
                return None
            bigrams = cjk.has_cjk(node.text)  # the word's terms must stand next to each other
            queries = []
            for texts in self.analysed(field, node.text):
                if bigrams and len(texts) > 1:
                    queries.append(wq.Phrase(name, texts, slop=PHRASE_SLOP, boost=boost))
                else:
                    queries.extend(wq.Term(name, text, boost=boost) for text in texts)
            return _any(list(dict.fromkeys(queries)))
        if isinstance(node, sq.Phrase):
            phrases = []
            for words in self.analysed(field, " ".join(node.words), removestops=False):
                if len(words) > 1:
                    phrases.append(wq.Phrase(name, words, slop=PHRASE_SLOP, boost=boost))
                elif words:
                    phrases.append(wq.Term(name, words[0], boost=boost))
            return _any(list(dict.fromkeys(phrases)))
        text = self.unsplit(field, node)
        if text is None:
            return None
        if isinstance(node, sq.Prefix):
            return wq.Prefix(name, text, boost=boost)
        if isinstance(node, sq.Wildcard):
            return wq.Wildcard(name, text, boost=boost)
        if isinstance(node, sq.Fuzzy):
            fuzzy = wq.FuzzyTerm(name, text, boost=boost, maxdist=node.distance, prefixlength=0)
            fuzzy.typed = node.text  # as the user wrote it, for messages (the term itself is folded)
            return fuzzy
        raise TypeError(f"cannot compile {node!r}")  # a node type added to the tree but not here

    @staticmethod
    def unsplit(field, node: sq.Node) -> str | None:
        """The field's form of a prefix, pattern or fuzzy word, analysed whole (as Whoosh's parser does)."""
        raw = node.pattern if isinstance(node, sq.Wildcard) else node.text
        texts = list(field.process_text(raw, mode="query", tokenize=False, removestops=False))
        return texts[0] if texts else None


def _counted(queries: list[wq.Query]) -> list[wq.Query]:
    """Each distinct query once, weighted by how often it was typed: a word typed twice counts twice, as in
    BM25's query term frequency (long queries such as pasted abstracts repeat their topic words)."""
    counts: dict[wq.Query, int] = {}
    for query in queries:
        counts[query] = counts.get(query, 0) + 1
    return [query if n == 1 else query.with_boost(query.boost * n) for query, n in counts.items()]


def _flat(query: wq.Query) -> list[wq.Query]:
    return list(query.subqueries) if type(query) is wq.Or else [query]


def _any(queries: list[wq.Query | None]) -> wq.Query | None:
    kept = [q for q in queries if q is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else wq.Or(kept)


def _all(queries: list[wq.Query]) -> wq.Query | None:
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.And(queries)


def matches_everything(query: wq.Query) -> bool:
    """Whether the query keeps every article (``*``, or ``* NOT word``): nothing to rank, only to browse."""
    if isinstance(query, wq.AndNot):
        query = query.a
    return isinstance(query, wq.Every) and query.fieldname is None
