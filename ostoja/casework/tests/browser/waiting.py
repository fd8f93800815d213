"""Waiting for the live server before a browser test reads the database."""

from collections.abc import Callable

from playwright.sync_api import Page


def click_and_wait_for_post(page: Page, click: Callable[[], None]) -> None:
    """Clicks and waits for the answer to the form's POST. Where the page redirects back to its
    own address, waiting for the address returns at once, before the live server's write is
    committed; the answer to the POST comes only after it."""
    with page.expect_response(lambda response: response.request.method == "POST"):
        click()
