"""Fixtures for a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

One browser per test session. Network traffic is read from Chrome's DevTools
performance log, console messages from the browser log. When Chromium or its
driver is missing the tests FAIL (never skip): the README's test command installs them.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1440, 900)


def chrome_options(user_data_dir: str) -> Any:
    """Headless Chromium that does nothing on its own: no sync, updates, QUIC or background traffic."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-dev-shm-usage",
        "--allow-file-access-from-files",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--user-data-dir={user_data_dir}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


def start_chromium(user_data_dir: str) -> Any:
    """A Selenium driver for /usr/bin/chromium via /usr/bin/chromedriver."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(
            f"browser tests need Debian's chromium and chromium-driver; missing {', '.join(missing)}. "
            "Install them with: sudo apt-get install -y chromium chromium-driver "
            "(the README's test command does this).",
            pytrace=False,
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=chrome_options(user_data_dir))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    return driver


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session, with a fresh profile."""
    profile = tempfile.mkdtemp(prefix="kgraph-chromium-")
    driver = start_chromium(profile)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def network_requests(driver: Any) -> list[str]:
    """URLs of every request the page made since the last call (drains the performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def console_errors(driver: Any) -> list[str]:
    """Console errors and uncaught exceptions since the last call (drains the browser log)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def open_page(driver: Any, path: Path, *, timeout: float = 60) -> None:
    """Load the explorer at ``path`` from disk and wait until it has drawn every node and edge."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return !!document.body && document.body.dataset.ready === 'true'")
    )
