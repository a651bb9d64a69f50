"""The report as an editor reads it: the study's HTML report opened in headless Chromium.

Renders the committed notebook 04 of the project's study into a temporary folder, opens the
page in a real browser and checks what a reader sees: the study's title and question, a
summary, numbered figures with captions and real alt text, no code, no table with an index
column, every article of the study listed as a source, methods and caveats, and no developer
wording. Also: the same inputs give the same bytes. Needs Chromium (Debian's ``chromium``
package, or ``$CHROMIUM``); skipped without one, except under CI (``CI`` set).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from research_utils.cli import main
from research_utils.study import default_study
from research_utils.tables import read_table

NOTEBOOK = REPO / "notebooks" / "04_outlet_comparison.ipynb"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
#: Words that belong to the code, not to a document for an editor.
DEVELOPER_WORDS = (
    "research_utils",
    ".py",
    "DataFrame",
    "nb.",
    "figures/README.md",
    "In [",
    "Out[",
    "import ",
)


def find_chromium() -> str | None:
    """The Chromium executable: ``$CHROMIUM``, else the usual names on PATH."""
    for name in filter(None, [os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]):
        if found := shutil.which(name):
            return found
    return None


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The study's report, rendered from the committed notebook into a temporary folder."""
    output = tmp_path_factory.mktemp("report") / "outlet_comparison.html"
    assert main(["report", "--study", str(REPO), "--notebook", str(NOTEBOOK), "--output", str(output)]) == 0
    return output


@pytest.fixture(scope="module")
def page(report: Path):
    """The report open in headless Chromium."""
    chromium = find_chromium()
    if chromium is None:
        reason = "no Chromium found (install Debian's chromium package, or set CHROMIUM=/path/to/chrome)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser test")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.route(
            "**/*", lambda route: route.abort() if route.request.url.startswith("http") else route.continue_()
        )
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        yield page
        browser.close()


def test_title_question_byline_and_summary_come_first(page) -> None:
    study = default_study(REPO)
    assert page.inner_text("h1") == study.title
    assert page.title() == study.title
    front = page.inner_text("header")
    assert study.question in front
    assert "Computed with research-utils" in front and "2021-03-19" in front
    summary = page.inner_text("section.report-summary")
    assert "Summary of findings" in summary
    comparison = read_table("comparison", study.analysed)
    for value in comparison.loc[comparison["measure"] == "most common frame", "value"]:
        assert value in summary, f"the summary does not state the table's value {value!r}"


def test_every_figure_is_numbered_captioned_and_described(page) -> None:
    images = page.locator("img")
    n = images.count()
    assert n == 7
    for i in range(n):
        alt = images.nth(i).get_attribute("alt") or ""
        assert len(alt) > 40 and "No description has been provided" not in alt, alt
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0"), "an image did not load"
    captions = page.locator("figure figcaption").all_inner_texts()
    assert [c.split(".")[0] for c in captions] == [f"Figure {k}" for k in range(1, n + 1)]
    assert all(len(c) > len("Figure 10. ") + 20 for c in captions)


def test_no_code_and_no_developer_wording(page) -> None:
    assert page.locator(".jp-InputArea pre, .jp-InputPrompt, .jp-OutputPrompt, code").count() == 0
    text = page.inner_text("body")
    found = [w for w in DEVELOPER_WORDS if w in text]
    assert not found, f"developer wording in the report: {found}"
    assert "04 ·" not in text, "the notebook's own title is shown"


def test_no_table_has_an_index_column(page) -> None:
    tables = page.locator("table")
    assert tables.count() >= 2  # the comparison and the sources
    for i in range(tables.count()):
        headers = tables.nth(i).locator("thead tr").first.locator("th").all_inner_texts()
        assert headers and all(h.strip() for h in headers), f"table {i + 1} has an unnamed column: {headers}"
        assert tables.nth(i).locator("tbody th").count() == 0, f"table {i + 1} has row labels (an index)"
    assert "..." not in page.inner_text("body table"), "a table cell is cut short"


def test_sources_list_every_article(page) -> None:
    documents = read_table("documents", default_study(REPO).processed)
    rows = page.locator("#sources-table tbody tr")
    assert rows.count() == len(documents)
    listed = page.inner_text("#sources-table")
    for doc in documents.to_dict("records"):
        assert doc["url"] in listed and doc["outlet"] in listed and doc["published"] in listed
    for heading in ("Sources", "Methods", "Caveats"):
        assert page.locator("h2", has_text=heading).count() == 1


def test_the_report_is_the_same_bytes_on_a_rerun(report: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.html"
    assert main(["report", "--study", str(REPO), "--notebook", str(NOTEBOOK), "--output", str(again)]) == 0
    assert again.read_bytes() == report.read_bytes()
