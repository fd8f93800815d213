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


# While the tab's session storage holds the flag, every document of the tab says it is
# offline from its first script on: see `go_offline`.
OFFLINE_FLAG = "ostoja-test-offline"
_OFFLINE_FROM_THE_START = """
(() => {
  const real = Object.getOwnPropertyDescriptor(Navigator.prototype, "onLine").get;
  Object.defineProperty(Navigator.prototype, "onLine", {
    configurable: true,
    get() {
      return sessionStorage.getItem("FLAG") ? false : real.call(this);
    },
  });
})();
""".replace("FLAG", OFFLINE_FLAG)


def go_offline(page: Page) -> None:
    """Takes the browser off the network. The context's offline switch alone is not enough:

    - it lets a service worker's own requests through, so every request that would leave the
      browser is aborted too (Playwright shows the worker's to `context.route` with its
      service-worker network events on); what the worker answers from its cache still works;
    - a page reloaded from the worker's cache runs its scripts before Chromium applies the
      switch and the routes to the new document: for that moment `navigator.onLine` is true,
      and a request then reaches the server unseen. A laptop without a connection says offline
      from the first moment, so an init script makes each new document of the tab say so while
      the tab is offline.

    Returns once the page itself has seen the connection go (before the flag is set, so that
    the flag cannot answer for it): were the switch turned back on before the page saw it
    off, the page would never hear the `online` event."""
    page.context.route("**/*", _no_network)
    page.context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")
    page.context.add_init_script(_OFFLINE_FROM_THE_START)
    page.evaluate(_OFFLINE_FROM_THE_START)
    page.evaluate("flag => sessionStorage.setItem(flag, '1')", OFFLINE_FLAG)


def go_online(page: Page) -> None:
    """Returns once the page has seen the connection come back, as the `online` event a laptop
    gets. A document reloaded from the worker's cache while offline may never have been
    switched off by Chromium itself (Chromium 150 applies the switch to it no more: it said
    offline through the init script only, see `go_offline`); switching the context back on
    then announces nothing, and the event is sent here instead, as the connection's return
    would send it."""
    page.evaluate("flag => sessionStorage.removeItem(flag)", OFFLINE_FLAG)
    # Without the flag the init script's getter answers what Chromium says.
    switched_off_by_chromium = not page.evaluate("() => navigator.onLine")
    page.context.unroute("**/*", _no_network)
    page.context.set_offline(False)
    page.wait_for_function("() => navigator.onLine")
    if not switched_off_by_chromium:
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
