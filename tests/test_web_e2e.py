"""The web UI in a real headless Chromium (Debian's chromium + chromium-driver, driven by
Selenium): articles with highlighted quotes, techniques and claims, the actor graph, the claims
ledger, technique charts, and article text that can never run as code. Screenshots go to
tests/artifacts/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from presslens.api.app import ServerSettings
from presslens.options import AnalyzeOptions
from presslens.store import open_store
from tests.live_server import live_server
from tests.served_stores import filled_store
from tests.store_corpus import SCRIPT_MARKER, _record, corpus, script_article

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).parent / "artifacts"

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
    pytest.skip("headless browser tests need Debian's chromium and chromium-driver "
                "(apt-get install -y chromium chromium-driver)", allow_module_level=True)

from selenium.webdriver.common.actions.action_builder import ActionBuilder  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow


def layered_article() -> dict:
    """An article with every layer the article view shows beside the text: a direct, a partial
    and a reported quote, a hedged and a conditional relation, frames, genre, dates, the
    techniques of its paragraphs, and labels (one wording twice in two cases, one in the article's
    own voice, one negated by a quoted speaker that is no entity)."""
    text = ("Kelvra may have shipped rifles to Eastport, port officials said on Tuesday.\n"
            "Ilse Brandvold said the shipment was \"a routine delivery\". \"Nothing was hidden,\" she added. "
            "Veloria would sanction Kelvra if the report is confirmed.\n"
            "Ilse Brandvold called Kelvra \"a rogue state\" and later branded Kelvra a Rogue State. "
            "The Kelvra regime did not answer. A port source said Kelvra was not a pariah.")
    record = _record("layered", text, title="Rifles for Eastport?", source="Harbour Gazette", published="2023-12-05",
                     entities=[("Kelvra", "GPE", "KLV", ["Kelvra"]), ("Eastport", "GPE", None, ["Eastport"]),
                               ("Ilse Brandvold", "PERSON", "VLR", ["Ilse Brandvold"]),
                               ("Veloria", "GPE", "VLR", ["Veloria"])],
                     quotes=[("Kelvra may have shipped rifles to Eastport", None),
                             ("a routine delivery", "Ilse Brandvold"), ("Nothing was hidden,", "Ilse Brandvold")],
                     relations=[("aids", "Kelvra", "Eastport", "Kelvra may have shipped rifles to Eastport", False),
                                ("sanctions", "Veloria", "Kelvra",
                                 "Veloria would sanction Kelvra if the report is confirmed.", False)])
    for quote, kind in zip(record["quotes"], ("reported", "partial", "direct"), strict=True):
        quote["kind"] = kind
    record["relations"][0]["hedged"] = True
    record["relations"][1]["modality"] = "conditional"
    record["frames"] = [{"frame": "Security_and_defense", "score": 0.81}]
    record["genre"] = {"label": "reporting", "score": 0.9}
    record["dates"] = [{"start": text.index("on Tuesday"), "end": text.index("on Tuesday") + 10,
                        "text": "on Tuesday", "value": "2023-12-05"}]
    record["paragraph_techniques"] = [{"line": 2, "techniques": ["Loaded_Language"]}]
    record["labels"] = [layered_label(text, n, *label) for n, label in enumerate((
        ("a rogue state", "Ilse Brandvold", "verb", True), ("a Rogue State", "Ilse Brandvold", "verb", False),
        ("regime", None, "article voice", False)), 1)]
    unnamed = layered_label(text, 4, "a pariah", None, "copular", True)
    record["labels"].append({**unnamed, "source_name": "A port source", "negated": True})
    return record


def layered_label(text: str, n: int, words: str, source_name: str | None, construction: str, quoted: bool) -> dict:
    """A label the layered article gives Kelvra (its entity e1; Ilse Brandvold is e3); no source
    is the article's own voice."""
    start = text.index(words)
    return {"id": f"l{n}", "start": start, "end": start + len(words), "label": words,
            "source": "e3" if source_name else None, "source_name": source_name, "target": "e1",
            "target_name": "Kelvra", "target_text": "Kelvra", "construction": construction, "negated": False,
            "quoted": quoted}


@pytest.fixture(scope="module")
def server(module_stores):
    """The corpus, the script article and the layered article served by a live server, once per
    store backend."""
    location = module_stores.new("web.db")
    settings = ServerSettings(db_path=location, options=AnalyzeOptions(jobs=1))
    with filled_store(location, corpus() + [script_article(), layered_article()]) as store, \
            live_server(settings, store) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def open_view(browser, url: str) -> None:
    browser.get(url)
    wait_ready(browser)


def wait_ready(browser) -> None:
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return document.getElementById('view').dataset.ready") == "true")
    error = browser.find_element(By.ID, "error")
    assert not error.is_displayed(), error.text


def displayed_text(browser, selector: str) -> str:
    """The article text as the page shows it, without the claim status badges set into it."""
    return browser.execute_script(
        "const box = document.querySelector(arguments[0]).cloneNode(true);"
        "box.querySelectorAll('.claim-badge').forEach(b => b.remove()); return box.textContent;", selector)


def page_errors(browser) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_article_view_highlights_quotes_techniques_and_claims(server, browser):
    open_view(browser, server + "/")
    items = browser.find_elements(By.CSS_SELECTOR, "#article-list li")
    assert len(items) == 6
    assert browser.find_element(By.CSS_SELECTOR, "#article-pager .pager-status").text == "Showing 1–6 of 6"
    browser.find_element(By.LINK_TEXT, "Talvik accuses Veloria over drones").click()
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.ID, "article-text")))
    wait_ready(browser)
    quotes = browser.find_elements(By.CSS_SELECTOR, "#article-text span.quote")
    colours = {q.get_attribute("data-speaker"): q.value_of_css_property("background-color") for q in quotes}
    assert set(colours) == {"Oren Talvik", "Ilse Brandvold"}
    assert len(set(colours.values())) == 2  # one colour per speaker
    techniques = browser.find_elements(By.CSS_SELECTOR, "#article-text span.tech")
    assert {t.get_attribute("data-technique") for t in techniques} == {"Name_Calling-Labeling", "Appeal_to_Popularity"}
    name_calling = next(t for t in techniques if t.get_attribute("data-technique") == "Name_Calling-Labeling")
    assert "underline" in name_calling.value_of_css_property("text-decoration-line")
    assert "Oren Talvik" in name_calling.get_attribute("title") and "arsonists" in name_calling.get_attribute("title")
    webdriver.ActionChains(browser).move_to_element(name_calling).perform()
    tooltip = browser.find_element(By.ID, "tooltip")
    WebDriverWait(browser, 5).until(lambda d: tooltip.is_displayed())
    assert "Name_Calling-Labeling" in tooltip.text and "Oren Talvik" in tooltip.text and "gang" in tooltip.text
    badges = browser.find_elements(By.CSS_SELECTOR, "#article-text .claim-badge")
    assert [b.text for b in badges] == ["unsupported"]
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text span.claim")
    browser.save_screenshot(str(ARTIFACTS / "article.png"))
    assert page_errors(browser) == []


def graph_state(browser) -> dict:
    """The graph once its layout has settled: the names of its actors and the kinds of its pairs."""
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return document.getElementById('graph').dataset.settled") == "true")
    return browser.execute_script(
        "const cy = window.PresslensGraph.cy; return {names: cy.nodes().map(n => n.data('name')),"
        " kinds: cy.edges().map(e => e.scratch('pair').kinds.map(k => k.kind)).flat(), pairs: cy.edges().length};")


def test_actor_graph_draws_and_filters(server, browser):
    open_view(browser, server + "/#/graph")
    state = graph_state(browser)
    assert {"Oren Talvik", "Veloria", "Hanne Solberg", "Ostmark"} <= set(state["names"])
    assert state["pairs"] == 7  # five in the corpus, two in the layered article
    assert "conflict" in browser.find_element(By.ID, "graph-legend").text
    browser.save_screenshot(str(ARTIFACTS / "graph.png"))
    browser.find_element(By.CSS_SELECTOR, "#graph-filters summary").click()
    browser.find_element(By.CSS_SELECTOR, "#graph-filters input[value=accuses]").click()
    browser.find_element(By.CSS_SELECTOR, "#graph-filters button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda d: "kinds=accuses" in d.current_url)
    wait_ready(browser)
    state = graph_state(browser)
    assert set(state["kinds"]) == {"accuses"}
    # a real click on Talvik's node, where the canvas draws it (viewport coordinates)
    x, y = browser.execute_script(
        "const box = document.getElementById('graph'); box.scrollIntoView(); const r = box.getBoundingClientRect();"
        "const p = PresslensGraph.cy.nodes().filter(n => n.data('name') === 'Oren Talvik')[0].renderedPosition();"
        "return [r.left + p.x, r.top + p.y];")
    click = ActionBuilder(browser)
    click.pointer_action.move_to_location(int(x), int(y)).click()
    click.perform()
    WebDriverWait(browser, 20).until(EC.text_to_be_present_in_element((By.ID, "actor-name"), "Oren Talvik"))
    assert page_errors(browser) == []


def test_article_view_shows_quote_kinds_hedging_and_every_layer(server, browser):
    open_view(browser, server + "/#/articles?q=rifles")
    browser.find_element(By.LINK_TEXT, "Rifles for Eastport?").click()
    WebDriverWait(browser, 20).until(EC.text_to_be_present_in_element((By.ID, "article-title"), "Rifles"))
    wait_ready(browser)
    quotes = browser.find_elements(By.CSS_SELECTOR, "#side-quotes li")
    kinds = [q.get_attribute("data-kind") for q in quotes]
    assert kinds == ["reported", "partial", "direct"]
    reported = quotes[0].text
    assert "reported" in reported and "“" not in reported  # reported speech never in quotation marks
    assert "“a routine delivery”" in quotes[1].text
    relations = browser.find_elements(By.CSS_SELECTOR, "#side-relations li")
    assert "hedged" in relations[0].text and "uncertain" in relations[0].get_attribute("class")
    assert "conditional" in relations[1].text and "uncertain" in relations[1].get_attribute("class")
    assert "Security and defense 81%" in browser.find_element(By.ID, "article-frames").text
    assert "reporting" in browser.find_element(By.ID, "article-genre").text
    assert "on Tuesday" in browser.find_element(By.ID, "side-dates").text
    assert "Loaded_Language" in browser.find_element(By.ID, "side-paragraphs").text
    spans = browser.find_elements(By.CSS_SELECTOR, "#article-text span.quote")
    assert {s.get_attribute("data-kind") for s in spans} == {"reported", "partial", "direct"}
    browser.save_screenshot(str(ARTIFACTS / "layered-article.png"))
    assert page_errors(browser) == []


def hovered_tooltip(browser, element) -> str:
    webdriver.ActionChains(browser).move_to_element(element).perform()
    tooltip = browser.find_element(By.ID, "tooltip")
    WebDriverWait(browser, 5).until(lambda d: tooltip.is_displayed())
    return tooltip.text


def test_labels_marked_in_the_article_and_counted_on_the_actor_page(server, browser):
    open_view(browser, server + "/#/articles?q=rifles")
    browser.find_element(By.LINK_TEXT, "Rifles for Eastport?").click()
    WebDriverWait(browser, 20).until(EC.text_to_be_present_in_element((By.ID, "article-title"), "Rifles"))
    wait_ready(browser)
    marks = browser.find_elements(By.CSS_SELECTOR, "#article-text span.label")
    assert [m.text for m in marks] == ["a rogue state", "a Rogue State", "regime", "a pariah"]
    assert "rgb" in marks[0].value_of_css_property("box-shadow")  # boxed: apart from quotes, techniques, claims
    first = hovered_tooltip(browser, marks[0])
    assert "Ilse Brandvold calls Kelvra “a rogue state”" in first and "construction: verb" in first
    assert "quoted" in first
    own = hovered_tooltip(browser, marks[2])
    assert "the article's own voice calls Kelvra “regime”" in own and "construction: article voice" in own
    unnamed = hovered_tooltip(browser, marks[3])  # a quoted speaker that is no entity: not the outlet's voice
    assert "“A port source” (quoted, no entity) does not call Kelvra “a pariah”" in unnamed and "negated" in unnamed
    listed = browser.find_elements(By.CSS_SELECTOR, "#side-labels li")
    assert [li.get_attribute("data-source") for li in listed] == ["Ilse Brandvold", "Ilse Brandvold",
                                                                  "the article's own voice",
                                                                  "“A port source” (quoted, no entity)"]
    assert "does not call" in listed[3].text and listed[3].get_attribute("data-negated") == "true"
    assert listed[3].find_elements(By.CSS_SELECTOR, "i.unnamed-speaker")
    listed[0].find_element(By.LINK_TEXT, "Kelvra").click()
    WebDriverWait(browser, 20).until(EC.text_to_be_present_in_element((By.ID, "actor-name"), "Kelvra"))
    wait_ready(browser)
    rows = browser.find_elements(By.CSS_SELECTOR, "#actor-label-counts-received tr.label-count-row")
    assert [(r.get_attribute("data-label"), r.get_attribute("data-count"), r.get_attribute("data-negated"))
            for r in rows] == [("a rogue state", "2", "false"), ("a pariah", "1", "true"), ("regime", "1", "false")]
    # case-folded: two wordings of one label counted together
    assert "Ilse Brandvold" in rows[0].text and "the article's own voice" in rows[2].text
    assert "A port source" in rows[1].text and "not “a pariah”" in rows[1].text
    assert "Rifles for Eastport?" in rows[0].text
    browser.save_screenshot(str(ARTIFACTS / "actor-labels.png"))
    assert page_errors(browser) == []


def test_technique_filter_offers_the_23_names(server, browser):
    open_view(browser, server + "/#/articles")
    options = browser.find_elements(By.CSS_SELECTOR, "#article-filters select[name=technique] option[value]")
    names = [o.get_attribute("value") for o in options if o.get_attribute("value")]
    from presslens.techniques.labels import TECHNIQUES
    assert names == list(TECHNIQUES)
    Select(browser.find_element(By.CSS_SELECTOR, "#article-filters select[name=technique]")).select_by_value(
        "Appeal_to_Popularity")
    browser.find_element(By.CSS_SELECTOR, "#article-filters button").click()
    WebDriverWait(browser, 20).until(lambda d: "technique=Appeal_to_Popularity" in d.current_url)
    wait_ready(browser)
    assert [li.text.splitlines()[0] for li in browser.find_elements(By.CSS_SELECTOR, "#article-list li")] == [
        "Talvik accuses Veloria over drones"]


def test_a_slow_read_shows_a_loading_indicator(server, browser):
    open_view(browser, server + "/#/articles")
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 800, "downloadThroughput": -1, "uploadThroughput": -1})
    try:
        browser.execute_script("location.hash = '#/claims'")
        WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "loading")))
        assert "Loading" in browser.find_element(By.ID, "loading").text
        wait_ready(browser)
        assert not browser.find_elements(By.ID, "loading")
    finally:
        browser.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def test_claims_ledger_filters_by_status(server, browser):
    open_view(browser, server + "/#/claims")
    rows = browser.find_elements(By.CSS_SELECTOR, "#claim-table tr.claim-row")
    assert len(rows) >= 2
    Select(browser.find_element(By.CSS_SELECTOR, "#claim-filters select[name=status]")).select_by_value("disputed")
    browser.find_element(By.CSS_SELECTOR, "#claim-filters button").click()
    WebDriverWait(browser, 20).until(lambda d: "status=disputed" in d.current_url)
    wait_ready(browser)
    rows = browser.find_elements(By.CSS_SELECTOR, "#claim-table tr.claim-row")
    assert [r.get_attribute("data-status") for r in rows] == ["disputed"]
    assert "two billion crowns" in rows[0].text
    browser.save_screenshot(str(ARTIFACTS / "claims.png"))


def test_technique_statistics_chart(server, browser):
    open_view(browser, server + "/#/techniques?by=speaker")
    bars = browser.find_elements(By.CSS_SELECTOR, "#technique-chart rect")
    assert {b.get_attribute("data-technique") for b in bars} == {"Name_Calling-Labeling", "Appeal_to_Popularity",
                                                                  "Loaded_Language"}
    assert "Oren Talvik" in browser.find_element(By.ID, "technique-chart").text
    browser.save_screenshot(str(ARTIFACTS / "techniques.png"))


def test_script_in_an_article_never_runs(server, browser):
    """A hand-made record with script in its text, title, source and technique span, and an article
    ingested through POST /analyze: both display the markup as text, and nothing runs."""
    import httpx

    text = ("Officials in Kelvra said on Monday that a leaflet reading <script>" + SCRIPT_MARKER + "=4</script> "
            "had been handed out near the port. <img src=x onerror=\"" + SCRIPT_MARKER + "=5\"> was printed on "
            "the back, according to the harbour police.")
    response = httpx.post(server + "/analyze?store=true&title=Leaflet%20%3Cscript%3E", content=text,
                          headers={"Content-Type": "text/plain"}, timeout=120)
    assert response.status_code == 201, response.text
    ingested = response.json()["article_id"]
    for article_id, visible in ((5, "<script>" + SCRIPT_MARKER + "=1</script>"),
                                (ingested, "<img src=x onerror=")):
        open_view(browser, f"{server}/#/article/{article_id}")
        assert visible in browser.find_element(By.ID, "article-text").text
        assert browser.execute_script(f"return typeof {SCRIPT_MARKER}") == "undefined"
        assert not browser.find_elements(By.CSS_SELECTOR, "#view script, #view img, #article-text *:not(span)")
        assert not browser.find_elements(By.CSS_SELECTOR, "#article-title *")
    open_view(browser, server + "/#/articles")
    assert "<b>Bold</b> <script>" in browser.find_element(By.ID, "article-list").text
    assert browser.execute_script(f"return typeof {SCRIPT_MARKER}") == "undefined"
    browser.save_screenshot(str(ARTIFACTS / "script-article.png"))


def test_analyse_form_shows_then_stores_an_article(server, browser):
    text = ("Mayor Sofie Hallgren of Tullin said on Friday that the ferry to Ostby would run twice a day. "
            "A poster reading <script>" + SCRIPT_MARKER + "=6</script> was taped to the terminal door.")
    open_view(browser, server + "/#/analyse")
    browser.find_element(By.CSS_SELECTOR, "#analyse-form input[name=title]").send_keys("Ferry timetable")
    browser.find_element(By.CSS_SELECTOR, "#analyse-form textarea[name=text]").send_keys(text)
    browser.find_element(By.CSS_SELECTOR, "#analyse-form button").click()
    WebDriverWait(browser, 120).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "#analyse-result #article-text")))
    assert displayed_text(browser, "#analyse-result #article-text") == text
    assert "#/analyse" in browser.current_url  # shown, not stored
    assert browser.execute_script(f"return typeof {SCRIPT_MARKER}") == "undefined"
    browser.find_element(By.CSS_SELECTOR, "#analyse-form input[name=store]").click()
    browser.find_element(By.CSS_SELECTOR, "#analyse-form button").click()
    WebDriverWait(browser, 120).until(lambda d: "#/article/" in d.current_url)
    wait_ready(browser)
    assert browser.find_element(By.ID, "article-title").text == "Ferry timetable"
    assert displayed_text(browser, "#article-text") == text
    assert browser.execute_script(f"return typeof {SCRIPT_MARKER}") == "undefined"
    browser.save_screenshot(str(ARTIFACTS / "analysed-article.png"))

def test_example_articles_ingested_for_real_display_every_layer(stores, browser):
    """The shipped example articles through the real pipeline and `ingest`: each opens in the
    browser with its text intact and every layer the analysis filled highlighted."""
    from presslens.corpus import ingest
    from presslens.ingest import read_inputs
    from tests.conftest import EXAMPLES

    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is absent")
    location = stores.new("examples.db")
    options = AnalyzeOptions(jobs=1)
    store = open_store(location)
    events = list(ingest(read_inputs([str(EXAMPLES)], options), store, options))
    stored = [e for e in events if e.status == "stored"]
    assert stored and not [e for e in events if e.status == "rejected"]
    with live_server(ServerSettings(db_path=location, options=options), store) as (url, _):
        open_view(browser, url + "/")
        assert len(browser.find_elements(By.CSS_SELECTOR, "#article-list li")) == len(stored)
        for event in stored:
            record = event.record
            open_view(browser, f"{url}/#/article/{event.article_id}")
            assert displayed_text(browser, "#article-text") == record["text"]
            assert len(browser.find_elements(By.CSS_SELECTOR, "#article-text .claim-badge")) == len(record["claims"])
            # a piece under overlapping technique spans lists them all
            techniques = {name for t in browser.find_elements(By.CSS_SELECTOR, "#article-text span.tech")
                          for name in t.get_attribute("data-technique").split()}
            assert techniques == {t["technique"] for t in record["techniques"]}
            speakers = {q.get_attribute("data-speaker")
                        for q in browser.find_elements(By.CSS_SELECTOR, "#article-text span.quote")}
            assert speakers == {q["speaker_name"] or "" for q in record["quotes"]}
        browser.save_screenshot(str(ARTIFACTS / "example-article.png"))
    store.close()
