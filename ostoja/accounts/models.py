from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ostoja.accounts.roles import CAPABILITIES, ROLES_SEEING_ALL_HOUSEHOLDS, Role


class Area(models.Model):
    """A rejon: the part of the gmina a social worker looks after."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    workers = models.ManyToManyField(
        "accounts.User", related_name="areas", blank=True, verbose_name=_("social workers")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # Set when the administrator gives a one-time password; the user then chooses their own
    # before anything else (see `ostoja.core.access.requires`).
    password_change_required = models.BooleanField(
        _("must choose a new password at the next login"), default=False
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("member of staff")
        verbose_name_plural = _("staff")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_capability(self, capability: str) -> bool:
        if not self.is_active or not self.role:
            return False
        return capability in CAPABILITIES[Role(self.role)]

    @property
    def sees_all_households(self) -> bool:
        return self.role in ROLES_SEEING_ALL_HOUSEHOLDS

    @property
    def is_social_worker(self) -> bool:
        return self.role == Role.SOCIAL_WORKER
