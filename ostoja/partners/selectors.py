"""Reads of the directory for the screens; every query starts from the access policy."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ostoja.core.collation import polish
from ostoja.core.policy import visible_to
from ostoja.core.tables import Column
from ostoja.partners.models import Institution


def institution_list(user: Any, filters: dict[str, Any]) -> QuerySet[Institution]:
    institutions: QuerySet[Institution] = visible_to(user, Institution)
    text = (filters.get("q") or "").strip()
    if text:
        digits = "".join(ch for ch in text if ch.isdigit())
        match = Q(name__icontains=text) | Q(town__icontains=text)
        if digits:
            match |= Q(nip__startswith=digits) | Q(regon__startswith=digits)
        institutions = institutions.filter(match)
    if filters.get("kind"):
        institutions = institutions.filter(kind=filters["kind"])
    if filters.get("active") == "tak":
        institutions = institutions.filter(active=True)
    elif filters.get("active") == "nie":
        institutions = institutions.filter(active=False)
    return institutions


def institution_columns() -> list[Column]:
    return [
        Column("nazwa", _("name"), (polish("name"),)),
        Column("rodzaj", _("kind"), ("kind",), then=(polish("name"),)),
        Column("miejscowosc", _("town"), (polish("town"),), then=(polish("name"),)),
        Column("aktywna", _("active"), ("active",), then=(polish("name"),)),
    ]


def institution_get(user: Any, institution_id: int) -> Institution:
    institutions: QuerySet[Institution] = visible_to(user, Institution)
    return institutions.get(pk=institution_id)


def referrals_to(user: Any, institution: Institution) -> QuerySet[Any]:
    """The referrals to the institution that the user may see (her cases only). Social work
    sits above the directory, so its model is reached through the relation, not imported."""
    referral_model = Institution._meta.get_field("referrals").related_model
    referrals: QuerySet[Any] = visible_to(user, referral_model)
    return (
        referrals.filter(institution=institution)
        .select_related("person", "case")
        .order_by("-sent_on", "-pk")
    )


def active_institutions(user: Any, kind: str = "") -> QuerySet[Institution]:
    """What a new referral may go to: active institutions, of the kind when given."""
    institutions: QuerySet[Institution] = visible_to(user, Institution)
    institutions = institutions.filter(active=True)
    if kind:
        institutions = institutions.filter(kind=kind)
    return institutions.order_by(polish("name"), "pk")
