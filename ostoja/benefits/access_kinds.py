"""The benefits' screens that the access log records, with the name a person reads in the access
report (art. 15 GDPR). The codes are the ones the views pass to `record_access`; the pages of
assessments, decisions and awards use theirs from here too, so that one module names every
screen of the app."""

from django.utils.translation import gettext_lazy as _

from ostoja.core.audit import access_kind

APPLICATION_LIST = access_kind("benefits.application_list", _("list of applications for benefits"))
APPLICATION_DETAIL = access_kind("benefits.application", _("application for benefits"))
APPLICATION_REGISTER = access_kind(
    "benefits.application_register", _("registering of an application for benefits")
)
ATTACHMENT_DOWNLOAD = access_kind(
    "benefits.attachment", _("document attached to an application for benefits")
)
ASSESSMENT_DETAIL = access_kind("benefits.assessment", _("assessment of the right to a benefit"))
DECISION_DETAIL = access_kind("benefits.decision", _("administrative decision on a benefit"))
DECISION_DOCUMENT = access_kind(
    "benefits.decision_document", _("document of an administrative decision on a benefit")
)
DECISION_REGISTER = access_kind("benefits.decision_register", _("register of decisions"))
# A run's page of the re-indexation (the list of runs and the progress show no person).
REINDEXATION_ITEMS = access_kind(
    "benefits.reindexation", _("benefits re-indexed after a change of the law")
)
AWARDS_PANEL = access_kind("benefits.awards", _("benefits granted to the family"))
# An application, a document, a decision or an award asked for by id that is not in the user's
# scope (or does not exist).
OUT_OF_SCOPE = access_kind(
    "benefits.out_of_scope", _("an application, decision or benefit outside one's scope")
)
