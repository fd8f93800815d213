"""The demo's payment settings: the centre's (invented, checksum-valid) account at a bank, so
that the accountant can run the month, approve it and download its files straight away. The
lists themselves are not made here: running the month is the demo's first job."""

import datetime

from django.utils.translation import gettext as _

from ostoja.payments.defaults import seed as seed_defaults
from ostoja.payments.models import BenefitPayment, PaymentSettings
from ostoja.registry.demo import nrb_for

# An invented account of the gmina's cooperative bank (sort code of a real bank's format).
DEMO_CENTRE_ACCOUNT = nrb_for("10901014", "0000071219812874")


def seed(today: datetime.date) -> str:
    seed_defaults(BenefitPayment, PaymentSettings)
    PaymentSettings.objects.filter(pk=1, centre_account="").update(
        centre_account=DEMO_CENTRE_ACCOUNT, bank_name="Bank Spółdzielczy w Dębowie"
    )
    return _("payments: the centre's account set, the month's lists to generate")
