"""Social work's screens that the access log records, with the name a person reads in the
access report (art. 15 GDPR). The codes are the ones the views pass to `record_access`."""

from django.utils.translation import gettext_lazy as _

from ostoja.core.audit import access_kind

CASE_DETAIL = access_kind("casework.case_detail", _("case file of social work"))
CASE_LIST = access_kind("casework.case_list", _("list of case files"))
CASE_TIMELINE = access_kind("casework.timeline", _("timeline of the case"))
INTERVIEW_DETAIL = access_kind("casework.interview", _("environmental interview"))
INTERVIEW_FORM = access_kind("casework.interview_form", _("filling in of an interview"))
INTERVIEW_PDF = access_kind("casework.interview_pdf", _("print of an environmental interview"))
INTERVIEW_OFFLINE = access_kind(
    "casework.interview_offline", _("copy of an interview taken to work without a connection")
)
NOTE_DETAIL = access_kind("casework.note", _("record of social work"))
CONTRACT_DETAIL = access_kind("casework.contract", _("social contract"))
CONTRACT_PDF = access_kind("casework.contract_pdf", _("print of a social contract"))
COOPERATION = access_kind("casework.cooperation", _("events of the duty to cooperate"))
REFERRAL_DETAIL = access_kind("casework.referral", _("referral to an institution"))
WORKER_START = access_kind("casework.worker_start", _("social worker's deadlines"))
DIRECTOR_START = access_kind("casework.director_start", _("deadlines of social work"))
OUT_OF_SCOPE = access_kind(
    "casework.out_of_scope", _("a case or record of social work outside one's scope")
)
