"""Browser tests of the administration: Playwright driving Debian's Chromium (never
`playwright install`) against pytest-django's live server. Skipped without /usr/bin/chromium,
unless OSTOJA_REQUIRE_ALL_TESTS=1 (CI), where a missing browser is a failure."""

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page

from ostoja.accounts.models import User

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the fixtures
# are made from that thread and nothing else touches their connection.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=pl-PL",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("OSTOJA_REQUIRE_ALL_TESTS") == "1":
        pytest.fail(f"Chromium not found at {CHROMIUM} and OSTOJA_REQUIRE_ALL_TESTS=1")
    pytest.skip(f"Chromium not found at {CHROMIUM}: browser tests skipped")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "viewport": {"width": 1366, "height": 800},
        "locale": "pl-PL",
        "timezone_id": "Europe/Warsaw",
    }


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """`screenshot("step")` saves test-artifacts/screenshots/<test>-<step>.png."""
    folder = Path(request.config.rootpath) / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    name = request.node.name.replace("[chromium]", "").replace("[chromium-", "[")
    test_name = re.sub(r"[^\w-]+", "_", name).strip("_")

    def take(step: str) -> Path:
        path = folder / f"{test_name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def browser_login(page: Page, live_server: Any, login: Any) -> Callable[[User], None]:
    """Sign a user in as the root `login` fixture does (a fully signed-in session), and hand
    the session to the browser."""

    def sign_in(user: User) -> None:
        client = login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return sign_in
