"""The real server (``arabert-ner serve`` on uvicorn, loopback) and its page in Chromium.

The browser test drives Debian's ``chromium`` through Playwright. Without chromium it skips, except where
``ARABERT_NER_REQUIRE_BROWSER=1`` (set by .ci/run): there a missing browser is a failure, not a skip.
``ARABERT_NER_UPDATE_SCREENSHOT=1`` also writes the page's screenshot to docs/serve_page.png.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import ROOT
from ..tagging.test_tagger import ENV

httpx = pytest.importorskip("httpx")

CHROMIUM = os.environ.get("ARABERT_NER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTICLE = (ROOT / "data" / "sample_article.txt").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(trained_model, tmp_path_factory):
    """The command itself, on a free loopback port, until the module's tests are done."""
    log = tmp_path_factory.mktemp("serve-log") / "server.log"
    port = free_port()
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "arabert_ner.cli", "serve", "--model", str(trained_model),
                                 "--port", str(port)], cwd=ROOT, env=ENV, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the server did not start: {log.read_text(encoding='utf-8')[-2000:]}")
        time.sleep(0.3)
    yield url, log
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_the_command_serves_the_api_over_loopback(live_server):
    url, log = live_server
    r = httpx.post(f"{url}/v1/tag", json={"id": "a", "text": ARTICLE}, headers={"X-Request-ID": "loopback-1"})
    assert r.status_code == 200 and r.json()["totals"]["killed"] and r.headers["x-request-id"] == "loopback-1"
    big = b'{"text": "' + b"a" * 3_000_000 + b'"}'  # over the default limit: refused before it is read
    r = httpx.post(f"{url}/v1/tag", content=big, headers={"Content-Type": "application/json"}, timeout=30)
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"
    assert httpx.get(f"{url}/healthz").status_code == 200
    assert httpx.get(f"{url}/").headers["content-type"].startswith("text/html")
    time.sleep(0.2)
    lines = [l for l in log.read_text(encoding="utf-8").splitlines() if "id=loopback-1" in l]
    assert len(lines) == 1 and "POST /v1/tag 200" in lines[0]


def _browser_or_skip():
    required = os.environ.get("ARABERT_NER_REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            pytest.fail("ARABERT_NER_REQUIRE_BROWSER=1 but playwright is not installed (pip install -e '.[dev]')")
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        if required:
            pytest.fail(f"ARABERT_NER_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium); the browser test needs it")
    return sync_playwright


def test_page_tags_a_pasted_article_shows_spans_and_events_and_downloads_jsonl(live_server, tmp_path):
    sync_playwright = _browser_or_skip()
    url, _ = live_server
    expected = httpx.post(f"{url}/v1/tag", json={"id": "text", "text": ARTICLE}).json()
    assert expected["casualties"] and expected["entities"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 900, "height": 1400}, accept_downloads=True,
                                          locale="ar")
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            requests_elsewhere = []
            page.on("request", lambda r: r.url.startswith(url) or requests_elsewhere.append(r.url))
            page.goto(url + "/")
            assert page.evaluate("document.documentElement.dir") == "rtl"
            page.wait_for_function("!document.getElementById('model').textContent.startsWith('…')")
            # keyboard only: the text box by its label, Ctrl+Enter to tag, Tab reaches the button
            page.get_by_label("النص (Text)").fill(ARTICLE)
            page.get_by_label("النص (Text)").press("Control+Enter")
            page.wait_for_selector("#results section.doc")
            marks = page.locator("#results mark")
            labels = [m.get_attribute("class") for m in marks.all()]
            assert "KILLED" in labels and "INJURED" in labels and set(labels) & {"PER", "ORG", "LOC", "MISC"}
            killed = page.locator("#results mark.KILLED").first
            assert killed.locator("sub").inner_text().startswith("KILLED ")
            assert page.locator("table.events tbody tr").count() == len(expected["casualties"])
            first_row = [c.inner_text() for c in page.locator("table.events tbody tr").first.locator("td").all()]
            assert first_row[2] == str(expected["casualties"][0]["count"])
            page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
            if os.environ.get("ARABERT_NER_UPDATE_SCREENSHOT") == "1":
                page.screenshot(path=str(ROOT / "docs" / "serve_page.png"), full_page=False)
            with page.expect_download() as info:
                page.get_by_role("button", name="تنزيل السجلات JSONL").click()
            path = info.value.path()
            downloaded = [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines()]
            assert downloaded == [expected]
            page.get_by_label("النص (Text)").focus()
            for _ in range(6):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.id") == "tag":
                    break
            assert page.evaluate("document.activeElement.id") == "tag", "the Tag button is reachable with Tab"
            page.keyboard.press("Enter")  # and works from the keyboard
            page.wait_for_function("document.getElementById('status').textContent.includes('casualty events')")
            assert not errors and not requests_elsewhere

            phone = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True).new_page()
            phone.goto(url + "/")
            phone.get_by_label("النص (Text)").fill(ARTICLE)
            phone.get_by_role("button", name="تحليل (Tag)").click()
            phone.wait_for_selector("#results section.doc")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways scrolling at 375px"
        finally:
            browser.close()
