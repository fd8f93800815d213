"""The payment settings' pages under /wyplaty/ustawienia/: the centre's account and its bank's
import settings, and per benefit its classification, funding, day of payment and title. For
`payments.admin` (accounting); no personal data."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.benefits.views.common import staff
from ostoja.core.access import requires
from ostoja.core.policy import can
from ostoja.payments import policy as payments_policy
from ostoja.payments.bankfiles import render_title
from ostoja.payments.forms import BenefitPaymentForm, PaymentSettingsForm
from ostoja.payments.models import BenefitPayment, PaymentSettings
from ostoja.payments.services import settings as services
from ostoja.payments.services.settings import LONGEST_VALUES
from ostoja.registry.views.common import add_service_errors


def _admin(request: HttpRequest) -> User:
    user = staff(request)
    if not can(user, payments_policy.ADMIN):
        raise PermissionDenied
    return user


@requires(Capability.PAYMENTS_ADMIN)
def payment_settings(request: HttpRequest) -> HttpResponseBase:
    user = _admin(request)
    row = PaymentSettings.objects.get(pk=1)
    form = PaymentSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_settings_update(actor=user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The payment settings are saved."))
            return redirect("payments:settings")
    benefits = [
        (payment, " | ".join(render_title(payment.title_template, LONGEST_VALUES)))
        for payment in BenefitPayment.objects.all()
    ]
    return render(
        request,
        "payments/settings.html",
        {"form": form, "benefits": benefits, "first_month": row.first_month},
    )


@requires(Capability.PAYMENTS_ADMIN)
def benefit_payment_edit(request: HttpRequest, benefit: str) -> HttpResponseBase:
    user = _admin(request)
    payment = BenefitPayment.objects.filter(benefit=benefit).first()
    if payment is None:
        raise Http404
    form = BenefitPaymentForm(request.POST or None, instance=payment)
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_payment_update(
                actor=user, benefit_payment=payment, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The payment of %(benefit)s is saved.")
                % {"benefit": payment.get_benefit_display()},
            )
            return redirect("payments:settings")
    return render(request, "payments/benefit_payment_form.html", {"form": form, "payment": payment})
