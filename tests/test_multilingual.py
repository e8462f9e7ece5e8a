"""Archives in several languages: each article's language is detected (or taken from its metadata), its
text analysed with that language's stemmer and stop words, CJK text as bigrams, and ``--lang`` filters.
The articles are indexed from files, as a user does (``Index.sync``)."""

import json

import pytest
from click.testing import CliRunner

from searchkit import Index
from searchkit.analysis import news
from searchkit.analysis.detection import detect, language_tag
from searchkit.cli import cli
from searchkit.errors import InvalidOption

FEED = [
    {"id": "de-wohnungen", "title": "Senat beschließt Bauprogramm",
     "body": "Berlin will in den kommenden fünf Jahren zwanzigtausend Wohnungen in neuen Häusern am Stadtrand "
             "bauen. Der Senat hat das Programm am Dienstag beschlossen, die Opposition kritisiert die Kosten."},
    {"id": "fr-election", "title": "Les électeurs aux urnes",
     "body": "Les Français votent dimanche pour l'élection présidentielle. Selon les derniers sondages, le "
             "président sortant arrive en tête du premier tour devant deux candidats de l'opposition."},
    {"id": "es-lluvias", "title": "Las lluvias inundan el sur",
     "body": "Las fuertes lluvias de los últimos días han inundado varias ciudades andaluzas. Los niños no "
             "fueron a la escuela y el gobierno regional pidió a los vecinos que no salieran de casa."},
    {"id": "ja-app", "title": "新しいアプリを発表",
     "body": "東京の会社は月曜日、スマートフォン向けの新しいアプリを発表した。利用者は無料でダウンロードできる。"},
    {"id": "zh-metro", "title": "北京地铁新线路开通",
     "body": "北京市政府宣布，新的地铁线路将于下个月开通，预计每天运送乘客超过十万人次。"},
    {"id": "en-housing", "title": "Council approves housing plan",
     "body": "The council approved a plan on Tuesday to build twenty thousand homes. The new houses will be "
             "built on the edge of the city, and the opposition criticised the cost."},
    # metadata names the language: a German-named feed record written in English is analysed as German
    {"id": "named-de", "lang": "de-CH", "title": "Zürich notes",
     "body": "Short notes from the city council meeting in Zürich, written for the English edition."},
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feed")
    with open(folder / "news.jsonl", "w", encoding="utf-8") as handle:
        for record in FEED:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    (folder / "page.html").write_text(
        '<html lang="it"><head><title>Il governo approva la riforma</title></head><body><article>'
        "<h1>Il governo approva la riforma</h1><p>Il consiglio dei ministri ha approvato ieri la riforma delle "
        "pensioni. I sindacati hanno annunciato uno sciopero generale per la prossima settimana.</p>"
        "</article></body></html>", encoding="utf-8")
    (folder / "nota.md").write_text(
        "---\ntitle: Resultados del campeonato\nlang: es\n---\n\n"
        "El equipo local ganó el campeonato regional tras vencer en la final por tres goles a uno.\n",
        encoding="utf-8")
    index_path = tmp_path_factory.mktemp("index") / "ix"
    with Index(index_path) as ix:
        ix.sync([folder])
        yield ix


def ids(results) -> set[str]:
    return {hit.id for hit in results}


def test_each_article_is_stored_with_its_detected_language(archive):
    expected = {"de-wohnungen": "de", "fr-election": "fr", "es-lluvias": "es", "ja-app": "ja",
                "zh-metro": "zh", "en-housing": "en"}
    assert {article_id: archive.get(article_id).language for article_id in expected} == expected


def test_metadata_names_the_language_over_detection(archive):
    assert archive.get("named-de").language == "de"
    html = next(hit.id for hit in archive.search("riforma"))
    assert archive.get(html).language == "it"
    markdown = next(hit.id for hit in archive.search("campeonato"))
    assert archive.get(markdown).language == "es"


def test_a_word_finds_other_forms_through_its_language_stemmer(archive):
    assert ids(archive.search("Häuser")) == {"de-wohnungen"}  # "Häusern" in the text
    assert ids(archive.search("élections")) == {"fr-election"}  # "l'élection": elision and plural
    assert ids(archive.search("lluvia")) == {"es-lluvias"}
    assert ids(archive.search("sindacato")) == {ids(archive.search("riforma")).pop()}


def test_accents_still_fold_in_every_language(archive):
    assert ids(archive.search("Hausern")) == {"de-wohnungen"}
    assert ids(archive.search("election")) == {"fr-election"}
    assert ids(archive.search("ninos")) == {"es-lluvias"}


def test_english_keeps_its_own_analysis(archive):
    assert ids(archive.search("house")) == {"en-housing"}
    assert ids(archive.search("criticise")) == {"en-housing"}


def test_stop_words_of_a_language_are_left_out_of_plain_words(archive):
    # "die" and "der" are German stop words: they neither match nor spoil a query
    assert ids(archive.search("die")) == set()
    assert ids(archive.search("der Senat")) == {"de-wohnungen"}
    assert ids(archive.search('"der Senat hat"')) == {"de-wohnungen"}  # a phrase keeps them


def test_cjk_words_are_found_inside_sentences(archive):
    assert ids(archive.search("アプリ")) == {"ja-app"}
    assert ids(archive.search("ダウンロード")) == {"ja-app"}
    assert ids(archive.search("地铁")) == {"zh-metro"}
    assert ids(archive.search("地铁线路")) == {"zh-metro"}


def test_a_cjk_query_needs_its_characters_next_to_each_other(archive):
    assert ids(archive.search("アプリケーション")) == set()  # "アプリ" is there, the longer word is not
    assert ids(archive.search("北京乘客")) == set()  # both words are there, not side by side
    assert ids(archive.search("北京 乘客")) == {"zh-metro"}


def highlighted(hit) -> list[str]:
    return [hit.snippet[start:end] for start, end in hit.highlights]


def test_snippets_mark_the_words_in_each_language(archive):
    assert highlighted(archive.search("ダウンロード")[0]) == ["ダウンロード"]
    assert highlighted(archive.search("地铁")[0]) == ["地铁"]
    assert highlighted(archive.search("Häuser")[0]) == ["Häusern"]
    assert highlighted(archive.search("élections")[0]) == ["l'élection"]


def test_lang_filters_by_language(archive):
    assert ids(archive.search("*", lang="de", limit=50)) == {"de-wohnungen", "named-de"}
    assert ids(archive.search("opposition", lang="en")) == {"en-housing"}
    assert ids(archive.search("opposition")) >= {"en-housing", "de-wohnungen"}
    assert ids(archive.search("*", lang=["ja", "zh"], limit=50)) == {"ja-app", "zh-metro"}
    assert ids(archive.search("*", lang="Japanese", limit=50)) == {"ja-app"}  # a language name is understood


def test_an_unknown_language_value_is_refused(archive):
    with pytest.raises(InvalidOption, match="lang must be a language code"):
        archive.search("*", lang="not a language")


def test_cli_lang_filter_and_exit_codes(archive):
    runner = CliRunner()
    where = str(archive.path)
    found = runner.invoke(cli, ["query", "--index", where, "--lang", "fr", "--json", "élection"])
    assert found.exit_code == 0, found.output
    assert [hit["id"] for hit in json.loads(found.output)["hits"]] == ["fr-election"]
    none = runner.invoke(cli, ["query", "--index", where, "--lang", "ja", "élection"])
    assert none.exit_code == 1
    bad = runner.invoke(cli, ["query", "--index", where, "--lang", "12", "élection"])
    assert bad.exit_code == 2
    assert "lang must be a language code" in bad.output
    assert "Traceback" not in bad.output


def test_show_json_names_the_language(archive):
    shown = CliRunner().invoke(cli, ["show", "--index", str(archive.path), "--json", "zh-metro"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["language"] == "zh"
    page = CliRunner().invoke(cli, ["show", "--index", str(archive.path), "zh-metro"])
    assert "Language: zh" in page.output


def test_an_index_of_the_format_before_languages_asks_for_a_rebuild(tmp_path):
    from dataclasses import replace

    from searchkit import IndexOutdated
    from searchkit.index.meta import FORMAT, load_meta, save_meta

    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "feed.jsonl").write_text(json.dumps(FEED[0], ensure_ascii=False) + "\n", encoding="utf-8")
    with Index(tmp_path / "ix") as ix:
        ix.sync([feed])
    save_meta(tmp_path / "ix", replace(load_meta(tmp_path / "ix"), format=4))
    with Index(tmp_path / "ix") as ix:
        assert ids(ix.search("Häuser")) == {"de-wohnungen"}  # searches work meanwhile
        with pytest.raises(IndexOutdated, match="as English.*--rebuild"):
            ix.sync([feed])
        ix.sync([feed], rebuild=True)
        assert load_meta(tmp_path / "ix").format == FORMAT


def test_language_tags_and_detection():
    tags = ("de-CH", "pt_BR", "English", "fra", "ja-JP", "", "12", "und")
    assert [language_tag(v) for v in tags] == ["de", "pt", "en", "fr", "ja", "", "", ""]
    assert detect("Der Bundestag hat am Donnerstag das neue Gesetz verabschiedet.") == "de"
    assert detect("EL GOBIERNO APROBÓ AYER EL PRESUPUESTO PARA EL PRÓXIMO AÑO") == "es"  # capitals read too
    assert detect("2025-03-14 12:00") == "en"  # no letters: English


def test_cjk_bigrams_and_their_offsets():
    text = "東京でiPhone用アプリ"
    found = list(news.terms(text, lang=""))
    assert [term for _, _, term in found] == ["東京", "京で", "iphone", "用ア", "アプ", "プリ"]
    assert all(text[start:end].lower() == term for start, end, term in found)


def test_a_short_english_text_is_not_taken_for_another_language():
    # Too few letters to tell: py3langid alone reads these abstracts as Latin, and English
    # queries would then miss them.
    assert detect("gravitational torque on a satellite vehicle") == "en"
    assert detect("electron spin and phonon equilibrium in masers") == "en"
    # A short text the detector is sure of keeps its language; CJK characters are enough.
    assert detect("Die Regierung hat am Dienstag das neue Gesetz beschlossen") == "de"
    assert detect("北京市政府宣布，新的地铁线路将于下个月开通") == "zh"
    assert detect("新しいアプリを発表") == "ja"


def test_a_feed_without_titles_is_read_once_for_its_language(tmp_path):
    # The headline made from the first sentence would double a short abstract past the length
    # at which a guess is trusted; it is read once.
    feed = tmp_path / "abstracts.jsonl"
    feed.write_text("\n".join(json.dumps({"id": f"a{n}", "body": body}) for n, body in enumerate([
        "gravitational torque on a satellite vehicle in a circular orbit",
        "electron spin and phonon equilibrium in masers at low temperature",
    ])) + "\n", encoding="utf-8")
    with Index(tmp_path / "index") as ix:
        ix.sync([feed])
        assert {ix.get(article_id).language for article_id in ix.ids()} == {"en"}
