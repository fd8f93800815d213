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


def _no_network(route: Route) -> None:
    route.abort("internetdisconnected")


def go_offline(page: Page) -> None:
    """Takes the browser off the network. The context's offline switch alone is not enough: it
    lets a service worker's own requests through, and a page just reloaded from the worker's
    cache may send before the switch reaches it. So every request that would leave the browser
    is aborted too (Playwright shows the worker's to `context.route` with its service-worker
    network events on); what the worker answers from its cache still works. Returns once the
    page knows it is offline."""
    page.context.route("**/*", _no_network)
    page.context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")


def go_online(page: Page) -> None:
    page.context.unroute("**/*", _no_network)
    page.context.set_offline(False)
