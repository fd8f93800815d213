"""The screens of the data protection officer that the access log records."""

from django.utils.translation import gettext_lazy as _

from ostoja.core.audit import access_kind

ACCESS_REPORT = access_kind("access_report", _("access report (art. 15 GDPR)"))
ACCESS_LOG = access_kind("privacy.access_log", _("access log"))
ACCESS_LOG_EXPORT = access_kind("privacy.access_log_export", _("export of the access log"))
