from typing import Any

from django.conf import settings
from django.http import HttpRequest


def ostoja(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    can = getattr(user, "has_capability", lambda capability: False)
    match = request.resolver_match
    section = match.app_name if match else ""
    if match and match.url_name == "home":
        section = "home"
    return {
        "centre_name": settings.OSTOJA_CENTRE_NAME,
        "centre_address": settings.OSTOJA_CENTRE_ADDRESS,
        "perms_registry_view": can("registry.view"),
        "perms_registry_edit": can("registry.edit"),
        "perms_registry_merge": can("registry.merge"),
        "perms_casework_view": can("casework.view"),
        "perms_benefits_view": can("benefits.view"),
        "perms_benefits_sign": can("benefits.sign"),
        "perms_benefits_admin": can("benefits.admin"),
        "perms_payments_view": can("payments.view"),
        "perms_partners_view": can("partners.view"),
        "perms_access_log": can("access_log.view"),
        "perms_staff_admin": can("staff.admin"),
        "nav": section,
    }
