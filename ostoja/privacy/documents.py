"""Files made from the access log: the CSV and XLSX exports and the access report PDF."""

import datetime
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ostoja.core.models import AccessLog
from ostoja.core.templatetags.ostoja import masked_pesel
from ostoja.core.text import fold
from ostoja.privacy.labels import what_label
from ostoja.privacy.selectors import persons_by_id
from ostoja.registry.models import Person

EXPORT_CHUNK = 2000


def _chunks(rows: QuerySet[AccessLog]) -> Iterator[list[AccessLog]]:
    iterator = rows.iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(iterator, EXPORT_CHUNK)):
        yield chunk


def person_name(person: Person | None, person_id: int) -> str:
    if person is None:
        return _("record no. %(id)s (not in the registry)") % {"id": person_id}
    return person.full_name


def access_log_table(rows: QuerySet[AccessLog]) -> Iterator[list[Any]]:
    """The header and then one list per row, persons looked up once per chunk of rows."""
    yield [
        _("date"),
        _("time"),
        _("username"),
        _("member of staff"),
        _("person's record no."),
        _("person"),
        _("PESEL (masked)"),
        _("what was shown (code)"),
        _("what was shown"),
        _("address"),
    ]
    for chunk in _chunks(rows):
        persons = persons_by_id(row.person_id for row in chunk)
        for row in chunk:
            person = persons.get(row.person_id)
            at = timezone.localtime(row.at)
            yield [
                at.strftime("%d.%m.%Y"),
                at.strftime("%H:%M:%S"),
                row.user.username,
                row.user.get_full_name(),
                row.person_id,
                person_name(person, row.person_id),
                masked_pesel(person.pesel) if person else "",
                row.what,
                what_label(row.what),
                row.route,
            ]


def export_filename() -> str:
    """The download's name without extension: "rejestr-dostepu-2026-11-27"."""
    return f"{slugify(fold(_('access log')))}-{timezone.localdate().isoformat()}"


def report_filename(person: Person, day: datetime.date) -> str:
    """A name that tells the officer what the file is, without the PESEL in it."""
    parts = [fold(_("access report")), fold(person.surname), fold(person.first_names), str(day)]
    return slugify(" ".join(parts)) + ".pdf"


def access_report_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs every command a second

    context = {
        "centre_name": settings.OSTOJA_CENTRE_NAME,
        "centre_address": settings.OSTOJA_CENTRE_ADDRESS,
        **context,
    }
    html = render_to_string("privacy/access_report_pdf.html", context)
    pdf = HTML(string=html).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def report_rows(rows: Iterable[AccessLog]) -> list[dict[str, Any]]:
    result = []
    for row in rows:
        at = timezone.localtime(row.at)
        result.append(
            {
                "at": at,
                "who": row.user.get_full_name() or row.user.username,
                "role": row.user.get_role_display(),
                "what": what_label(row.what),
            }
        )
    return result
