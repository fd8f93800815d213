"""The small forms of the decision's page: signing, returning, discarding, delivery, the waiver
of the appeal, the appeal and its way to the board."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostoja.benefits.forms.decisions.common import (
    DATE_WIDGET,
    label_of,
)
from ostoja.benefits.models import (
    AppealOutcome,
    Decision,
    DeliveryMethod,
)


def _today() -> datetime.date:
    return timezone.localdate()


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    """Nothing to fill in: the button sends the draft for signature."""


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("what is to be corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class DiscardForm(forms.Form):
    reason = forms.CharField(
        label=_("why the draft is discarded"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(
        label=label_of(Decision, "delivery_method"),
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    delivered_on = forms.DateField(
        label=label_of(Decision, "delivered_on"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_(
            "The day on the return receipt, of the handing over, or of the refusal. Not "
            "needed for a letter not collected: it is deemed delivered on the 14th day after "
            "the first notice (art. 44 § 4 k.p.a.)."
        ),
    )
    first_notice_on = forms.DateField(
        label=label_of(Decision, "first_notice_on"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Only for a letter not collected: the day of the first notice (awizo)."),
    )


class WaiverForm(forms.Form):
    received_on = forms.DateField(
        label=label_of(Decision, "waiver_received_on"),
        widget=DATE_WIDGET,
        help_text=_("The decision is final on this day (art. 127a k.p.a.)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = _today()


class AppealForm(forms.Form):
    received_on = forms.DateField(
        label=_("appeal received on"),
        widget=DATE_WIDGET,
        help_text=_("The day the appeal reached the centre (art. 129 § 1 k.p.a.)."),
    )
    posted_on = forms.DateField(
        label=_("posted on"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("The postmark, when it came by post (art. 57 § 5 k.p.a.)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = _today()


class AppealSendForm(forms.Form):
    sent_on = forms.DateField(label=_("sent to the board on"), widget=DATE_WIDGET)
    reply = forms.CharField(
        label=_("the centre's position"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Sent with the appeal and the case file (art. 133 k.p.a.)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = _today()


class AppealOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=AppealOutcome.choices)
    outcome_on = forms.DateField(
        label=_("date of the outcome"),
        widget=DATE_WIDGET,
        help_text=_("The date the board's decision bears."),
    )
    board_reference = forms.CharField(
        label=_("the board's reference"),
        max_length=80,
        required=False,
        help_text=_("Not needed when the centre changed its decision itself (art. 132)."),
    )
