"""`nettool report` in a real browser: headless Chromium (Debian's chromium and
chromium-driver, installed by .ci/setup.d/20-chromium.sh) driven by Selenium with
/usr/bin/chromedriver (Selenium never downloads a driver here).

The report of the dev corpus (tests/data/dev) is opened from a file:// URL at 1280 px
and at 390 px: every figure's value is in the tables, clicking a number highlights
exactly its span in its abstract and scrolls it into view, sorting, filtering and
paging work by mouse and keyboard, nothing is fetched from the network and the console
stays clean. A record full of markup and unicode controls renders as text and runs
nothing. The tests skip, saying why, only when the browser or Selenium is missing.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nettool.analyze import fmt_value
from nettool.cli import app
from nettool.extract import study_of
from nettool.load import load_paths

DATA = Path(__file__).parent / "data"
DEV = DATA / "dev"
UNSAFE = DATA / "report" / "unsafe_markup.txt"
CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")
WIDTHS = (1280, 390)


def _skip_reason() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if CHROMIUM is None or not os.path.exists(CHROMEDRIVER):
        return ("Chromium is not installed: apt-get install chromium chromium-driver "
                "(.ci/setup.d/20-chromium.sh); browser tests skipped")
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="nettool-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SE_OFFLINE", "true")  # Selenium Manager must never fetch a driver or a browser
        # installed but unable to start is a failure, not a skip: only a missing browser skips
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _write_report(tmp: Path, *paths: Path) -> Path:
    out = tmp / "report.html"
    result = CliRunner().invoke(app, ["report", *map(str, paths), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def dev_report(tmp_path_factory) -> Path:
    return _write_report(tmp_path_factory.mktemp("report"), DEV)


@pytest.fixture(scope="module")
def dev_studies():
    return [study_of(r) for r in load_paths([str(DEV)])]


def _open(driver, path: Path, width: int) -> None:
    driver.set_window_size(width, 900)
    driver.get(path.as_uri())
    driver.get_log("browser")  # start each test with empty logs
    driver.get_log("performance")
    driver.get(path.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def _problems(driver, path: Path) -> tuple[list, list]:
    """(console messages at warning level or worse, network requests other than the report itself)."""
    console = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    requests = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            url = msg["params"]["request"]["url"]
            if url != path.as_uri() and not url.startswith("data:"):
                requests.append(url)
    return console, requests


JS_LINKS = """
return Array.from(document.querySelectorAll('table.compare a.fig')).map(a => ({
  id: a.dataset.fig, rec: a.closest('tr').dataset.rec, start: +a.dataset.start, end: +a.dataset.end,
  text: a.textContent, title: a.title}));
"""

JS_CLICK_ALL = """
const out = {};
for (const a of document.querySelectorAll('table.compare a.fig')) {
  a.click();
  const on = Array.from(document.querySelectorAll('mark.on'));
  const art = on.length ? on[0].closest('article') : null;
  out[a.dataset.fig] = {text: on.map(m => m.textContent).join(''), n: on.length,
                        rec: art ? art.dataset.rec : null,
                        same: on.every(m => m.closest('article') === art)};
}
return out;
"""


def _click(driver, element) -> None:
    """A real mouse click, after scrolling the element to the middle of the window (as a reader
    would: Selenium's own scrolling puts it at the top, under the sticky filter bar)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element)
    element.click()


def _visible_rows(driver, table_id: str) -> list:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#' + arguments[0] + ' tbody tr'))"
        ".filter(tr => tr.offsetParent !== null).map(tr => tr.dataset.rec);", table_id)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_figure_is_in_the_tables_and_clicks_to_exactly_its_span(browser, dev_report, dev_studies, width):
    _open(browser, dev_report, width)
    links = browser.execute_script(JS_LINKS)
    shown = sorted((int(a["rec"]), a["start"], a["end"], a["text"]) for a in links)
    expected = sorted((i, f.start, f.end, fmt_value(f)) for i, s in enumerate(dev_studies) for f in s.figures)
    assert shown == expected  # every figure, once, with its value as printed by `compare`
    sentences = {(i, f.start): f.sentence for i, s in enumerate(dev_studies) for f in s.figures}
    assert all(a["title"] == sentences[(int(a["rec"]), a["start"])] for a in links)  # hover: the sentence

    clicked = browser.execute_script(JS_CLICK_ALL)
    for a in links:
        got = clicked[a["id"]]
        study = dev_studies[int(a["rec"])]
        assert got["rec"] == a["rec"] and got["same"], a
        assert got["text"] == study.record.text[a["start"]:a["end"]], a  # exactly the span, nothing more

    console, requests = _problems(browser, dev_report)
    assert console == [] and requests == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_real_click_scrolls_the_span_into_view_and_back_returns(browser, dev_report, width):
    _open(browser, dev_report, width)
    link = browser.find_element("css selector", "#t-cc tbody tr:nth-child(3) a.fig")
    fig = link.get_attribute("data-fig")
    _click(browser, link)
    state = browser.execute_script("""
      const m = document.querySelector('mark.on');
      const r = m.getBoundingClientRect();
      return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, h: innerHeight, w: innerWidth,
              active: document.activeElement === m, hash: location.hash,
              back: !document.getElementById('back').hidden};""")
    assert 0 <= state["top"] and state["bottom"] <= state["h"], state
    assert 0 <= state["left"] and state["right"] <= state["w"] + 1, state
    assert state["active"] and state["back"]
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 5).until(lambda d: d.execute_script("return location.hash") == f"#m-{fig}")
    _click(browser, browser.find_element("id", "back"))
    assert browser.execute_script("return document.activeElement.dataset.fig") == fig
    console, requests = _problems(browser, dev_report)
    assert console == [] and requests == []


@pytest.mark.parametrize("width", WIDTHS)
def test_sorting_by_value_and_by_study(browser, dev_report, width):
    _open(browser, dev_report, width)
    header = browser.find_element("xpath", "//table[@id='t-mortality']//th[button[text()='Value']]")
    col = browser.execute_script("return arguments[0].cellIndex", header)
    read = ("return Array.from(document.querySelectorAll('#t-mortality tbody tr'))"
            ".filter(tr => tr.offsetParent !== null).map(tr => tr.cells[arguments[0]].dataset.v)")
    before = browser.execute_script(read, col)
    _click(browser, header.find_element("tag name", "button"))
    values = [float(v) for v in browser.execute_script(read, col) if v]
    assert values == sorted(values) and header.get_attribute("aria-sort") == "ascending"
    assert sorted(values) == sorted(float(v) for v in before if v)
    _click(browser, header.find_element("tag name", "button"))
    values = [float(v) for v in browser.execute_script(read, col) if v]
    assert values == sorted(values, reverse=True) and header.get_attribute("aria-sort") == "descending"

    study = browser.find_element("xpath", "//table[@id='t-studies']//th[button[text()='Study']]/button")
    _click(browser, study)
    labels = browser.execute_script("return Array.from(document.querySelectorAll('#t-studies tbody tr'))"
                                    ".map(tr => tr.cells[0].textContent.trim().toLowerCase())")
    assert labels == sorted(labels) and len(labels) == 24


def test_sorting_and_jumping_by_keyboard(browser, dev_report):
    from selenium.webdriver.common.keys import Keys

    _open(browser, dev_report, 1280)
    button = browser.find_element("xpath", "//table[@id='t-os']//th[button[text()='Value']]/button")
    browser.execute_script("arguments[0].focus()", button)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert button.find_element("xpath", "..").get_attribute("aria-sort") == "ascending"
    browser.switch_to.active_element.send_keys(Keys.TAB)  # the next header button
    assert browser.switch_to.active_element.tag_name == "button"
    link = browser.find_element("css selector", "#t-os tbody tr a.fig")
    browser.execute_script("arguments[0].focus()", link)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert browser.execute_script("return document.activeElement.tagName") == "MARK"
    assert browser.execute_script("return document.activeElement.classList.contains('on')")
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert browser.execute_script("return document.activeElement.dataset.fig") == link.get_attribute("data-fig")


@pytest.mark.parametrize("width", WIDTHS)
def test_filters_by_metric_study_and_text(browser, dev_report, width):
    from selenium.webdriver.support.ui import Select

    _open(browser, dev_report, width)
    visible_sections = ("return Array.from(document.querySelectorAll('section.metric'))"
                        ".filter(s => s.offsetParent !== null).map(s => s.dataset.metric)")
    assert len(browser.execute_script(visible_sections)) == 10
    Select(browser.find_element("id", "f-metric")).select_by_value("cc")
    assert browser.execute_script(visible_sections) == ["cc"]

    Select(browser.find_element("id", "f-metric")).select_by_value("")
    Select(browser.find_element("id", "f-study")).select_by_visible_text("PMID 99000018 (2024)")
    rec = browser.find_element("id", "f-study").get_attribute("value")
    for table in ("t-studies", "t-cc", "t-os", "t-checks"):
        rows = _visible_rows(browser, table)
        assert rows and set(rows) == {rec}, table
    articles = browser.execute_script("return Array.from(document.querySelectorAll('article.abs'))"
                                      ".filter(a => a.offsetParent !== null).map(a => a.dataset.rec)")
    assert articles == [rec]

    Select(browser.find_element("id", "f-study")).select_by_value("")
    box = browser.find_element("id", "f-text")
    box.send_keys("laparoscopic")
    texts = browser.execute_script("return Array.from(document.querySelectorAll('table.compare tbody tr'))"
                                   ".filter(tr => tr.offsetParent !== null).map(tr => tr.textContent)")
    assert texts and all("laparoscopic" in t.lower() for t in texts)
    matching = browser.execute_script("""return Array.from(document.querySelectorAll('table.data tbody tr'))
        .filter(tr => !tr.classList.contains('flt') && !tr.classList.contains('sum')).length""")
    total = browser.execute_script("""return Array.from(document.querySelectorAll('table.data tbody tr'))
        .filter(tr => !tr.classList.contains('sum')).length""")
    assert browser.find_element("id", "f-count").text == f"{matching} of {total} rows match"
    _click(browser, browser.find_element("id", "f-reset"))
    assert len(_visible_rows(browser, "t-studies")) == 24 and browser.find_element("id", "f-count").text == ""
    console, requests = _problems(browser, dev_report)
    assert console == [] and requests == []


def test_long_tables_are_paged(browser, dev_report, dev_studies):
    _open(browser, dev_report, 1280)
    total = browser.execute_script("return document.querySelectorAll('#t-os tbody tr').length")
    assert total > 50  # the dev corpus has more overall-survival figures than one page
    assert len(_visible_rows(browser, "t-os")) == 50
    pager = browser.find_element("css selector", "#metric-os nav.pager")
    assert f"rows 1–50 of {total} (page 1 of 2)" in pager.text
    _click(browser, pager.find_element("css selector", "button[data-d='1']"))
    assert len(_visible_rows(browser, "t-os")) == total - 50
    assert f"rows 51–{total} of {total} (page 2 of 2)" in pager.text
    # a link on a page not shown still jumps to exactly its span
    hidden = browser.find_element("css selector", "#t-os tbody tr.pg a.fig")
    browser.execute_script("arguments[0].click()", hidden)
    marked = browser.execute_script("return Array.from(document.querySelectorAll('mark.on'))"
                                    ".map(m => m.textContent).join('')")
    rec = int(hidden.find_element("xpath", "ancestor::tr").get_attribute("data-rec"))
    start, end = int(hidden.get_attribute("data-start")), int(hidden.get_attribute("data-end"))
    assert marked == dev_studies[rec].record.text[start:end]


@pytest.mark.parametrize("width", WIDTHS)
def test_layout_fits_the_width(browser, dev_report, width):
    _open(browser, dev_report, width)
    sizes = browser.execute_script("""return {scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        controls: document.getElementById('controls').getBoundingClientRect().height,
        font: parseFloat(getComputedStyle(document.querySelector('.abs .region')).fontSize)};""")
    assert sizes["scroll"] <= sizes["client"] + 1, sizes  # wide tables and plots scroll inside their box
    assert sizes["controls"] < 120 and sizes["font"] >= 13, sizes
    # the controls stay reachable (sticky) after scrolling to the abstracts
    browser.execute_script("document.getElementById('abstracts').scrollIntoView()")
    top = browser.execute_script("return document.getElementById('controls').getBoundingClientRect().top")
    assert abs(top) < 1


@pytest.mark.parametrize("width", WIDTHS)
def test_unsafe_record_renders_as_text_and_runs_nothing(browser, tmp_path, width):
    report = _write_report(tmp_path, UNSAFE)
    _open(browser, report, width)
    state = browser.execute_script("""return {
        pwned: window.__pwned === undefined ? null : window.__pwned,
        scripts: document.scripts.length, imgs: document.images.length,
        textareas: document.querySelectorAll('textarea').length,
        bodyShown: getComputedStyle(document.body).display,
        abstract: document.querySelector('.abs .text').textContent,
        title: document.querySelector('.abs .atitle').textContent,
        articles: document.querySelectorAll('article.abs').length,
        scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth};""")
    assert state["pwned"] is None and state["scripts"] == 1 and state["imgs"] == 0 and state["textareas"] == 0
    assert state["bodyShown"] == "block"
    assert "<script>window.__pwned = 1</script>" in state["title"]
    text = UNSAFE.read_text(encoding="utf-8")
    assert "</textarea><script>window.__pwned = 3</script>" in state["abstract"]
    assert '<img src="http://example.invalid/x.png" onerror="window.__pwned = 2">' in state["abstract"]
    assert "{{ jinja }} {% raw %}" in state["abstract"]
    assert state["abstract"].replace("\n", "") in text.replace("\n", "")
    assert state["articles"] == 1 and state["scroll"] <= state["client"] + 1
    # every row has as many cells as its table's header: nothing broke out of a cell
    per_table = browser.execute_script("""return Array.from(document.querySelectorAll('table.data')).map(t =>
        Array.from(t.tBodies[0].rows).every(r => r.cells.length === t.tHead.rows[0].cells.length));""")
    assert all(per_table)
    # a right-to-left override acts on its own line only: the next lines start at the left edge, in order
    lines = browser.execute_script("""const p = document.querySelector('.abs .region');
        const left = p.getBoundingClientRect().left, node = p.firstChild, out = [];
        for (const word of ['Background:', 'Methods:', 'Results:', 'Conclusions:']) {
          const r = document.createRange(), at = p.textContent.indexOf(word);
          let n = p.firstChild, off = at;  // find the text node holding the word
          const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
          while ((n = walker.nextNode())) { if (off < n.length) break; off -= n.length; }
          r.setStart(n, off); r.setEnd(n, off + word.length);
          out.push(r.getBoundingClientRect().left - left);
        }
        return out;""")
    assert all(abs(x) < 2 for x in lines), lines
    title_cell = browser.execute_script("return document.querySelector('#t-studies td.wide').textContent")
    assert "\u202e" not in title_cell and "\ufffdunterminated override" in title_cell
    clicked = browser.execute_script("""const a = document.querySelector('table.compare a.fig'); a.click();
        return Array.from(document.querySelectorAll('mark.on')).map(m => m.textContent).join('');""")
    assert clicked == "54 months"
    console, requests = _problems(browser, report)
    assert console == [] and requests == []


def test_a_check_marks_every_figure_of_its_sentence(browser, dev_report, dev_studies):
    _open(browser, dev_report, 1280)
    link = browser.find_element("css selector", "#t-checks a.fig.sent")
    ids = link.get_attribute("data-fig").split()
    _click(browser, link)
    marked = browser.execute_script("""return Array.from(document.querySelectorAll('mark.on'))
        .map(m => m.dataset.f.split(' '));""")
    assert {i for m in marked for i in m} >= set(ids) and all(set(m) & set(ids) for m in marked)
    rec = int(link.find_element("xpath", "ancestor::tr").get_attribute("data-rec"))
    sentence = link.text
    assert len(ids) == sum(1 for f in dev_studies[rec].figures if f.sentence == sentence)


@pytest.mark.parametrize("width", WIDTHS)
def test_print_shows_tables_and_plots_without_controls(browser, dev_report, width):
    _open(browser, dev_report, width)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        state = browser.execute_script("""const shown = el => el && getComputedStyle(el).display !== 'none';
            return {controls: shown(document.getElementById('controls')),
                    pager: Array.from(document.querySelectorAll('nav.pager')).some(shown),
                    rows: Array.from(document.querySelectorAll('#t-os tbody tr')).filter(shown).length,
                    total: document.querySelectorAll('#t-os tbody tr').length,
                    wide: shown(document.querySelector('#metric-cc .wide-only')),
                    narrow: shown(document.querySelector('#metric-cc .narrow-only'))};""")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not state["controls"] and not state["pager"]
    assert state["rows"] == state["total"] > 50  # every page of a table is printed
    assert state["wide"] and not state["narrow"]
    if width == WIDTHS[0]:  # printing itself works (once: it takes seconds)
        pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
        assert len(pdf["data"]) > 10_000
    console, requests = _problems(browser, dev_report)
    assert console == [] and requests == []
