"""The HTML redline and the synoptic table in a real browser: headless Debian Chromium driven by Playwright.

Checks what a reader sees: no console error, no request but the page itself (the pages are self-contained),
the inline view shown first, the "Side by side" label switching to two columns, <ins>/<del> present. With
RESDIFF_UPDATE_SCREENSHOT=1 the first screen of the Res. 130 redline is saved to docs/report-res130.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "res130-iap"
CHROMIUM = Path("/usr/bin/chromium")
# Flags this machine's closed network needs (no background connections, no update or sync pings).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (Debian package chromium; .ci/run installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing (pip install -e '.[test]')")


def _resdiff(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "resdiff.cli", *map(str, args)], capture_output=True, text=True, check=False,
                          cwd=ROOT, timeout=60)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Visit:
    """A page opened from a file:// URL, with its console errors, page errors and requests recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.url = path.as_uri()
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(self.url, wait_until="load")

    def check_self_contained(self) -> None:
        assert self.errors == []
        assert self.requests == [self.url], "the page must fetch nothing but itself"


def test_res130_redline_in_chromium(browser: Any, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    done = _resdiff("diff", FIXTURE / "old.txt", FIXTURE / "new.txt", "-o", report)
    assert done.returncode == 0, done.stderr
    visit = Visit(browser, report)
    page = visit.page
    try:
        inline, side = page.locator("main .inline").first, page.locator("main .side").first
        assert inline.is_visible() and not side.is_visible()
        assert page.locator("main ins").count() > 0 and page.locator("main del").count() > 0
        assert page.locator("main .inline del", has_text="DUBAÏ, 2018").first.is_visible()

        shot = tmp_path / "inline.png"
        page.screenshot(path=str(shot))  # the first screen
        assert shot.stat().st_size > 10_000
        if os.environ.get("RESDIFF_UPDATE_SCREENSHOT") == "1":
            shutil.copyfile(shot, ROOT / "docs" / "report-res130.png")

        page.click("label[for=view-side]")
        assert page.is_checked("#view-side")
        assert side.is_visible() and not inline.is_visible()
        assert page.locator("main .side").first.evaluate("e => getComputedStyle(e).display") == "grid"
        old, new = side.locator("[aria-label=old]"), side.locator("[aria-label=new]")
        old_box, new_box = old.bounding_box(), new.bounding_box()
        assert old_box and new_box
        assert abs(old_box["y"] - new_box["y"]) < 1 and new_box["x"] >= old_box["x"] + old_box["width"]  # two columns
        title_side = page.locator("main .side").nth(1)
        assert "DUBAÏ, 2018" in title_side.locator("[aria-label=old]").inner_text()
        assert "bucarest, 2022" in title_side.locator("[aria-label=new]").inner_text()
        page.screenshot(path=str(tmp_path / "side.png"))

        page.click("label[for=view-inline]")
        assert inline.is_visible() and not side.is_visible()
        visit.check_self_contained()
    finally:
        visit.context.close()


def test_synoptic_table_in_chromium(browser: Any, tmp_path: Path) -> None:
    base_lines = (FIXTURE / "old.txt").read_text(encoding="utf-8").split("\n")[1:]
    (tmp_path / "official.txt").write_text("\n".join(base_lines), encoding="utf-8")
    e = base_lines.index("rappelant") + 5
    acp = list(base_lines)
    acp[e] = acp[e].replace("infrastructures essentielles", "infrastructures de l'information essentielles")
    (tmp_path / "ACP.txt").write_text("\n".join(acp), encoding="utf-8")
    (tmp_path / "EUR.txt").write_text("\n".join(base_lines[:e] + base_lines[e + 1:]), encoding="utf-8")
    synoptic = tmp_path / "synoptic.html"
    done = _resdiff("merge", tmp_path / "official.txt", tmp_path / "ACP.txt", tmp_path / "EUR.txt", "-o", synoptic)
    assert done.returncode == 1, done.stderr  # the proposals conflict on e)
    assert "conflict" in done.stderr
    visit = Visit(browser, synoptic)
    page = visit.page
    try:
        headers = page.locator("thead th").all_inner_texts()
        assert headers == ["Base text", "ACP", "EUR"]
        conflict = page.locator("tr.conflict")
        assert conflict.count() == 1 and conflict.is_visible()
        assert "EUR deletes what ACP modifies" in conflict.locator(".flag").inner_text()
        assert conflict.locator("ins", has_text="de l'information").count() == 1
        assert conflict.locator("td").nth(2).locator("del").count() > 0  # EUR: the whole of e) struck
        assert conflict.evaluate("e => getComputedStyle(e.cells[0]).backgroundColor") == "rgb(255, 244, 214)"
        conflict.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "synoptic.png"))
        visit.check_self_contained()
    finally:
        visit.context.close()
