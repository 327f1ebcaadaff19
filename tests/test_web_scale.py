"""The web UI at an analyst's scale (issue 22), in a real headless Chromium: a store of 2,000
articles on SQLite, and of 250 on PostgreSQL (real analyses re-stored under new ids, titles and
dates: tests/web_corpus.py). Every list pages through to its last item, the graph shows at most
the top N actors with a legend and settles in under 2 s, each page is ready within a second once
the store is warm (measured and printed; asserted with a margin, the machine being shared), bad
addresses read as messages, and any list downloads as CSV. Screenshots of every page go to
docs/screenshots/ (of the SQLite store)."""
from __future__ import annotations

import csv
import time
from pathlib import Path

import httpx
import pytest

from presslens.api.app import ServerSettings
from presslens.options import AnalyzeOptions
from tests.live_server import live_server
from tests.store_corpus import word_encoder
from tests.web_corpus import analyse_real_articles, build_store

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")

# after the skips: test_web_e2e skips where Chromium is absent
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from tests.test_web_e2e import CHROMEDRIVER, CHROMIUM, page_errors  # noqa: E402

pytestmark = pytest.mark.slow

REAL_ARTICLES = 30
# The scale on SQLite; on PostgreSQL an eighth of it, enough for every list to page and for
# more related actors than the graph shows, as storing 2,000 articles again would take minutes.
ARTICLES = {"sqlite": 2000, "postgresql": 250}
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"  # the docs show the SQLite run's
ARTIFACTS = Path(__file__).parent / "artifacts"
READY_BAR_MS = 1000          # the bar for a page once the store is warm
READY_MARGIN_MS = 3000       # what the test asserts: the bar with room for a shared 2-core machine
SETTLE_BAR_MS = 2000         # the bar for the graph layout, of the top N actors shown by default
SETTLE_MARGIN_MS = 5000      # four times as many actors: measured and printed, asserted with room
DEFAULT_TOP = 50


@pytest.fixture(scope="module")
def originals() -> list[dict]:
    """The real articles analysed once, re-stored into the store of each backend."""
    analysed = analyse_real_articles(REAL_ARTICLES)
    if not analysed:
        raise RuntimeError("no real article could be analysed")
    return analysed


@pytest.fixture(scope="module")
def server(store_backend, module_stores, originals):
    location, articles, started = module_stores.new("scale.db"), ARTICLES[store_backend], time.monotonic()
    store = build_store(location, articles, originals, word_encoder)
    print(f"\n{articles} articles stored ({store_backend}) in {time.monotonic() - started:.0f} s: {store.counts()}")
    with live_server(ServerSettings(db_path=location, options=AnalyzeOptions(jobs=1)), store) as (url, _):
        yield url
    store.close()


@pytest.fixture(scope="module")
def screenshots(store_backend) -> Path:
    """Where this backend's screenshots go: the docs' folder for SQLite, tests/artifacts for the
    smaller PostgreSQL store."""
    folder = SCREENSHOTS if store_backend == "sqlite" else ARTIFACTS / f"scale-{store_backend}"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def visit(browser, url: str) -> int:
    """Opens `url` (a new page load, or a change of the hash) and waits until its view is ready;
    returns the time the view took to be ready, in ms, as the page measured it."""
    if browser.current_url == url:
        browser.refresh()
    elif browser.current_url.split("#")[0] == url.split("#")[0] and "#" in url:
        browser.execute_script("document.getElementById('view').dataset.ready = 'pending';"
                               "location.hash = arguments[0];", url.split("#", 1)[1])
    else:
        browser.get(url)
    WebDriverWait(browser, 60).until(view_ready)
    return int(browser.execute_script("return document.getElementById('view').dataset.readyMs"))


def pager_state(browser, pager_css: str) -> dict:
    return browser.execute_script("const p = document.querySelector(arguments[0]); return p && {...p.dataset};",
                                  pager_css)


def view_ready(browser) -> bool:
    return browser.execute_script("return document.getElementById('view').dataset.ready") == "true"


def page_to_last(browser, pager_css: str, rows_css: str) -> tuple[int, int]:
    """Clicks the pager's Last button; returns (offset + rows shown, total) of the last page."""
    first = pager_state(browser, pager_css)
    browser.find_element(By.CSS_SELECTOR, f"{pager_css} .pager-last").click()
    WebDriverWait(browser, 60).until(lambda d: pager_state(d, pager_css)
                                     and pager_state(d, pager_css)["offset"] != first["offset"] and view_ready(d))
    last = pager_state(browser, pager_css)
    rows = len(browser.find_elements(By.CSS_SELECTOR, rows_css))
    assert rows == int(last["count"])
    assert browser.find_element(By.CSS_SELECTOR, f"{pager_css} .pager-next").get_attribute("disabled")
    return int(last["offset"]) + rows, int(last["total"])


@pytest.mark.parametrize(("page", "pager", "rows"), [
    ("#/articles", "#article-pager", "#article-list li"),
    ("#/actors", "#actor-pager", "#actor-table tbody tr"),
    ("#/claims", "#claim-pager", "#claim-table tr.claim-row"),
    ("#/articles?sort=title&technique=Loaded_Language", "#article-pager", "#article-list li"),
])
def test_every_list_pages_to_its_last_item(server, browser, page, pager, rows):
    visit(browser, f"{server}/{page}")
    state = pager_state(browser, pager)
    assert int(state["total"]) > int(state["count"]) > 0, state  # more than one page
    assert browser.find_element(By.CSS_SELECTOR, f"{pager} .pager-status").text.endswith(
        f"of {int(state['total']):,}")
    shown, total = page_to_last(browser, pager, rows)
    assert shown == total
    assert page_errors(browser) == []


def busiest_actor(server: str) -> dict:
    actors = httpx.get(f"{server}/actors", params={"sort": "quotes", "limit": 1}, timeout=30).json()["actors"]
    return actors[0]


def test_an_actors_lists_page_to_their_last_item(server, browser):
    actor = busiest_actor(server)
    visit(browser, f"{server}/#/actor/{actor['id']}")
    for part, count_at_least in (("quotes", 26), ("relations", 1), ("claims", 1)):
        pager = f"#actor-{part} .pager"
        total = int(pager_state(browser, pager)["total"])
        if total < count_at_least:
            continue
        if total > int(pager_state(browser, pager)["count"]):
            shown, listed = page_to_last(browser, pager, f"#actor-{part} tr.part-row")
            assert shown == listed == total
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return document.getElementById('actor-timeline').dataset.ready") == "true")
    assert browser.find_elements(By.CSS_SELECTOR, "#actor-timeline rect[data-series=quotes]")
    assert page_errors(browser) == []


GRAPH_STATE = """const g = document.getElementById('graph');
const nodes = window.PresslensGraph ? PresslensGraph.cy.nodes() : [];
return {...g.dataset, names: nodes.map(n => n.data('name')), degrees: nodes.map(n => n.data('degree'))};"""


def graph_shown(browser) -> dict:
    """The graph once settled: its container's data (nodes, edges, settleMs), names and degrees."""
    WebDriverWait(browser, 60).until(lambda d: d.execute_script(
        "const g = document.getElementById('graph'); return g && g.dataset.settled") == "true")
    return browser.execute_script(GRAPH_STATE)


def test_graph_shows_the_top_actors_with_a_legend_and_settles_fast(server, browser, screenshots):
    full = httpx.get(f"{server}/graph", params={"limit": 10000}, timeout=60).json()
    degrees = sorted((n["degree"] for n in full["nodes"]), reverse=True)
    assert len(degrees) > DEFAULT_TOP, "the corpus should have more related actors than the graph shows"
    visit(browser, f"{server}/#/graph")
    shown = graph_shown(browser)
    print(f"\ngraph, top {DEFAULT_TOP} of {len(degrees)} related actors: {shown['nodes']} nodes, "
          f"{shown['edges']} pairs, settled in {shown['settleMs']} ms")
    assert 0 < int(shown["nodes"]) <= DEFAULT_TOP
    assert min(shown["degrees"]) >= degrees[DEFAULT_TOP - 1]  # none below the N-th highest degree
    assert int(shown["settleMs"]) < SETTLE_BAR_MS
    legend = browser.find_element(By.ID, "graph-legend").text
    assert "person" in legend and "conflict" in legend and "cooperation" in legend
    browser.save_screenshot(str(screenshots / "graph.png"))
    visit(browser, f"{server}/#/graph?top=200")
    larger = graph_shown(browser)
    print(f"graph, top 200: {larger['nodes']} nodes, {larger['edges']} pairs, settled in {larger['settleMs']} ms")
    assert int(shown["nodes"]) < int(larger["nodes"]) <= 200
    assert int(larger["settleMs"]) < SETTLE_MARGIN_MS
    name = shown["names"][0]
    visit(browser, f"{server}/#/graph?q={name.split()[0]}")
    around = graph_shown(browser)
    assert name in around["names"]
    assert page_errors(browser) == []


def pages(server: str) -> dict[str, str]:
    actor = busiest_actor(server)
    article = httpx.get(f"{server}/articles", params={"sort": "quotes", "limit": 1}, timeout=30).json()["articles"][0]
    return {"articles": "#/articles", "article": f"#/article/{article['id']}", "actors": "#/actors",
            "actor": f"#/actor/{actor['id']}", "graph": "#/graph", "claims": "#/claims",
            "techniques": "#/techniques?by=speaker", "timeline": "#/timeline", "analyse": "#/analyse",
            "not-found": "#/actor/abc"}


def test_pages_are_ready_within_a_second_once_warm(server, browser, screenshots):
    addresses = pages(server)
    visit(browser, f"{server}/")
    for address in addresses.values():  # warm the store's caches and the browser's
        visit(browser, f"{server}/{address}")
    timings = {}
    for name, address in addresses.items():
        visit(browser, f"{server}/#/articles?warm=1")
        timings[name] = visit(browser, f"{server}/{address}")
        if name == "graph":
            graph_shown(browser)
        time.sleep(0.3)  # fonts and the canvas painted before the picture
        browser.save_screenshot(str(screenshots / f"{name}.png"))
    print("\npage ready (ms, once warm): " + ", ".join(f"{k} {v}" for k, v in timings.items()))
    slow = {k: v for k, v in timings.items() if v > READY_BAR_MS}
    if slow:
        print(f"over the {READY_BAR_MS} ms bar on this run: {slow}")
    assert max(timings.values()) < READY_MARGIN_MS, timings
    assert page_errors(browser) == []


@pytest.mark.parametrize(("address", "says"), [
    ("#/actor/abc", "is not an actor id"), ("#/article/999999999", "no article 999999999"),
    ("#/nowhere", "There is no page"), ("#/actor/", "needs its id"),
])
def test_bad_addresses_read_as_messages(server, browser, address, says):
    visit(browser, f"{server}/{address}")
    problem = browser.find_element(By.ID, "problem").text
    assert says.lower() in problem.lower()
    assert "{" not in problem and '"detail"' not in problem
    page_errors(browser)  # the 404 asked for, read off the log: the next test's page errors are its own


def test_a_list_downloads_as_csv(server, browser, downloads):
    visit(browser, f"{server}/#/claims")
    total = int(pager_state(browser, "#claim-pager")["total"])
    target = downloads / "claims.csv"
    target.unlink(missing_ok=True)  # the other backend's download
    browser.find_element(By.CSS_SELECTOR, "button.csv").click()
    WebDriverWait(browser, 60).until(lambda d: target.exists() and target.stat().st_size > 0)
    time.sleep(0.5)  # the file written through
    with target.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == total
    assert {"status", "claim", "articles", "first seen"} <= set(rows[0])
    assert not [r for r in rows if r["claim"][:1] in "=+-@"]
