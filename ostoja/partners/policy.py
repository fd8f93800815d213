"""The directory's part of the access policy: institutions are no one's personal file, so every
role that refers or decides sees all of them; who may change the directory is a capability."""

from django.db.models import QuerySet

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.core.policy import has_capability, register_action, register_scope
from ostoja.partners.models import Institution


@register_scope(Institution)
def institutions_visible_to(user: User) -> QuerySet[Institution]:
    if not has_capability(user, Capability.PARTNERS_VIEW):
        return Institution.objects.none()
    return Institution.objects.all()


VIEW = register_action("partners.view", capability=Capability.PARTNERS_VIEW)
EDIT = register_action("partners.edit", capability=Capability.PARTNERS_EDIT)
