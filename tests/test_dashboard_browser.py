"""The dashboard in headless Chromium against a real `headlines serve`: bars, a topic view,
untrusted headlines shown as text that never runs, a layout that fits a 1400 px desktop and a
390 px phone (screenshots of both in the test's tmp dir), and the "as of" control."""
from __future__ import annotations

import os
import shutil
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from tests.serving import OLDER, XSS_HEADLINES, build_db, start_server

CHROMIUM = Path("/usr/bin/chromium")
DOCS_SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "dashboard.png"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="/usr/bin/chromium is missing: run ./ci-setup.sh (apt-get install chromium)")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dashboard")
    now = build_db(tmp / "headlines.db", tmp)
    server = start_server(tmp / "headlines.db")
    server.now = now
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_bars_topic_view_and_untrusted_text(served, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    errors, outside = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: None if req.url.startswith(served.base) else outside.append(req.url))
    page.goto(served.base + "/")
    page.wait_for_selector("#top .bar .fill")
    names = page.locator("#top button.topic").all_text_contents()
    assert "RHOSLC" in names
    page.wait_for_selector("#trending .why")
    assert page.locator("#trending .why").first.text_content().strip()
    page.wait_for_selector("#trending svg.spark polyline")

    page.locator("#top button.topic", has_text="RHOSLC").first.click()
    page.wait_for_selector("#topic-section[data-loaded='RHOSLC'] #topic-headlines li")
    page.wait_for_selector("#topic-chart svg rect.series-bar", state="attached")
    heights = page.eval_on_selector_all("#topic-chart rect.series-bar", "rs => rs.map(r => +r.getAttribute('height'))")
    assert max(heights) > 0  # the hours with RHOSLC headlines stand up
    shown = page.locator("#topic-headlines .headline-text").all_text_contents()
    assert set(XSS_HEADLINES) <= set(shown)  # the markup is visible as text
    links = page.eval_on_selector_all("#topic-headlines a", "as => as.map(a => a.href)")
    assert "https://gossip.example/rhoslc-finale" in links
    assert not [link for link in links if not link.startswith("https://")]  # no javascript: links
    assert page.locator("#topic-headlines script, #topic-headlines img").count() == 0
    page.wait_for_timeout(300)  # give an injected onerror handler every chance to fire
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not errors, errors
    assert not outside, outside  # everything is served by us: works offline

    page.wait_for_selector("#sources .status-failed")
    assert "tabloid" in page.locator("#sources tbody").text_content()

    page.select_option("#window", "7d")
    page.wait_for_function("document.querySelectorAll('#top .bar-row').length > 0")
    page.wait_for_selector("#topic-section[data-loaded='RHOSLC']")
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000
    page.close()


def test_csp_blocks_inline_script_even_if_one_slipped_in(served, browser):
    page = browser.new_page()
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(served.base + "/")
    page.wait_for_selector("#top .bar .fill")
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = "window.__pwned = 'inline'"; document.body.append(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()


# Everything a panel shows must lie inside it (the sources table scrolls inside its own box).
OUTSIDE_PANELS = """() => {
  const out = [];
  for (const panel of document.querySelectorAll('main .panel:not([hidden])')) {
    const box = panel.getBoundingClientRect();
    for (const node of panel.querySelectorAll('*')) {
      if (node.closest('.table-scroll')) continue;
      const r = node.getBoundingClientRect();
      if (r.width && (r.right > box.right + 0.5 || r.left < box.left - 0.5)) out.push(`${panel.id} ${node.className || node.tagName}`);
    }
  }
  return out;
}"""
BARS = """() => [...document.querySelectorAll('#top .bar-row')].map(row => ({
  count: +row.querySelector('.count').textContent,
  bar: row.querySelector('.bar').getBoundingClientRect().width,
  fill: row.querySelector('.fill').getBoundingClientRect().width}))"""
SPARKS = """() => [...document.querySelectorAll('#trending .trend-row')].map(row => {
  const line = row.querySelector('svg.spark polyline');
  if (!line) return {empty: (row.querySelector('.spark-empty') || {}).textContent || null};
  const ys = new Set(line.getAttribute('points').trim().split(' ').map(p => p.split(',')[1]));
  return {levels: ys.size, width: row.querySelector('svg.spark').getBoundingClientRect().width};
})"""


@pytest.mark.parametrize("width", [1400, 390])
def test_the_dashboard_fits_the_window(served, browser, tmp_path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(served.base + "/")
    page.wait_for_selector("#trending .trend-row")
    for row in page.locator("#trending .trend-row").all():  # each sparkline arrives on its own
        row.locator(".spark-slot > *").wait_for(state="attached")
    page.screenshot(path=str(tmp_path / f"dashboard-{width}.png"), full_page=True)
    assert (tmp_path / f"dashboard-{width}.png").stat().st_size > 10_000
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    assert page.evaluate(OUTSIDE_PANELS) == []

    # The grid fills the width: two columns side by side on a desktop, one on a phone.
    top, trending = (page.locator(f"#{name}-section").bounding_box() for name in ("top", "trending"))
    if width >= 900:
        assert abs(top["y"] - trending["y"]) < 1 and abs(top["width"] - trending["width"]) < 2
        assert trending["x"] + trending["width"] > width - 40 and top["width"] > width / 2 - 60
    else:
        assert trending["y"] > top["y"] and top["width"] > width - 40

    # Bars are scaled to the largest count and have room to show it.
    bars = page.evaluate(BARS)
    most = max(b["count"] for b in bars)
    assert all(b["bar"] > width / 6 for b in bars)
    for b in bars:
        assert abs(b["fill"] - b["bar"] * b["count"] / most) < 1.5

    # A sparkline draws a line that rises and falls, or says there is not enough history.
    sparks = page.evaluate(SPARKS)
    assert any("levels" in s for s in sparks)
    for s in sparks:
        assert s.get("levels", 0) > 1 or s.get("empty") == "not enough history"

    if width == 1400 and (os.environ.get("UPDATE_SCREENSHOT") or not DOCS_SCREENSHOT.exists()):
        # The README's picture; refreshed on demand so test runs leave the checkout clean.
        shutil.copyfile(tmp_path / f"dashboard-{width}.png", DOCS_SCREENSHOT)
    context.close()


def test_as_of_asks_every_panel_for_that_moment(served, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, timezone_id="UTC")
    page = context.new_page()
    asked = []
    page.on("request", lambda req: asked.append(req.url) if "/api/" in req.url else None)
    page.goto(served.base + "/")
    page.wait_for_selector("#trending .trend-row")
    assert "RHOSLC" in page.locator("#top button.topic").all_text_contents()

    # Half a day after the three-day-old headlines: only their topics were known then.
    moment = served.now - timedelta(days=2, hours=12)
    asked.clear()
    page.fill("#at", moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M"))
    page.dispatch_event("#at", "change")
    page.locator("#top button.topic", has_text="RHOSLC").wait_for(state="detached")
    at = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:00Z")
    for endpoint in ("top", "trending"):
        assert any(f"/api/{endpoint}?" in url and f"at={at.replace(':', '%3A')}" in url for url in asked), asked
    names = set(page.locator("#top button.topic").all_text_contents())
    assert names and "Love Island" in names and "RHOSLC" not in names
    assert any("Love Island" in text for text in OLDER)
    assert page.locator("#updated").text_content().startswith("as of " + at[:16].replace("T", " "))

    page.click("#now")
    page.locator("#top button.topic", has_text="RHOSLC").wait_for(state="attached")
    assert page.locator("#now").is_hidden()
    context.close()
