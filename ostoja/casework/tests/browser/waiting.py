"""Waiting for the live server before a browser test reads the database, and a laptop without
a connection."""

from collections.abc import Callable

from playwright.sync_api import Page, Route


def click_and_wait_for_post(page: Page, click: Callable[[], None]) -> None:
    """Clicks and waits for the answer to the form's POST. Where the page redirects back to its
    own address, waiting for the address returns at once, before the live server's write is
    committed; the answer to the POST comes only after it."""
    with page.expect_response(lambda response: response.request.method == "POST"):
        click()


def _cut_off_service_worker(route: Route) -> None:
    if route.request.service_worker is not None:
        route.abort("internetdisconnected")
    else:
        route.fallback()


def go_offline(page: Page) -> None:
    """Takes the browser off the network, the service worker's requests included: the context's
    offline switch alone lets those through to the live server. Returns once the page knows."""
    page.context.route("**/*", _cut_off_service_worker)
    page.context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")


def go_online(page: Page) -> None:
    page.context.unroute("**/*", _cut_off_service_worker)
    page.context.set_offline(False)
