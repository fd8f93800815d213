"""The payment screens the access log records, with the name a person reads in the access
report (art. 15 GDPR)."""

from django.utils.translation import gettext_lazy as _

from ostoja.core.audit import access_kind

LIST_ITEMS = access_kind("payments.list", _("payment list"))
LIST_EXPORT = access_kind("payments.list_export", _("payment list exported to a file"))
ITEM_DETAIL = access_kind("payments.item", _("payment of a benefit"))
RETURNS = access_kind("payments.returns", _("returned transfers"))
BACK_AT_CENTRE = access_kind("payments.back_at_centre", _("payments to make again"))
ZUS_MONTH = access_kind("payments.zus_month", _("health contributions paid to ZUS"))
ZUS_YEAR = access_kind("payments.zus_year", _("health contributions of the year"))
ZUS_FILE = access_kind("payments.zus_file", _("file of health contributions for ZUS"))
DEBTS = access_kind("payments.debts", _("debts of undue benefits"))
DEBT = access_kind("payments.debt", _("debt of an undue benefit"))
REMINDER = access_kind("payments.reminder", _("reminder to repay an undue benefit"))
OVERPAYMENTS = access_kind("payments.overpayments", _("overpayments to settle"))
