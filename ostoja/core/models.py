"""Shared model bases and the append-only access log."""

from typing import Any, NoReturn

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """A row that knows when it was created and last changed, and carries a version for
    optimistic locking: a save based on an older version is refused (see `core.locking`)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of a trail (access log, actions)."""


class AppendOnlyQuerySet[M: models.Model](models.QuerySet[M]):
    """Rows are added, never changed nor deleted in bulk."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only.")


class AppendOnlyModel(models.Model):
    """A row of a trail: saved once, never changed, never deleted (on PostgreSQL triggers refuse
    it too, whatever client asks)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only.")


class AccessLogQuerySet(AppendOnlyQuerySet["AccessLog"]):
    pass


class AccessLog(AppendOnlyModel):
    """One event for every response that showed persons' data (outcome "shown", the persons in
    `AccessLogPerson`) or refused a look (outcome "refused", no person: a refusal must not tell
    whether the person exists). Never updated, never deleted.

    `what` is a kind registered with `ostoja.core.audit.access_kind`.
    """

    class Outcome(models.TextChoices):
        SHOWN = "shown", _("shown")
        REFUSED = "refused", _("refused")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    what = models.CharField(_("what was shown"), max_length=64)
    route = models.CharField(_("address"), max_length=300)
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.SHOWN
    )
    status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    person_count = models.PositiveIntegerField(_("number of persons"), default=0)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "at"]),
            models.Index(fields=["what", "-at"], name="core_accesslog_what_at"),
            models.Index(fields=["outcome", "at"], name="core_accesslog_outcome_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.what} {self.outcome}"


class AccessLogPersonQuerySet(AppendOnlyQuerySet["AccessLogPerson"]):
    pass


class AccessLogPerson(AppendOnlyModel):
    """A person an access event showed. `person_id` is a plain number, not a foreign key: the
    log outlives any change to the registry and must not cascade."""

    event = models.ForeignKey(
        AccessLog, on_delete=models.PROTECT, related_name="persons", db_index=False
    )
    person_id = models.BigIntegerField(_("person"))

    objects = AccessLogPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person in an access log entry")
        verbose_name_plural = _("persons in access log entries")
        indexes = [models.Index(fields=["person_id", "event"], name="core_accesslog_person_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person_id"], name="core_accesslog_person_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.person_id}"


class ActionRecordQuerySet(AppendOnlyQuerySet["ActionRecord"]):
    def about(self, instance: models.Model) -> "ActionRecordQuerySet":
        """The actions that touched this record (a household, a person, an area, a user)."""
        return self.filter(
            subjects__kind=instance._meta.label_lower, subjects__object_id=instance.pk
        )


class ActionRecord(AppendOnlyModel):
    """One use case carried out by a member of staff: who did what, on which records, with
    which details. Written by the service in the same transaction as the change itself, so
    the trail and the data never disagree. Never updated, never deleted.

    The kinds of action and their Polish labels are registered in `ostoja.core.actions`.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    action = models.CharField(_("action"), max_length=64)
    details = models.JSONField(_("details"), default=dict, encoder=DjangoJSONEncoder)

    objects = ActionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("action record")
        verbose_name_plural = _("action records")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action}"


class ActionSubject(AppendOnlyModel):
    """A record an action touched, by model label ("registry.household") and id. A plain id,
    not a foreign key: the trail outlives the records and must not cascade."""

    record = models.ForeignKey(ActionRecord, on_delete=models.PROTECT, related_name="subjects")
    kind = models.CharField(max_length=64)
    object_id = models.BigIntegerField()

    objects = AppendOnlyQuerySet["ActionSubject"].as_manager()

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id"], name="action_subject_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "kind", "object_id"], name="action_subject_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
