"""Browser tests: Playwright for Python driving the system's chromium (never a downloaded
browser). Every page visited is checked for console errors and, with axe-core (vendored
in ``assets/axe-core``, ``make vendor-axe``), for serious or critical accessibility
violations; a screenshot of each is kept in ``var/ci-artifacts/browser/``.

Skipped, with the reason printed, when chromium is not installed (``apt-get install
chromium``; ``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("CI_ARTIFACTS_DIR", REPO / "var" / "ci-artifacts")) / "browser"
BLOCKING_IMPACTS = ("serious", "critical")
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_RUN = """async (impacts) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => impacts.includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


@dataclass
class Visit:
    """A browser tab that records console errors and checks every page it lands on."""

    page: Any
    base_url: str
    prefix: str
    console_errors: list[str] = field(default_factory=list)
    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)

    def goto(self, path: str, name: str) -> Any:
        self.page.goto(self.base_url + path)
        return self.check(name)

    def check(self, name: str) -> Any:
        """Screenshot the page and run axe on it (after any htmx swap has settled)."""
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
        found = self.page.evaluate(AXE_RUN, list(BLOCKING_IMPACTS))
        if found:
            self.violations[f"{name} ({self.page.url})"] = found
        self.shot(name)
        self.checked.append(name)
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9-]+", "-", f"{self.prefix}-{name}".lower())
        self.page.screenshot(path=str(ARTIFACTS / f"{slug}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert self.console_errors == [], self.console_errors
        assert self.violations == {}, self.violations


@pytest.fixture
def visit(live_server, request) -> Iterator[Visit]:
    """A Chromium tab on the live server, started after the test's database set-up and
    stopped before its tear-down.

    Playwright's sync API runs an event loop in this thread, and while it runs Django hands
    this thread other connection objects (asgiref's context-local storage): the ones without
    the serialized test data, so a flush there would recreate content types under the next
    serialized test. Starting Playwright here, inside the test, keeps set-up and tear-down on
    Django's own connections; the ones the test body opened are closed before it stops.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed ({CHROMIUM}); apt-get install chromium")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the test body's ORM calls are sync
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=DESKTOP)
            page = context.new_page()
            page.set_default_timeout(10_000)
            tab = Visit(page, live_server.url, request.node.name.removeprefix("test_"))
            page.on("console", lambda m: _console(tab, page, m))
            page.on("pageerror", lambda exc: tab.console_errors.append(f"{page.url}: {exc}"))
            try:
                yield tab
            finally:
                connections.close_all()
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _console(tab: Visit, page: Any, message: Any) -> None:
    if message.type == "error":
        tab.console_errors.append(f"{page.url}: {message.text}")
