"""The centre's own DOCX templates of decisions. A template is accepted only after it rendered
a sample decision without an error and without an unknown field; the default templates ship
with Ostoja and serve where the centre has none."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ostoja.benefits.catalogue import Act
from ostoja.benefits.models.decisions import DecisionKind


def template_path(instance: "DocumentTemplate", filename: str) -> str:
    return f"benefits/templates/{instance.sha256}.docx"


class DocumentTemplate(models.Model):
    kind = models.CharField(_("kind of decision"), max_length=12, choices=DecisionKind.choices)
    act = models.CharField(_("act"), max_length=3, choices=Act.choices)
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to=template_path, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision template")
        verbose_name_plural = _("decision templates")
        ordering = ["act", "kind", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "act"],
                condition=Q(active=True),
                name="template_one_active_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name
