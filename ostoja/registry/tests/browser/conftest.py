"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the tests use /usr/bin/chromium. Without it they are skipped, unless
OSTOJA_REQUIRE_ALL_TESTS=1 (CI), where a missing browser is a failure.

The data is synthetic: PESELs are generated here with a computed check digit.
"""

import datetime
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from stdnum.pl import pesel as stdnum_pesel

from ostoja.accounts.models import Area, User
from ostoja.registry import services
from ostoja.registry.demo.identifiers import pesel_for
from ostoja.registry.models import Household, Person

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures and
# tests from that thread are safe (nothing else touches their connection).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# A service worker's own requests go around the context's offline switch; with this, the driver
# (started after collection) shows them to `context.route`, so a test can cut them off too.
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"
# An assertion waits up to 15 s for the page (Playwright's default is 5 s): on a loaded CI
# machine a page's own round trip after reconnecting, for one, can take longer than 5 s.
expect.set_options(timeout=15_000)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=pl-PL",  # date inputs in the Polish format, as the centre's browsers show them
]
SKIP_REASON = f"Chromium not found at {CHROMIUM}: browser tests skipped"
PASSWORD = "Haslo-testowe-123"


def make_pesel(birth_date: datetime.date, serial: int, sex: str) -> str:
    """A synthetic PESEL with a correct check digit. `sex` is "K" or "M"; `serial` 0-4999."""
    return pesel_for(birth_date, sex, serial)


def wrong_check_digit(pesel: str) -> str:
    """The same PESEL with its check digit changed: invalid, and only because of the check."""
    wrong = pesel[:10] + str((int(pesel[10]) + 1) % 10)
    assert not stdnum_pesel.is_valid(wrong)
    return wrong


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("OSTOJA_REQUIRE_ALL_TESTS") == "1":
        pytest.fail(f"Chromium not found at {CHROMIUM} and OSTOJA_REQUIRE_ALL_TESTS=1")
    pytest.skip(SKIP_REASON)


@pytest.fixture(scope="session", autouse=True)
def _chromium_present() -> None:
    """Runs before pytest-playwright launches anything, for every test in this package."""
    _require_chromium()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """An office monitor, a Polish browser."""
    return {
        **browser_context_args,
        "viewport": {"width": 1366, "height": 800},
        "locale": "pl-PL",
        "timezone_id": "Europe/Warsaw",
    }


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """`screenshot("step")` saves a full-page PNG: test-artifacts/screenshots/<test>-<step>.png."""
    folder = Path(request.config.rootpath) / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    name = request.node.name.replace("[chromium]", "").replace("[chromium-", "[")
    test_name = re.sub(r"[^\w-]+", "_", name).strip("_")

    def take(step: str) -> Path:
        path = folder / f"{test_name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@dataclass
class Office:
    """The synthetic centre every browser test works in."""

    north: Area
    south: Area
    worker_north: User
    worker_south: User
    director: User
    household_north: Household
    household_south: Household
    head_north: Person
    child_north: Person
    head_south: Person
    spouse_south: Person


def _person_data(pesel: str, first_names: str, surname: str) -> dict[str, Any]:
    return {
        "pesel": pesel,
        "first_names": first_names,
        "surname": surname,
        "birth_date": stdnum_pesel.get_birth_date(pesel),
        "sex": "M" if stdnum_pesel.get_gender(pesel) == "M" else "K",
        "registered_gmina": "Dębowo",
        "registered_town": "Dębowo",
    }


def _family(
    worker: User,
    area: Area,
    address: dict[str, str],
    head: dict[str, Any],
    member: dict[str, Any],
    relation: str,
    since: datetime.date,
) -> tuple[Household, Person, Person]:
    """A family registered by the area's worker as she would: the head, then one more member."""
    household = services.family_register(
        actor=worker, area=area, address=address, head_data=head, since=since
    )
    membership = services.member_add_new_person(
        actor=worker, household=household, person_data=member, relation=relation, valid_from=since
    )
    head_person = household.memberships.get(relation="wnioskodawca").person
    return household, head_person, membership.person


@pytest.fixture
def office(transactional_db: None) -> Office:
    north = Area.objects.create(name="Rejon Północ")
    south = Area.objects.create(name="Rejon Południe")
    worker_north = User.objects.create_user(
        "anowak",
        password=PASSWORD,
        role="pracownik_socjalny",
        first_name="Anna",
        last_name="Nowak",
    )
    worker_south = User.objects.create_user(
        "bwisniewska",
        password=PASSWORD,
        role="pracownik_socjalny",
        first_name="Barbara",
        last_name="Wiśniewska",
    )
    director = User.objects.create_user(
        "kkowalski",
        password=PASSWORD,
        role="kierownik",
        first_name="Krzysztof",
        last_name="Kowalski",
    )
    north.workers.add(worker_north)
    south.workers.add(worker_south)

    since = datetime.date(2024, 3, 1)
    household_north, head_north, child_north = _family(
        worker_north,
        north,
        {
            "gmina": "Dębowo",
            "town": "Dębowo",
            "street": "Lipowa",
            "house_number": "3",
            "flat_number": "2",
            "postcode": "00-950",
        },
        _person_data(make_pesel(datetime.date(1978, 5, 14), 101, "K"), "Maria", "Lipowska"),
        _person_data(make_pesel(datetime.date(2012, 9, 2), 102, "M"), "Jan", "Lipowski"),
        "dziecko",
        since,
    )
    household_south, head_south, spouse_south = _family(
        worker_south,
        south,
        {
            "gmina": "Dębowo",
            "town": "Zalesie",
            "street": "Polna",
            "house_number": "17",
            "flat_number": "",
            "postcode": "00-951",
        },
        _person_data(make_pesel(datetime.date(1965, 11, 23), 201, "M"), "Tadeusz", "Dębski"),
        _person_data(make_pesel(datetime.date(1967, 1, 8), 202, "K"), "Halina", "Dębska"),
        "malzonek",
        since,
    )
    return Office(
        north=north,
        south=south,
        worker_north=worker_north,
        worker_south=worker_south,
        director=director,
        household_north=household_north,
        household_south=household_south,
        head_north=head_north,
        child_north=child_north,
        head_south=head_south,
        spouse_south=spouse_south,
    )


def next_code(device: TOTPDevice) -> str:
    """The code the device accepts now: its current one, or the next one (within django-otp's
    tolerance) when the current one was already used. Waits a step if both are used."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step)
    counter = max(now, device.last_t + 1)
    if counter > now + device.tolerance:
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.1)
        return next_code(device)
    return f"{hotp(device.bin_key, counter, digits=device.digits):0{device.digits}d}"


def confirmed_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)


@pytest.fixture
def login_as(page: Page, live_server: Any) -> Callable[[User], None]:
    """Sign a user in through the real login: the password, then the code from their
    authenticator (computed from the device's key, as the phone would)."""

    def sign_in(user: User) -> None:
        device = confirmed_device(user)
        page.context.clear_cookies()  # whoever was signed in before
        page.goto(f"{live_server.url}{reverse('accounts:login')}")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Zaloguj się").click()
        page.locator("#id_code").fill(next_code(device))
        page.get_by_role("button", name="Potwierdź").click()
        page.wait_for_url(f"{live_server.url}{reverse('registry:home')}")

    return sign_in
