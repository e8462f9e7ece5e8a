"""The pages in a real browser (Debian's Chromium, headless, driven by Playwright) against `searchkit serve`.

One browser for the session and one server for the module. Set SEARCHKIT_SCREENSHOTS=docs to write the
screenshots the README shows (search page, person page).
"""

import os
import re
from pathlib import Path

import pytest

from web.conftest import CHROMIUM_ARGS, require_chromium, start_server, stop

WAIT_MS = 30_000  # generous: only a hang should fail a test on a loaded machine


@pytest.fixture(scope="session")
def browser():
    executable = require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=[a for a in CHROMIUM_ARGS if a != "--headless"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(news_index):
    process, url = start_server(news_index)
    yield url
    stop(process)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.dialogs = dialogs
    yield tab
    context.close()


def screenshot(tab, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SEARCHKIT_SCREENSHOTS") or tmp_path)
    tab.screenshot(path=str(folder / f"web-{name}.png"), full_page=False)


def test_search_narrow_page_and_read(page, site, tmp_path):
    from playwright.sync_api import expect

    page.goto(site)
    page.get_by_label("Search", exact=True).fill("harbour")
    page.get_by_label("Search", exact=True).press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=harbour"))
    expect(page.locator("article.hit").first).to_be_visible()
    expect(page.locator("article.hit mark").first).to_have_text(re.compile("harbour", re.I))

    page.locator('section.facet[data-facet="section"] a', has_text=re.compile("^World$")).click()
    expect(page).to_have_url(re.compile(r"section=World"))
    expect(page.locator("article.hit p.meta a.section")).to_have_text(["World"] * page.locator("article.hit").count())

    page.locator('section.facet[data-facet="people"] a', has_text="Lars Nilsen").click()
    expect(page).to_have_url(re.compile(r"person=Lars\+Nilsen"))
    expect(page.locator("ul.chips li")).to_have_count(2)
    for people in page.locator("article.hit p.people").all_inner_texts():
        assert "Lars Nilsen" in people
    screenshot(page, "search", tmp_path)

    page.goto(site + "?q=*")
    page.get_by_role("link", name="Next ›").click()
    expect(page.locator("nav.pager .current")).to_have_text("2")
    expect(page).to_have_url(re.compile(r"page=2"))

    headline = page.locator("article.hit h2 a").first
    title = headline.inner_text()
    headline.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("section.related li").first).to_be_visible()


def test_person_page_and_its_timeline(page, site, tmp_path):
    from playwright.sync_api import expect

    page.goto(site + "article?id=corpus/world/2024-09-0.txt")
    page.locator("p.people a", has_text="Lars Nilsen").click()
    expect(page.locator("h1")).to_have_text("Lars Nilsen")
    bars = page.locator("figure.timeline svg a.bar")
    expect(bars).to_have_count(8)
    assert page.locator("figure.timeline svg").bounding_box()["width"] > 600
    expect(page.locator("aside.co-mentioned li").first).to_contain_text("Amara Okafor")
    screenshot(page, "person", tmp_path)
    bars.last.click()
    expect(page).to_have_url(re.compile(r"since=2025-03-01&until=2025-03-31"))
    expect(page.locator("article.hit").first).to_be_visible()
    for date in page.locator("article.hit time").all_inner_texts():
        assert date.startswith("2025-03")


def test_results_follow_the_query_as_it_is_typed(page, site):
    from playwright.sync_api import expect

    page.goto(site)
    page.locator("h2").first.click()  # away from the search box, which the home page focuses
    page.keyboard.press("/")
    expect(page.get_by_label("Search", exact=True)).to_be_focused()
    page.keyboard.type("grain exports", delay=30)
    expect(page.locator("article.hit h2").first).to_contain_text("Grain exports")
    expect(page).to_have_url(re.compile(r"\?q=grain\+exports$"))  # ranked by relevance, empty fields left out
    expect(page.locator("p.summary")).not_to_contain_text("newest first")
    page.locator('select[name="sort"]').select_option("date")  # applies at once
    expect(page).to_have_url(re.compile(r"sort=date"))
    expect(page.locator("p.summary")).to_contain_text("newest first")


def test_a_hostile_archive_cannot_run_script(page, site):
    from playwright.sync_api import expect

    for path in ("?q=harbour", "article?id=corpus/hostile/script.txt", "article?id=evil-1", "people",
                 "person?name=Mallory", "?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"):
        page.goto(site + path)
        expect(page.locator("header.site")).to_be_visible()
        assert not page.title().startswith("pwned"), path
    page.goto(site + "article?id=corpus/hostile/script.txt")
    expect(page.locator("h1")).to_contain_text("<script>")
    assert page.locator('a[href^="javascript"]').count() == 0
    page.locator("p.source").click()  # the javascript: URL is shown as text, and clicking it does nothing
    assert page.dialogs == [] and not page.title().startswith("pwned")


def test_the_basics_work_without_javascript(browser, site):
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site)
        tab.get_by_label("Search", exact=True).fill("budget")
        tab.get_by_role("button", name="Search").click()
        expect(tab).to_have_url(re.compile(r"q=budget"))
        expect(tab.locator("article.hit").first).to_be_visible()
        tab.locator('section.facet[data-facet="section"] a').first.click()
        expect(tab.locator("ul.chips li")).to_have_count(1)
        tab.locator("details.syntax summary").click()
        expect(tab.locator("details.syntax table")).to_be_visible()
    finally:
        context.close()
