"""Deny by default: every URL's view declares who may use it."""

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from ostoja.core.access import PUBLIC, declared_permission, public, requires

# Reviewed: the admin site guards itself (is_staff), static files carry no data.
ALLOWED_UNDECLARED_NAMESPACES = {"admin"}
# The code step and the enrolment check the signed-in user themselves (before the second factor);
# logging out needs no capability.
PUBLIC_VIEWS = {
    "accounts:login",
    "accounts:second_factor",
    "accounts:enrol",
    "accounts:logout",
    "healthz",
}


def walk(
    patterns: list[Any], namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str, str, Any]]:
    """(namespace, qualified name, route, callback) of every pattern, through includes."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = ":".join(part for part in (namespace, entry.name) if part)
            yield namespace, name, prefix + str(entry.pattern), entry.callback


def test_every_view_declares_a_permission() -> None:
    undeclared = []
    for namespace, name, route, callback in walk(get_resolver().url_patterns):
        if namespace.split(":")[0] in ALLOWED_UNDECLARED_NAMESPACES:
            continue
        if route.startswith("static/"):
            continue
        if declared_permission(callback) is None:
            undeclared.append(f"{route} ({name or callback!r})")
    assert undeclared == []


def test_the_public_views_are_exactly_login_and_healthz() -> None:
    public_views = {
        name
        for _namespace, name, _route, callback in walk(get_resolver().url_patterns)
        if declared_permission(callback) == PUBLIC
    }
    assert public_views == PUBLIC_VIEWS


def test_the_walk_sees_the_registry_and_the_admin() -> None:
    names = {name for _namespace, name, _route, _callback in walk(get_resolver().url_patterns)}
    assert {"registry:home", "registry:household_detail", "accounts:logout"} <= names
    assert any(name.startswith("admin:") for name in names)


def test_declared_permission_reads_decorators_and_class_based_views() -> None:
    def view(request: Any) -> Any:
        return None

    class ViewClass:
        ostoja_permission = "registry.view"

    def as_view(request: Any) -> Any:
        return None

    as_view.view_class = ViewClass  # type: ignore[attr-defined]
    assert declared_permission(requires("registry.edit")(view)) == "registry.edit"
    assert declared_permission(public(view)) == PUBLIC
    assert declared_permission(as_view) == "registry.view"
    assert declared_permission(lambda request: None) is None
