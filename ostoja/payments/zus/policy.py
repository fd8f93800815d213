"""Who sees the ZUS records: as the payment lists, the roles that see all households and hold
`payments.view`. The services ask `payments.prepare` to record registrations and prepare a
month, `payments.approve` to declare it and `payments.admin` to change the payer's data."""

from django.db.models import QuerySet

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.core.policy import has_capability, register_scope
from ostoja.payments.models import ZusContribution, ZusMonth, ZusOtherTitle, ZusRegistration


def _sees_payments(user: User) -> bool:
    return has_capability(user, Capability.PAYMENTS_VIEW) and user.sees_all_households


@register_scope(ZusRegistration)
def _registrations(user: User) -> QuerySet[ZusRegistration]:
    if not _sees_payments(user):
        return ZusRegistration.objects.none()
    return ZusRegistration.objects.all()


@register_scope(ZusOtherTitle)
def _other_titles(user: User) -> QuerySet[ZusOtherTitle]:
    if not _sees_payments(user):
        return ZusOtherTitle.objects.none()
    return ZusOtherTitle.objects.all()


@register_scope(ZusMonth)
def _months(user: User) -> QuerySet[ZusMonth]:
    if not _sees_payments(user):
        return ZusMonth.objects.none()
    return ZusMonth.objects.all()


@register_scope(ZusContribution)
def _contributions(user: User) -> QuerySet[ZusContribution]:
    if not _sees_payments(user):
        return ZusContribution.objects.none()
    return ZusContribution.objects.all()
