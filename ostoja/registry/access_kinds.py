"""The registry's screens that the access log records, with the name a person reads in the
access report (art. 15 GDPR). The codes are the ones the views pass to `record_access`."""

from django.utils.translation import gettext_lazy as _

from ostoja.core.audit import access_kind

PERSON_DETAIL = access_kind("person_detail", _("person's file"))
PERSON_EDIT = access_kind("person_edit", _("editing of the person's data"))
PERSON_MERGE = access_kind("person_merge", _("merging of duplicate records"))
DUPLICATE_WARNING = access_kind("duplicate_warning", _("warning about a possible duplicate"))
HOUSEHOLD_DETAIL = access_kind("household_detail", _("family's file"))
HEAD_CHANGE = access_kind("head_change", _("change of the head of a family"))
MEMBER_END = access_kind("member_end", _("end of membership of a family"))
MEMBER_EDIT = access_kind("member_edit", _("correction of membership of a family"))
SEARCH_RESULTS = access_kind("search_results", _("search results"))
START_PAGE = access_kind("start_page", _("start page"))
SEARCH_EXPORT = access_kind("search_export", _("export of search results"))
HOUSEHOLDS_EXPORT = access_kind("households_export", _("export of the list of families"))
# A family or a person asked for by id that is not in the user's scope (or does not exist).
OUT_OF_SCOPE = access_kind("registry.out_of_scope", _("a family or person outside one's scope"))
