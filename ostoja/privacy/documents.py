"""Files made from the access log: the CSV and XLSX exports and the access report PDF."""

import datetime
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ostoja.core.audit import access_kind_label
from ostoja.core.models import AccessLog, AccessLogPerson
from ostoja.core.templatetags.ostoja import masked_pesel
from ostoja.core.text import fold
from ostoja.privacy.selectors import GroupedRows, persons_by_id
from ostoja.registry.models import Person

EXPORT_CHUNK = 2000
# An export of 557 families is one event; its cell names the first persons and counts the rest.
PERSONS_PER_CELL = 50


def _chunks(rows: QuerySet[AccessLog] | GroupedRows) -> Iterator[list[AccessLog]]:
    iterator = rows.iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(iterator, EXPORT_CHUNK)):
        yield chunk


def person_name(person: Person | None, person_id: int) -> str:
    if person is None:
        return _("record no. %(id)s (not in the registry)") % {"id": person_id}
    return person.full_name


def _person_cell(person_ids: list[int], count: int, persons: dict[int, Person]) -> str:
    names = []
    for person_id in person_ids:
        person = persons.get(person_id)
        name = f"{person_name(person, person_id)} [{person_id}]"
        if person is not None and person.pesel:
            name += f" {masked_pesel(person.pesel)}"
        names.append(name)
    if count > len(person_ids):
        names.append(_("and %(count)s more") % {"count": count - len(person_ids)})
    return "; ".join(names)


def _persons_of_chunk(chunk: list[AccessLog]) -> dict[int, list[int]]:
    """The first persons of every event of the chunk, in one query."""
    result: dict[int, list[int]] = {}
    pairs = (
        AccessLogPerson.objects.filter(event_id__in=[row.pk for row in chunk])
        .annotate(rank=Window(RowNumber(), partition_by=F("event_id"), order_by=F("id").asc()))
        .filter(rank__lte=PERSONS_PER_CELL)
        .order_by("event_id", "id")
        .values_list("event_id", "person_id")
    )
    for event_id, person_id in pairs:
        result.setdefault(event_id, []).append(person_id)
    return result


def access_log_table(rows: QuerySet[AccessLog] | GroupedRows) -> Iterator[list[Any]]:
    """The header and then one list per event, persons looked up once per chunk of events."""
    yield [
        _("time"),
        _("username"),
        _("member of staff"),
        _("outcome"),
        _("response status"),
        _("screen (code)"),
        _("screen"),
        _("number of persons"),
        _("persons (record no., masked PESEL)"),
        _("address"),
    ]
    for chunk in _chunks(rows):
        ids_by_event = _persons_of_chunk(chunk)
        persons = persons_by_id(pid for ids in ids_by_event.values() for pid in ids)
        for row in chunk:
            yield [
                row.at,
                row.user.username,
                row.user.get_full_name(),
                row.get_outcome_display(),
                row.status,
                row.what,
                access_kind_label(row.what),
                row.person_count,
                _person_cell(ids_by_event.get(row.pk, []), row.person_count, persons),
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
