"""Registering applications and working on them: what is refused and what is kept."""

import datetime
import hashlib
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Channel,
    Disability,
    MemberFacts,
    PauseKind,
)
from ostoja.benefits.services.applications import (
    BenefitAsked,
    application_benefits_set,
    application_register,
    application_update,
    application_withdraw,
    attachment_add,
    member_facts_set,
    pause_end,
    pause_start,
)
from ostoja.benefits.tests.applications.conftest import Centre
from ostoja.core.models import ActionRecord
from ostoja.registry.tests.factories import PersonFactory

TODAY = datetime.date(2026, 3, 16)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def frozen_today() -> object:
    with time_machine.travel(
        datetime.datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw")), tick=False
    ) as traveller:
        yield traveller


def _register(centre: Centre, **overrides: object) -> Application:
    values: dict[str, object] = {
        "actor": centre.worker,
        "household": centre.family,
        "applicant": centre.mother,
        "act": Act.SOCIAL_ASSISTANCE,
        "received_on": datetime.date(2026, 3, 10),
        "channel": Channel.IN_PERSON,
        "benefits": [BenefitAsked(Benefit.ZASILEK_OKRESOWY)],
    }
    values.update(overrides)
    return application_register(**values)  # type: ignore[arg-type]


def test_registering_keeps_what_was_asked_and_prefills_the_members(centre: Centre) -> None:
    application = _register(
        centre,
        benefits=[
            BenefitAsked(Benefit.ZASILEK_OKRESOWY),
            BenefitAsked(Benefit.ZASILEK_CELOWY, purpose="opał", amount=Decimal("600.00")),
        ],
    )
    assert application.state == ApplicationState.REGISTERED
    assert application.handled_by == centre.worker
    assert sorted(application.requested.values_list("benefit", flat=True)) == [
        "zasilek_celowy",
        "zasilek_okresowy",
    ]
    assert set(application.member_facts.values_list("person_id", flat=True)) == {
        centre.mother.pk,
        centre.son.pk,
        centre.daughter.pk,
    }
    record = ActionRecord.objects.about(application).get()
    assert record.action == "benefits.applications_register"


def test_the_next_application_starts_from_the_facts_stated_before(centre: Centre) -> None:
    first = _register(centre, received_on=datetime.date(2025, 6, 2))
    member_facts_set(
        actor=centre.worker,
        application=first,
        person=centre.son,
        facts={"disability": Disability.CERTIFICATE, "in_education": True},
    )
    second = _register(centre)
    son = MemberFacts.objects.get(application=second, person=centre.son)
    assert son.disability == Disability.CERTIFICATE
    assert son.in_education is True


def test_a_family_benefit_application_runs_for_the_period_of_its_receipt(centre: Centre) -> None:
    # 10 March 2026 lies in the period 1 November 2025 – 31 October 2026 (art. 3 pkt 13 u.ś.r.).
    application = _register(
        centre, act=Act.FAMILY_BENEFITS, benefits=[BenefitAsked(Benefit.ZASILEK_RODZINNY)]
    )
    assert application.benefit_period_start == datetime.date(2025, 11, 1)


def test_refusals_name_their_fields(centre: Centre) -> None:
    stranger = PersonFactory(first_names="Piotr", surname="Obcy")
    with pytest.raises(ValidationError) as error:
        _register(
            centre,
            applicant=stranger,
            received_on=datetime.date(2026, 3, 17),  # tomorrow
            benefits=[BenefitAsked(Benefit.ZASILEK_RODZINNY)],
            handled_by=centre.accountant,
        )
    fields = error.value.message_dict
    assert fields["received_on"] == ["Ta data nie może być z przyszłości."]
    assert "benefits" in fields  # a family benefit under the Social Assistance Act
    assert "handled_by" in fields
    assert not Application.objects.exists()


def test_an_applicant_from_outside_the_family_is_refused(centre: Centre) -> None:
    stranger = PersonFactory(first_names="Piotr", surname="Obcy")
    with pytest.raises(ValidationError) as error:
        _register(centre, applicant=stranger)
    assert list(error.value.message_dict) == ["applicant"]


def test_no_benefit_and_a_benefit_twice_are_refused(centre: Centre) -> None:
    with pytest.raises(ValidationError) as error:
        _register(centre, benefits=[])
    assert list(error.value.message_dict) == ["benefits"]
    twice = [BenefitAsked(Benefit.POSILEK), BenefitAsked(Benefit.POSILEK)]
    with pytest.raises(ValidationError):
        _register(centre, benefits=twice)


def test_only_staff_who_see_the_family_register_for_it(centre: Centre) -> None:
    with pytest.raises(PermissionDenied):
        _register(centre, actor=centre.other_worker)  # another area's worker
    with pytest.raises(PermissionDenied):
        _register(centre, actor=centre.accountant)  # sees, but does not handle applications
    assert _register(centre, actor=centre.clerk).handled_by == centre.clerk


def test_an_update_from_an_old_version_is_refused(centre: Centre) -> None:
    from ostoja.core.locking import ConflictError

    application = _register(centre)
    application_update(
        actor=centre.worker, application=application, base_version=1, complicated=True
    )
    stale = Application.objects.get(pk=application.pk)
    stale.version = 1
    with pytest.raises(ConflictError):
        application_update(actor=centre.worker, application=stale, base_version=1, notes="x")
    assert Application.objects.get(pk=application.pk).complicated is True


def test_an_assessed_benefit_stays_on_the_application(centre: Centre) -> None:
    application = _register(centre)
    application_benefits_set(
        actor=centre.worker,
        application=application,
        benefits=[BenefitAsked(Benefit.POSILEK)],
    )
    assert list(application.requested.values_list("benefit", flat=True)) == ["posilek"]


def test_facts_are_only_about_members_and_care_only_for_others(centre: Centre) -> None:
    application = _register(centre)
    stranger = PersonFactory(first_names="Piotr", surname="Obcy")
    with pytest.raises(ValidationError) as error:
        member_facts_set(actor=centre.worker, application=application, person=stranger, facts={})
    assert list(error.value.message_dict) == ["person"]
    with pytest.raises(ValidationError) as error:
        member_facts_set(
            actor=centre.worker,
            application=application,
            person=centre.mother,
            facts={"cares_for": [centre.mother.pk]},
        )
    assert list(error.value.message_dict) == ["cares_for"]
    with pytest.raises(ValidationError) as error:
        member_facts_set(
            actor=centre.worker,
            application=application,
            person=centre.mother,
            facts={"annual_income": Decimal("-1")},
        )
    assert list(error.value.message_dict) == ["annual_income"]


def test_a_document_is_stored_under_its_checksum_once(centre: Centre) -> None:
    application = _register(centre)
    upload = SimpleUploadedFile("zaświadczenie Marii.pdf", PDF, content_type="text/plain")
    attachment = attachment_add(
        actor=centre.worker,
        application=application,
        name="Zaświadczenie o dochodach",
        upload=upload,
    )
    assert attachment.content_type == "application/pdf"  # from the bytes, not from the browser
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    stored = str(attachment.file.name)
    assert stored.endswith(attachment.sha256)
    assert "Marii" not in stored
    assert attachment.file.read() == PDF
    again = SimpleUploadedFile("kopia.pdf", PDF)
    with pytest.raises(ValidationError) as error:
        attachment_add(actor=centre.worker, application=application, name="Kopia", upload=again)
    assert list(error.value.message_dict) == ["file"]


def test_a_file_that_is_not_a_document_is_refused(centre: Centre) -> None:
    application = _register(centre)
    script = SimpleUploadedFile("skan.pdf", b"#!/bin/sh\necho\n", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        attachment_add(actor=centre.worker, application=application, name="Skan", upload=script)
    assert error.value.message_dict["file"] == ["Dołącz plik PDF albo skan (JPEG, PNG lub TIFF)."]
    empty = SimpleUploadedFile("pusty.png", b"")
    with pytest.raises(ValidationError):
        attachment_add(actor=centre.worker, application=application, name="Pusty", upload=empty)
    assert not application.attachments.exists()


@override_settings(OSTOJA_ATTACHMENT_MAX_MB=1)
def test_a_file_over_the_limit_is_refused(centre: Centre) -> None:
    application = _register(centre)
    big = SimpleUploadedFile("duzy.png", PNG + b"\x00" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        attachment_add(actor=centre.worker, application=application, name="Duży", upload=big)
    assert error.value.message_dict["file"] == ["Plik jest większy niż 1 MB."]


def test_a_suspension_stops_the_deadline_and_the_application(centre: Centre) -> None:
    application = _register(centre)
    pause = pause_start(
        actor=centre.worker,
        application=application,
        kind=PauseKind.SUSPENDED,
        starts_on=datetime.date(2026, 3, 11),
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.SUSPENDED
    with pytest.raises(ValidationError) as error:
        pause_start(
            actor=centre.worker,
            application=application,
            kind=PauseKind.PARTY_DELAY,
            starts_on=datetime.date(2026, 3, 12),
        )
    assert list(error.value.message_dict) == ["kind"]
    pause_end(actor=centre.worker, pause=pause, ends_on=datetime.date(2026, 3, 13))
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_PROGRESS
    with pytest.raises(ValidationError) as error:
        # 12 March lies in the period that has just ended
        pause_start(
            actor=centre.worker,
            application=application,
            kind=PauseKind.PARTY_DELAY,
            starts_on=datetime.date(2026, 3, 12),
        )
    assert list(error.value.message_dict) == ["starts_on"]


def test_a_pause_cannot_start_before_receipt_or_end_before_it_starts(centre: Centre) -> None:
    application = _register(centre)
    with pytest.raises(ValidationError) as error:
        pause_start(
            actor=centre.worker,
            application=application,
            kind=PauseKind.PARTY_DELAY,
            starts_on=datetime.date(2026, 3, 9),
        )
    assert list(error.value.message_dict) == ["starts_on"]
    pause = pause_start(
        actor=centre.worker,
        application=application,
        kind=PauseKind.PARTY_DELAY,
        starts_on=datetime.date(2026, 3, 12),
    )
    with pytest.raises(ValidationError) as error:
        pause_end(actor=centre.worker, pause=pause, ends_on=datetime.date(2026, 3, 11))
    assert list(error.value.message_dict) == ["ends_on"]


def test_a_withdrawn_application_is_closed_to_changes(centre: Centre) -> None:
    application = _register(centre)
    application_withdraw(
        actor=centre.worker, application=application, withdrawn_on=datetime.date(2026, 3, 12)
    )
    assert application.state == ApplicationState.WITHDRAWN
    with pytest.raises(PermissionDenied):
        member_facts_set(actor=centre.worker, application=application, person=centre.son, facts={})


def test_the_day_of_receipt_cannot_move_past_a_recorded_pause(centre: Centre) -> None:
    application = _register(centre)
    pause_start(
        actor=centre.worker,
        application=application,
        kind=PauseKind.PARTY_DELAY,
        starts_on=datetime.date(2026, 3, 11),
    )
    with pytest.raises(ValidationError) as error:
        application_update(
            actor=centre.worker,
            application=application,
            base_version=application.version,
            received_on=datetime.date(2026, 3, 12),
        )
    assert list(error.value.message_dict) == ["received_on"]
