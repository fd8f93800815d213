"""The month's ZUS documents as downloads: each is made, handed over and recorded as an action
with the file's SHA-256, as the bank files are."""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.core.actions import action_kind, record_action
from ostoja.core.services import require
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import ZusMonth
from ostoja.payments.models.common import month_start
from ostoja.payments.zus import kedu

DOCUMENT_EXPORT = action_kind(
    "payments.zus_document_export",
    gettext_lazy("ZUS document downloaded"),
    gettext_lazy("%(document)s, SHA-256 %(sha256)s"),
)

KEDU, CONTRIBUTIONS, DOCUMENTS, SETTLEMENT, YEAR_MONTHS, YEAR_PERSONS = (
    "kedu",
    "rza",
    "zza_zwua",
    "dra",
    "rok_miesiace",
    "rok_osoby",
)
CSV_TYPE = "text/csv; charset=utf-8"

_TABLES: dict[str, tuple[str, Callable[[datetime.date], list[kedu.Row]]]] = {
    CONTRIBUTIONS: ("RZA-{month:%Y-%m}.csv", kedu.month_table),
    DOCUMENTS: ("ZZA-ZWUA-{month:%Y-%m}.csv", kedu.documents_table),
    SETTLEMENT: ("DRA-{month:%Y-%m}.csv", kedu.settlement_table),
    YEAR_MONTHS: ("skladki-{month:%Y}-miesiace.csv", lambda m: kedu.year_months_table(m.year)),
    YEAR_PERSONS: ("skladki-{month:%Y}-osoby.csv", lambda m: kedu.year_persons_table(m.year)),
}
DOCUMENTS_OFFERED = (KEDU, *_TABLES)


@dataclass(frozen=True)
class ZusFile:
    name: str
    content_type: str
    data: bytes
    sha256: str
    # Persons left out of a KEDU file (no PESEL), to enter in Płatnik by hand.
    left_out: tuple[str, ...] = ()


@transaction.atomic
def zus_document_export(*, actor: User, document: str, month: datetime.date) -> ZusFile:
    """One of `DOCUMENTS_OFFERED` for `month` (for the year's tables, the month's year)."""
    require(actor, payments_policy.PREPARE)
    month = month_start(month)
    left_out: tuple[str, ...] = ()
    if document == KEDU:
        made = kedu.month_kedu(month)
        name, content_type, data, left_out = made.name, "application/xml", made.data, made.left_out
    elif document in _TABLES:
        pattern, table = _TABLES[document]
        name, content_type, data = (
            pattern.format(month=month),
            CSV_TYPE,
            kedu.csv_bytes(table(month)),
        )
    else:
        raise ValidationError(_("Choose one of the ZUS documents offered."))
    digest = hashlib.sha256(data).hexdigest()
    subjects = list(ZusMonth.objects.filter(month=month))
    record_action(
        actor=actor,
        action=DOCUMENT_EXPORT,
        subjects=subjects,
        details={"document": name, "sha256": digest, "month": f"{month:%m.%Y}"},
    )
    return ZusFile(name, content_type, data, digest, left_out)
