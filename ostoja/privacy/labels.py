"""Human names for the codes the access log stores in `what`."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACCESS_REPORT = "access_report"

WHAT_LABELS: dict[str, Promise] = {
    "person_detail": _("person's file"),
    "person_edit": _("editing of the person's data"),
    "person_merge": _("merging of duplicate records"),
    "household_detail": _("family's file"),
    "member_end": _("end of membership of a family"),
    "member_edit": _("correction of membership of a family"),
    "search_results": _("search results"),
    "start_page": _("start page"),
    "search_export": _("export of search results"),
    "households_export": _("export of the list of families"),
    ACCESS_REPORT: _("access report (art. 15 GDPR)"),
}


def what_label(code: str) -> str:
    """The label of a code; an unknown code (from a newer screen) is shown as it is."""
    label = WHAT_LABELS.get(code)
    return str(label) if label is not None else code


def what_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in WHAT_LABELS.items()]
