"""Printed documents of social work: the environmental interview laid out like the paper form,
the empty form to fill in by hand, and the social contract.

Made with WeasyPrint from HTML templates (`casework/print/`), as the access report is. The
interview follows the questionnaire definition it was filled on (`ostoja.casework.questionnaire`);
the contract follows the template of rozporządzenie MPiPS z 8 listopada 2010 r. w sprawie wzoru
kontraktu socjalnego (Dz.U. 2010 nr 218 poz. 1439): variant A is parts I A + II A (solving a
difficult life situation), variant B parts I B + II B (strengthening activity, preventing social
exclusion).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ostoja.casework.models import (
    ContractEnd,
    ContractObligation,
    ContractVariant,
    Party,
    SocialContract,
)
from ostoja.core.money import format_pln
from ostoja.core.text import fold

# A contract not yet reviewed prints empty rows for the reviews to be written in by hand.
BLANK_REVIEW_ROWS = 3

CONTRACT_LEGAL_BASIS = (
    "art. 108 ustawy z dnia 12 marca 2004 r. o pomocy społecznej; wzór: rozporządzenie Ministra "
    "Pracy i Polityki Społecznej z dnia 8 listopada 2010 r. w sprawie wzoru kontraktu "
    "socjalnego (Dz. U. Nr 218, poz. 1439)"
)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The template rendered to PDF, with the centre's name and address in the context."""
    from weasyprint import HTML  # imported here: loading it costs every command a second

    context = {
        "centre_name": settings.OSTOJA_CENTRE_NAME,
        "centre_address": settings.OSTOJA_CENTRE_ADDRESS,
        "generated": timezone.localtime(),
        **context,
    }
    html = render_to_string(template, context)
    pdf = HTML(string=html).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def pdf_filename(what: str, day: datetime.date | None, *extra: str) -> str:
    """An ASCII file name that says what the file is: "wywiad-2026-12-02.pdf"."""
    parts = [fold(what), *(fold(part) for part in extra)]
    if day is not None:
        parts.append(day.isoformat())
    return slugify(" ".join(parts)) + ".pdf"


# ---------------------------------------------------------------------------------------------
# The social contract
# ---------------------------------------------------------------------------------------------


def budget_total(obligations: list[ContractObligation]) -> Decimal:
    """The budget of help: the planned costs of the obligations, in total."""
    return sum((o.amount for o in obligations if o.amount is not None), Decimal("0"))


def contract_person_ids(contract: SocialContract) -> list[int]:
    """The persons the printed contract names: its client."""
    return [contract.person_id]


def contract_filename(contract: SocialContract) -> str:
    return pdf_filename(_("social contract"), contract.signed_on or contract.valid_from)


def _contract_labels(variant: str) -> dict[str, str]:
    if variant == ContractVariant.ACTIVATION:
        return {
            "subtitle": _(
                "defining how the person and the social worker cooperate to strengthen the "
                "person's activity and independence in life and work or to prevent social "
                "exclusion (parts I B and II B)"
            ),
            "client_label": _("Person"),
            "situation_label": _("Assessment of the person's situation"),
            "client_obligations_label": _("Obligations of the person"),
            "client_signature_label": _("signature of the person"),
        }
    return {
        "subtitle": _(
            "defining how the person or family and the social worker cooperate in solving a "
            "difficult life situation (parts I A and II A)"
        ),
        "client_label": _("Person (for a family: its representative)"),
        "situation_label": _("Assessment of the life situation of the person or family"),
        "client_obligations_label": _("Obligations of the person or family"),
        "client_signature_label": _("signature of the person or members of the family"),
    }


def contract_context(contract: SocialContract) -> dict[str, Any]:
    obligations = list(contract.obligations.order_by("party", "position", "pk"))
    client_obligations = [o for o in obligations if o.party == Party.CLIENT]
    centre_obligations = [o for o in obligations if o.party == Party.CENTRE]
    client = contract.person
    address = client.actual_address
    if address.is_empty:
        address = contract.case.household.address
    worker_name = contract.worker.get_full_name() or contract.worker.username
    day = contract.signed_on or contract.valid_from
    return {
        "contract": contract,
        "client": client,
        "client_address": str(address),
        "worker_name": worker_name,
        "legal_basis": CONTRACT_LEGAL_BASIS,
        "client_obligations": client_obligations,
        "centre_obligations": [
            {"obligation": o, "amount": format_pln(o.amount)} for o in centre_obligations
        ],
        "budget_total": format_pln(budget_total(centre_obligations)),
        "reviews": list(contract.reviews.select_related("reviewed_by")),
        "blank_review_rows": range(BLANK_REVIEW_ROWS),
        "end_options": [label for _code, label in ContractEnd.choices],
        "footer": f"{_('Social contract')}: {client.full_name}, {day:%d.%m.%Y}",
        "director_signature": False,
        **_contract_labels(contract.variant),
    }


def contract_pdf(contract: SocialContract) -> bytes:
    """The social contract as the 2010 template lays it out, for its variant."""
    return render_pdf("casework/print/contract.html", contract_context(contract))
