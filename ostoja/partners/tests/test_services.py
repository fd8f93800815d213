"""The directory's services: normalised identifiers, duplicates refused by name, optimistic
locking, (de)activation, and who may change the directory."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.core.locking import ConflictError
from ostoja.core.models import ActionRecord
from ostoja.partners import services
from ostoja.partners.models import Institution
from ostoja.partners.tests.factories import InstitutionFactory
from ostoja.partners.tests.test_validators import VALID_NIP, VALID_REGON_9

pytestmark = pytest.mark.django_db


def _data(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Poradnia Leczenia Uzależnień „Nadzieja”",
        "kind": "leczenie_uzaleznien",
        "town": "Dębowo",
        **changes,
    }


def test_create_normalises_the_identifiers(social_worker: Any) -> None:
    institution = services.institution_create(
        actor=social_worker,
        data=_data(
            nip="PL 526-000-12-46",
            regon=f"{VALID_REGON_9[:3]} {VALID_REGON_9[3:]}",
            krs="0000 123 456",
            postcode="00950",
            phone="600100200",
        ),
    )
    institution.refresh_from_db()
    assert institution.nip == VALID_NIP
    assert institution.regon == VALID_REGON_9
    assert institution.krs == "0000123456"
    assert institution.postcode == "00-950"
    assert institution.phone == "600 100 200"
    action = ActionRecord.objects.about(institution).get()
    assert action.action == "partners.institution_create"


def test_create_refused_without_the_capability(benefits_clerk: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.institution_create(actor=benefits_clerk, data=_data())
    assert not Institution.objects.exists()


def test_bad_identifiers_are_messages_on_their_fields(social_worker: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.institution_create(
            actor=social_worker, data=_data(nip="5260001247", regon="123456789", krs="12")
        )
    messages = error.value.message_dict
    assert messages["nip"] == ["NIP ma 10 cyfr; sprawdź ostatnią, cyfrę kontrolną."]
    assert "regon" in messages
    assert messages["krs"] == ["Numer KRS ma 10 cyfr."]


def test_a_duplicate_nip_or_regon_names_the_existing_one(social_worker: Any) -> None:
    InstitutionFactory(name="Stowarzyszenie Pomocna Dłoń", nip=VALID_NIP, regon=VALID_REGON_9)
    with pytest.raises(ValidationError) as error:
        services.institution_create(
            actor=social_worker, data=_data(nip=VALID_NIP, regon=VALID_REGON_9)
        )
    messages = error.value.message_dict
    assert messages["nip"] == [
        f"NIP {VALID_NIP} jest już zapisany dla „Stowarzyszenie Pomocna Dłoń”."
    ]
    assert "Stowarzyszenie Pomocna Dłoń" in messages["regon"][0]


def test_update_changes_and_records_the_fields(social_worker: Any) -> None:
    institution = InstitutionFactory()
    services.institution_update(
        actor=social_worker,
        institution=institution,
        version=institution.version,
        data={"phone": "22 123 45 67", "offer": "Terapia indywidualna"},
    )
    institution.refresh_from_db()
    assert institution.phone == "22 123 45 67"
    assert institution.version == 2
    action = ActionRecord.objects.about(institution).get()
    assert action.action == "partners.institution_update"
    assert "telefon" in action.details["fields"]


def test_update_keeps_its_own_nip(social_worker: Any) -> None:
    institution = InstitutionFactory(nip=VALID_NIP)
    services.institution_update(
        actor=social_worker, institution=institution, version=1, data={"nip": VALID_NIP}
    )


def test_update_on_an_old_version_is_a_conflict(social_worker: Any) -> None:
    institution = InstitutionFactory()
    services.institution_update(
        actor=social_worker, institution=institution, version=1, data={"town": "Lipowo"}
    )
    stale = Institution.objects.get(pk=institution.pk)
    with pytest.raises(ConflictError):
        services.institution_update(
            actor=social_worker, institution=stale, version=1, data={"town": "Klonowo"}
        )


def test_update_refused_without_the_capability(benefits_clerk: Any) -> None:
    institution = InstitutionFactory()
    with pytest.raises(PermissionDenied):
        services.institution_update(
            actor=benefits_clerk, institution=institution, version=1, data={"town": "X"}
        )


def test_unknown_fields_are_a_programming_error(social_worker: Any) -> None:
    with pytest.raises(TypeError):
        services.institution_create(actor=social_worker, data=_data(active=False))


def test_deactivate_and_activate(social_worker: Any) -> None:
    institution = InstitutionFactory()
    services.institution_deactivate(actor=social_worker, institution=institution)
    institution.refresh_from_db()
    assert not institution.active
    services.institution_deactivate(actor=social_worker, institution=institution)
    services.institution_activate(actor=social_worker, institution=institution)
    institution.refresh_from_db()
    assert institution.active
    kinds = list(
        ActionRecord.objects.about(institution).order_by("pk").values_list("action", flat=True)
    )
    assert kinds == ["partners.institution_deactivate", "partners.institution_activate"]


def test_deactivate_refused_without_the_capability(benefits_clerk: Any) -> None:
    institution = InstitutionFactory()
    with pytest.raises(PermissionDenied):
        services.institution_deactivate(actor=benefits_clerk, institution=institution)


def test_the_database_holds_one_institution_per_nip_and_regon() -> None:
    from django.db import IntegrityError, transaction

    InstitutionFactory(nip=VALID_NIP, regon=VALID_REGON_9)
    for duplicate in ({"nip": VALID_NIP}, {"regon": VALID_REGON_9}):
        with pytest.raises(IntegrityError), transaction.atomic():
            InstitutionFactory(**duplicate)
    # Empty identifiers are not duplicates of each other.
    InstitutionFactory()
    InstitutionFactory()


def test_a_duplicate_saved_meanwhile_is_the_same_message(
    social_worker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two saves at once: the check passes for both, the database refuses the second, and the
    loser reads the same message as if the check had caught it."""
    InstitutionFactory(name="Stowarzyszenie Pomocna Dłoń", nip=VALID_NIP)
    checks = iter([None])  # the first check "sees" nothing, as before the other commit
    real_check = services._check_unique

    def check_once_blind(institution: Institution) -> None:
        if next(checks, "real") == "real":
            real_check(institution)

    monkeypatch.setattr(services, "_check_unique", check_once_blind)
    with pytest.raises(ValidationError) as refused:
        services.institution_create(actor=social_worker, data=_data(nip=VALID_NIP))
    assert "Stowarzyszenie Pomocna Dłoń" in str(refused.value.message_dict["nip"])
