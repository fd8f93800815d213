"""Shared test set-up: database markers, the CI no-skip rule, the PESEL-in-logs guard and the
staff and households most tests start from."""

import logging
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from stdnum.pl import pesel as stdnum_pesel

POSTGRES_REASON = "needs PostgreSQL: set DATABASE_URL=postgres://…"
ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{11}(?!\d)")


def database_vendor() -> str:
    from django.db import connection

    return connection.vendor


def on_postgres() -> bool:
    return database_vendor() == "postgresql"


def require_all_tests() -> bool:
    return os.environ.get("OSTOJA_REQUIRE_ALL_TESTS") == "1"


# ---------------------------------------------------------------------------------------------
# Which database, and what may be skipped on it
# ---------------------------------------------------------------------------------------------


def pytest_report_header(config: pytest.Config) -> list[str]:
    vendor = database_vendor()
    if vendor == "postgresql":
        line = "database: PostgreSQL (all tests run)"
    else:
        name = {"sqlite": "SQLite"}.get(vendor, vendor)
        line = f"database: {name}; PostgreSQL-only tests are skipped ({POSTGRES_REASON})"
    if require_all_tests():
        line += "; OSTOJA_REQUIRE_ALL_TESTS=1: unexpected skips fail"
    return [line]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if on_postgres():
        return
    skip = pytest.mark.skip(reason=POSTGRES_REASON)
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


def _skip_allowed(item: pytest.Item) -> bool:
    """In CI every test runs; only the PostgreSQL tests may skip, and only on another database."""
    return item.get_closest_marker("postgres") is not None and not on_postgres()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if (
        require_all_tests()
        and report.skipped
        and not hasattr(report, "wasxfail")
        and not _skip_allowed(item)
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped although OSTOJA_REQUIRE_ALL_TESTS=1: {reason}"
    return report


# ---------------------------------------------------------------------------------------------
# No PESEL in any log line of the whole run
# ---------------------------------------------------------------------------------------------


class SuiteLogCapture(logging.Handler):
    """Keeps every log line of the run as the console handler would print it (same filters,
    same format), so the check sees what production logs would contain."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a broken log call must not hide the others
            self.lines.append(f"<unformattable record from {record.name}: {record.msg!r}>")


SUITE_LOG = SuiteLogCapture()


def pesels_in(text: str) -> list[str]:
    return [match for match in ELEVEN_DIGITS.findall(text) if stdnum_pesel.is_valid(match)]


def _install_suite_log_capture() -> None:
    console = logging.getHandlerByName("console")
    if console is not None:
        for log_filter in console.filters:
            SUITE_LOG.addFilter(log_filter)
        SUITE_LOG.setFormatter(console.formatter)
    root = logging.getLogger()
    if SUITE_LOG not in root.handlers:
        root.addHandler(SUITE_LOG)
    # Loggers that do not propagate to the root would escape the check: listen to them too.
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger) and not logger.propagate:
            logger.addHandler(SUITE_LOG)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    _install_suite_log_capture()
    if on_postgres():
        _let_test_flush_truncate_access_log()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    leaks = [line for line in SUITE_LOG.lines if pesels_in(line)]
    if not leaks:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", "PESEL numbers in log lines", red=True)
        for line in leaks[:20]:
            reporter.write_line(line)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def suite_log() -> SuiteLogCapture:
    return SUITE_LOG


# ---------------------------------------------------------------------------------------------
# PostgreSQL: the access log refuses TRUNCATE, which the flush after transactional tests uses
# ---------------------------------------------------------------------------------------------


def _let_test_flush_truncate_access_log() -> None:
    """Between transactional tests Django empties every table with one TRUNCATE; the access
    log's trigger refuses that (as it should in production). The test flush alone switches the
    TRUNCATE trigger off for its own statement and back on."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush
    if getattr(original, "ostoja_wrapped", False):
        return

    def execute_sql_flush(self: DatabaseOperations, sql_list: list[str]) -> None:
        if any("core_accesslog" in sql for sql in sql_list):
            tables = ("core_accesslog", "core_accesslogperson")
            sql_list = [
                *(f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_truncate" for table in tables),
                *sql_list,
                *(f"ALTER TABLE {table} ENABLE TRIGGER {table}_no_truncate" for table in tables),
            ]
        original(self, sql_list)

    execute_sql_flush.ostoja_wrapped = True  # type: ignore[attr-defined]
    DatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign,assignment]


# ---------------------------------------------------------------------------------------------
# Staff and households
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def area_north(db: None) -> Any:
    from ostoja.registry.tests.factories import AreaFactory

    return AreaFactory(name="Rejon Północ")


@pytest.fixture
def area_south(db: None) -> Any:
    from ostoja.registry.tests.factories import AreaFactory

    return AreaFactory(name="Rejon Południe")


def _user(username: str, role: str, **kwargs: Any) -> Any:
    from ostoja.registry.tests.factories import UserFactory

    return UserFactory(username=username, role=role, **kwargs)


@pytest.fixture
def director(db: None) -> Any:
    return _user("kierownik", "kierownik", first_name="Krystyna", last_name="Kierownik")


@pytest.fixture
def social_worker(area_north: Any) -> Any:
    """A social worker of the northern area."""
    return _user("pracownik_polnoc", "pracownik_socjalny", areas=[area_north])


@pytest.fixture
def other_social_worker(area_south: Any) -> Any:
    """A social worker of the southern area."""
    return _user("pracownik_poludnie", "pracownik_socjalny", areas=[area_south])


@pytest.fixture
def benefits_clerk(db: None) -> Any:
    return _user("swiadczenia", "specjalista_swiadczen")


@pytest.fixture
def accountant(db: None) -> Any:
    return _user("ksiegowa", "ksiegowosc")


@pytest.fixture
def administrator(db: None) -> Any:
    return _user("admin_it", "administrator", is_staff=True)


@pytest.fixture
def iod(db: None) -> Any:
    return _user("iod", "iod")


@pytest.fixture
def roleless(db: None) -> Any:
    """An account without a role: signed in, allowed nothing."""
    return _user("bez_roli", "")


@pytest.fixture
def household_north(area_north: Any) -> Any:
    from ostoja.registry.tests.factories import household_with_members

    return household_with_members(area=area_north, members=3)


@pytest.fixture
def household_south(area_south: Any) -> Any:
    from ostoja.registry.tests.factories import household_with_members

    return household_with_members(area=area_south, members=2)


@pytest.fixture
def person_north(household_north: Any) -> Any:
    return household_north.memberships.order_by("pk").first().person


@pytest.fixture
def person_south(household_south: Any) -> Any:
    return household_south.memberships.order_by("pk").first().person


@pytest.fixture
def staff_password() -> str:
    """The password every test user has."""
    from ostoja.registry.tests.factories import TEST_PASSWORD

    return TEST_PASSWORD


@pytest.fixture
def login(client: Any) -> Any:
    """`login(user)` signs the test client in as `user`, second factor passed, and returns the
    client: the user gets a confirmed authenticator and the session the key django-otp reads."""

    def sign_in(user: Any) -> Any:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return sign_in


@pytest.fixture
def htmx_headers() -> dict[str, str]:
    return {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _polish() -> Iterator[None]:
    """Tests run in the users' language."""
    from django.utils import translation

    with translation.override("pl"):
        yield
