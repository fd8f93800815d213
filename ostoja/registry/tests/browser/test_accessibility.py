"""Accessibility (WCAG 2.1 AA): axe-core on the main pages, keyboard use, labels on fields."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.registry.tests.browser.conftest import Office

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]

AXE = Axe()
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}


def assert_no_axe_violations(page: Page) -> None:
    results = AXE.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
                if node.get("failureSummary"):
                    summary = " ".join(node["failureSummary"].split())
                    lines.append(f"      {summary[:300]}")
        pytest.fail("\n".join(lines), pytrace=False)


def unlabelled_fields(page: Page) -> list[str]:
    """Form controls a screen reader would announce without a name."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden')
            .filter(el => !(el.labels && el.labels.length)
                          && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
            .map(el => el.outerHTML.slice(0, 120))"""
    )
    return found


def duplicate_ids(page: Page) -> list[str]:
    found: list[str] = page.evaluate(
        """() => { const seen = new Map();
                   document.querySelectorAll('[id]').forEach(el =>
                       seen.set(el.id, (seen.get(el.id) || 0) + 1));
                   return [...seen].filter(([, n]) => n > 1).map(([id]) => id); }"""
    )
    return found


def first_focusable(page: Page) -> str:
    """The first element in the tab order (no positive tabindex is used anywhere)."""
    found: str = page.evaluate(
        """() => { const candidates = document.querySelectorAll(
                       'a[href], button, input:not([type=hidden]), select, textarea, '
                       + '[tabindex]:not([tabindex="-1"])');
                   const first = [...candidates].find(el => !el.disabled);
                   return first ? first.outerHTML.slice(0, 120) : ''; }"""
    )
    return found


def test_login_page(page: Page, live_server: Any, office: Office, screenshot: Screenshot) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    assert_no_axe_violations(page)
    page.locator("form button[type=submit]").click()  # empty form: errors under the fields
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("errors")


def test_start_page(page: Page, live_server: Any, office: Office, login_as: LoginAs) -> None:
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("registry:home"))
    assert_no_axe_violations(page)


def test_search_with_results(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    login_as(office.director)
    page.goto(live_server.url + reverse("registry:search") + "?q=D%C4%99b")
    expect(page.locator("#wyniki tbody tr")).to_have_count(2)
    assert_no_axe_violations(page)
    screenshot("page")
    # The live results of the top bar, open over the page.
    page.locator("#szukaj-top").press_sequentially("Lipow", delay=20)
    expect(page.locator("#szukaj-top-wyniki .list-group-item").first).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("live")


def test_person_detail(page: Page, live_server: Any, office: Office, login_as: LoginAs) -> None:
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("registry:person_detail", args=[office.head_north.pk]))
    assert_no_axe_violations(page)


def open_household_with_forms(page: Page, live_server: Any, office: Office) -> None:
    url = reverse("registry:household_detail", args=[office.household_north.pk])
    page.goto(live_server.url + url)
    for details in page.locator("main details[hx-get]").all():  # the income and alimony forms
        details.locator("summary").click()
        expect(details.locator("form")).to_be_visible()  # loaded by htmx on opening


def test_household_detail(page: Page, live_server: Any, office: Office, login_as: LoginAs) -> None:
    login_as(office.worker_north)
    open_household_with_forms(page, live_server, office)
    assert_no_axe_violations(page)


def test_household_detail_fields_have_own_labels(
    page: Page, live_server: Any, office: Office, login_as: LoginAs
) -> None:
    login_as(office.worker_north)
    open_household_with_forms(page, live_server, office)
    assert duplicate_ids(page) == []
    assert unlabelled_fields(page) == []


def test_register_family_form_with_errors(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("registry:household_register"))
    assert_no_axe_violations(page)
    page.locator("main form .form-actions button[type=submit]").click()
    expect(page.locator("main [aria-invalid=true]").first).to_be_visible()
    assert_no_axe_violations(page)
    assert unlabelled_fields(page) == []
    screenshot("errors")


def test_person_edit_form(page: Page, live_server: Any, office: Office, login_as: LoginAs) -> None:
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("registry:person_edit", args=[office.head_north.pk]))
    assert_no_axe_violations(page)
    assert unlabelled_fields(page) == []


def test_not_found_page(page: Page, live_server: Any, office: Office, login_as: LoginAs) -> None:
    login_as(office.worker_north)
    page.goto(
        live_server.url + reverse("registry:household_detail", args=[office.household_south.pk])
    )
    assert_no_axe_violations(page)


def test_skip_link_is_first_and_moves_focus_to_main(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("registry:home"))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#tresc")
    expect(skip).to_be_visible()  # visually hidden until focused
    screenshot("skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "tresc"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    # The next Tab continues inside the content, not back in the top bar.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('tresc').contains(document.activeElement)")


def test_skip_link_is_first_on_every_main_page(
    page: Page, live_server: Any, office: Office, login_as: LoginAs
) -> None:
    # The login page puts the cursor in the user-name field; the skip link still comes first.
    urls = [reverse("accounts:login")]
    login_as(office.worker_north)
    urls += [
        reverse("registry:home"),
        reverse("registry:search") + "?q=Lipow",
        reverse("registry:person_detail", args=[office.head_north.pk]),
        reverse("registry:household_detail", args=[office.household_north.pk]),
        reverse("registry:household_register"),
    ]
    for url in urls:
        page.goto(live_server.url + url)
        assert 'href="#tresc"' in first_focusable(page), url
        expect(page.locator("main#tresc")).to_have_count(1)


@pytest.mark.parametrize(
    "url_name", ["household_register", "member_add", "household_edit", "person_edit"]
)
def test_every_form_field_has_a_label(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, url_name: str
) -> None:
    login_as(office.worker_north)
    args = {
        "household_register": [],
        "member_add": [office.household_north.pk],
        "household_edit": [office.household_north.pk],
        "person_edit": [office.head_north.pk],
    }[url_name]
    page.goto(live_server.url + reverse(f"registry:{url_name}", args=args))
    assert page.locator("main form").count() >= 1
    assert unlabelled_fields(page) == []
    assert duplicate_ids(page) == []


def test_focus_is_visible(page: Page, live_server: Any, office: Office, login_as: LoginAs) -> None:
    """Tabbing through the top bar, every focused control shows an outline."""
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("registry:home"))
    for _ in range(6):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"""
        )
        style, width, shadow = outline
        assert (style != "none" and width != "0px") or shadow != "none", outline
