"""Reads of social work's referrals for the screens; every query starts from the access policy."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.casework.models import Referral, ReferralKind, ReferralState
from ostoja.casework.timeline import TimelineEntry
from ostoja.core.policy import visible_to
from ostoja.partners.models import InstitutionKind

REFERRAL_KIND = gettext_lazy("Referral")

# The kind of institution a kind of referral goes to; "other help" may go anywhere.
INSTITUTION_KIND_FOR = {
    ReferralKind.ADDICTION_TREATMENT: InstitutionKind.ADDICTION_TREATMENT,
    ReferralKind.COUNSELLING: InstitutionKind.COUNSELLING,
    ReferralKind.PSYCHOLOGIST: InstitutionKind.PSYCHOLOGIST,
    ReferralKind.FAMILY_ASSISTANT: InstitutionKind.FAMILY_SUPPORT,
    ReferralKind.LABOUR_OFFICE: InstitutionKind.LABOUR_OFFICE,
    ReferralKind.NGO: InstitutionKind.NGO,
    ReferralKind.CARE_HOME: InstitutionKind.CARE_HOME,
    ReferralKind.DAY_CENTRE: InstitutionKind.DAY_CENTRE,
    ReferralKind.HEALTH_CARE: InstitutionKind.HEALTH_CARE,
}

STATE_BADGES = {
    ReferralState.SENT: "text-bg-info",
    ReferralState.ACCEPTED: "text-bg-success",
    ReferralState.REFUSED: "text-bg-danger",
    ReferralState.COMPLETED: "text-bg-secondary",
}


def referrals_of(user: Any, case: Any) -> QuerySet[Referral]:
    """The case's referrals the user may see, newest first."""
    referrals: QuerySet[Referral] = visible_to(user, Referral)
    return (
        referrals.filter(case_id=case.pk)
        .select_related("person", "institution", "sent_by")
        .order_by("-sent_on", "-pk")
    )


def timeline(case: Any, user: Any) -> list[TimelineEntry]:
    """This area's entries of the case's timeline that the user may see: each referral's
    sending, the institution's answer, its feedback and the end."""
    entries: list[TimelineEntry] = []
    kind = str(REFERRAL_KIND)
    for referral in referrals_of(user, case):
        url = reverse("casework:referral_detail", args=[referral.pk])
        persons = (referral.person_id,)
        where = referral.institution.name
        entries.append(
            TimelineEntry(
                on=referral.sent_on,
                kind=kind,
                title=_("Referral sent: %(kind)s") % {"kind": referral.get_kind_display()},
                summary=f"{where}: {referral.purpose[:120]}",
                url=url,
                at=referral.created_at,
                person_ids=persons,
            )
        )
        if referral.answered_on:
            refused = referral.state == ReferralState.REFUSED
            entries.append(
                TimelineEntry(
                    on=referral.answered_on,
                    kind=kind,
                    title=_("Referral refused") if refused else _("Referral accepted"),
                    summary=where,
                    url=url,
                    at=referral.answered_at,
                    person_ids=persons,
                )
            )
        if referral.feedback_on:
            entries.append(
                TimelineEntry(
                    on=referral.feedback_on,
                    kind=kind,
                    title=_("Feedback from the institution"),
                    summary=f"{where}: {referral.feedback[:120]}",
                    url=url,
                    at=referral.feedback_at,
                    person_ids=persons,
                )
            )
        if referral.completed_on:
            entries.append(
                TimelineEntry(
                    on=referral.completed_on,
                    kind=kind,
                    title=_("Referral completed"),
                    summary=where,
                    url=url,
                    at=referral.completed_at,
                    state=str(referral.get_state_display()),
                    person_ids=persons,
                )
            )
    return entries
