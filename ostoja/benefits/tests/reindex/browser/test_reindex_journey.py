"""Done when: the re-indexation for the criteria of 1 January 2025 works in the browser with its
progress bar, and the director signs the drafts it made.

The family (`conftest.zasilek_staly`, one of the re-indexation tests' world): Halina
Wiśniewska, 74, alone, 600 zł of pension, granted a zasiłek stały on 1 March 2024. The amount is
130 % of the single person's criterion less the income (art. 37 ust. 2 pkt 1 u.p.s. as from
1 January 2024): with the criterion of 776 zł, 1,3 × 776 − 600 = 1 008,80 − 600 = 408,80 zł;
from 1 January 2025, with 1 010 zł (Dz.U. 2024 poz. 1044), 1,3 × 1 010 − 600 = 1 313,00 − 600 =
713,00 zł, below the maximum of 1 229 zł: 304,20 zł more a month.

The test settings run a task at once (django.tasks' immediate backend), so the run is done by
the time its page opens: the page then shows the bar full and stops polling. The worker that
`make run` starts does the same work in the background.
"""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.benefits.models import Decision, DecisionKind, DecisionState, Reindexation
from ostoja.benefits.tests.reindex.factories import Granted
from ostoja.casework.tests.browser.waiting import click_and_wait_for_post
from ostoja.registry.tests.browser.test_accessibility import assert_no_axe_violations

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]


def test_the_clerk_runs_the_2025_criteria_and_the_director_signs_the_changes(
    page: Page,
    live_server: Any,
    login_as: LoginAs,
    screenshot: Screenshot,
    clerk: User,
    signer: User,
    zasilek_staly: Granted,
) -> None:
    # 1. The clerk starts the run of 1 January 2025 from the list of runs.
    login_as(clerk)
    page.goto(f"{live_server.url}{reverse('benefits:reindexation_list')}")
    expect(page.locator("main")).to_contain_text("01.01.2025")  # the days of change listed
    assert_no_axe_violations(page)
    screenshot("1-list")
    page.get_by_label("dzień, od którego stosuje się nowe kwoty").fill("2025-01-01")
    page.get_by_role("button", name="Uruchom przeliczenie").click()

    # 2. The run's page: the bar full, the counts, the award with its old and new amount.
    run = Reindexation.objects.get()
    page.wait_for_url(f"**{reverse('benefits:reindexation_detail', args=[run.pk])}")
    progress = page.locator("#postep")
    expect(progress.locator("progress")).to_have_attribute("value", "100")
    expect(progress).to_contain_text("1 z 1 świadczenia (100 %)")  # z jednego świadczenia
    expect(progress).to_contain_text("zmiana kwoty: 1, bez zmian: 0, błędy: 0")
    row = page.locator("main table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("408,80\xa0zł")
    expect(row).to_contain_text("713,00\xa0zł")
    expect(row).to_contain_text("304,20\xa0zł")
    assert_no_axe_violations(page)
    screenshot("2-done")
    # The clerk drafted; she holds no authorisation, so she is not offered the signing.
    expect(page.get_by_role("button", name="Podpisz wszystkie projekty")).to_have_count(0)

    # 3. The director signs every draft of the run from its page.
    login_as(signer)
    page.goto(f"{live_server.url}{reverse('benefits:reindexation_detail', args=[run.pk])}")
    sign = page.get_by_role("button", name="Podpisz wszystkie projekty")
    expect(sign).to_contain_text("1")
    click_and_wait_for_post(page, sign.click)
    expect(page.locator("main")).to_contain_text("Podpisane decyzje: 1.")
    screenshot("3-signed")
    change = Decision.objects.get(reindexation=run)
    assert (change.kind, change.state) == (DecisionKind.CHANGE, DecisionState.SIGNED)
    assert change.changes == zasilek_staly.decision
    assert change.lines.get().amount == Decimal("713.00")  # 408,80 + 304,20
