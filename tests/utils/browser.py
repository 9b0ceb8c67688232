"""The app in a real browser: valuenet served on a free local port, and Debian's chromium
driven by Playwright (its executable named, so Playwright downloads no browser of its own).

Each page records its console errors and every request it makes to another origin, which
the requests are refused; the tests assert both lists stay empty.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, Route

__all__ = ["Watched", "chromium_path", "serve", "watch"]


def chromium_path() -> str:
    """Debian's chromium; CI installs it, elsewhere a missing one skips (and says how)."""
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: .ci/run installs it with apt-get")
    pytest.skip("browser tests skipped: install chromium (apt-get install -y chromium)")


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """``app`` on 127.0.0.1 at a free port, in a thread, until the block ends; yields its origin."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the test server did not start")
        threading.Event().wait(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class Watched:
    """A page, what went wrong in it, and where its screenshots go."""

    page: Page
    origin: str
    shots: Path
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def shot(self, name: str, *, full_page: bool = True) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=path, full_page=full_page)
        return path


@contextmanager
def watch(browser: Browser, origin: str, shots: Path) -> Iterator[Watched]:
    """A fresh page of 1400x900 on ``origin``: console errors and outside requests recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    watched = Watched(page, origin, shots)

    def gate(route: Route) -> None:
        if route.request.url.startswith(f"{origin}/") or route.request.url.startswith(("blob:", "data:")):
            route.continue_()
        else:
            watched.outside.append(route.request.url)
            route.abort()

    context.route("**/*", gate)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))
    try:
        yield watched
    finally:
        context.close()
