"""The settings' browser test uses the registry's browser set-up: Debian's Chromium, the
synthetic office, screenshots and a real sign-in with the second factor."""

from ostoja.registry.tests.browser.conftest import (  # noqa: F401
    Office,
    _chromium_present,
    browser_context_args,
    browser_type_launch_args,
    login_as,
    office,
    page,
    screenshot,
)
