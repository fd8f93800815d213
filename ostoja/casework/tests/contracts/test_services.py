"""The social contract's services: drafting, changing a draft, signing, reviews, the end (a
breach feeds the duty to cooperate), the correction; refusals and messages on the fields."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.casework.models import (
    CaseFile,
    ContractReview,
    ContractState,
    CooperationEvent,
    SocialContract,
)
from ostoja.casework.services import contracts as services
from ostoja.core.locking import ConflictError
from ostoja.core.models import ActionRecord

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 6, 1)
END = datetime.date(2026, 11, 30)

OBLIGATIONS = [
    {
        "party": "klient",
        "description": "Zarejestrować się w urzędzie pracy",
        "due_on": datetime.date(2026, 6, 30),
    },
    {
        "party": "osrodek",
        "description": "Zasiłek celowy na bilet miesięczny",
        "due_on": None,
        "amount": "120,50",
    },
    {
        "party": "osrodek",
        "description": "Opłacenie kursu",
        "due_on": datetime.date(2026, 9, 1),
        "amount": Decimal("1114.00"),
    },
]


UNDATED = [
    {"party": "klient", "description": "Podjąć terapię"},
    {"party": "osrodek", "description": "Poradnictwo"},
]


def _draft(actor: Any, case: CaseFile, person: Any, **changes: Any) -> SocialContract:
    fields: dict[str, Any] = {
        "variant": "B",
        "valid_from": START,
        "valid_to": END,
        "problem": "Długotrwałe bezrobocie, brak kwalifikacji.",
        "goals": "Podjęcie zatrudnienia.",
        "obligations": OBLIGATIONS,
        **changes,
    }
    return services.contract_create(actor=actor, case=case, person=person, **fields)


def test_create_a_draft_with_its_obligations(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _draft(social_worker, case, client_person)
    assert contract.state == ContractState.DRAFT
    assert contract.worker == social_worker
    rows = list(contract.obligations.order_by("position"))
    assert [o.party for o in rows] == ["klient", "osrodek", "osrodek"]
    # The budget of help: 120.50 + 1114.00 = 1234.50 zł.
    assert services.budget_of_help(rows) == Decimal("1234.50")
    assert ActionRecord.objects.about(contract).get().action == "casework.contract_create"


def test_create_refused_out_of_scope(
    other_social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    with pytest.raises(PermissionDenied):
        _draft(other_social_worker, case, client_person)


def test_create_refused_for_the_benefits_clerk(
    benefits_clerk: Any, case: CaseFile, client_person: Any
) -> None:
    with pytest.raises(PermissionDenied):
        _draft(benefits_clerk, case, client_person)


def test_the_person_must_belong_to_the_family(
    social_worker: Any, case: CaseFile, person_south: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        _draft(social_worker, case, person_south)
    assert "nie jest członkiem rodziny" in error.value.message_dict["person"][0]


def test_bad_input_is_on_its_fields(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    rows = [
        {"party": "klient", "description": "Wpłata", "amount": "10"},
        {"party": "osrodek", "description": "Pomoc", "due_on": datetime.date(2027, 1, 5)},
        {"party": "osrodek", "description": "Pomoc", "amount": "dużo"},
    ]
    with pytest.raises(ValidationError) as error:
        _draft(
            social_worker,
            case,
            client_person,
            valid_to=datetime.date(2026, 5, 1),
            obligations=rows,
        )
    messages = error.value.message_dict
    assert "valid_to" in messages
    assert messages["obligations-0-amount"] == [
        "Koszt dotyczy zobowiązań ośrodka: udzielanej przez niego pomocy."
    ]
    assert messages["obligations-2-amount"] == ["Wpisz kwotę w zł, np. 450,00."]
    assert not SocialContract.objects.exists()


def test_an_obligation_after_the_end_is_refused(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    rows = [{"party": "osrodek", "description": "Pomoc", "due_on": datetime.date(2027, 1, 5)}]
    with pytest.raises(ValidationError) as error:
        _draft(social_worker, case, client_person, obligations=rows)
    assert error.value.message_dict["obligations-0-due_on"] == [
        "Termin musi mieścić się w okresie obowiązywania kontraktu (01.06.2026 – 30.11.2026)."
    ]


def test_update_a_draft_replaces_the_obligations(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _draft(social_worker, case, client_person)
    services.contract_update(
        actor=social_worker,
        contract=contract,
        version=contract.version,
        goals="Podjęcie pracy na pełen etat.",
        obligations=UNDATED,
    )
    contract.refresh_from_db()
    assert contract.goals == "Podjęcie pracy na pełen etat."
    assert contract.obligations.count() == 2
    record = ActionRecord.objects.about(contract).filter(action="casework.contract_update").get()
    assert "cele" in record.details["fields"]
    assert "zobowiązania" in record.details["fields"]


def test_update_without_obligations_keeps_them(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _draft(social_worker, case, client_person)
    services.contract_update(actor=social_worker, contract=contract, version=1, goals="Inny cel")
    assert contract.obligations.count() == 3


def test_update_on_an_old_version_is_a_conflict(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _draft(social_worker, case, client_person)
    services.contract_update(actor=social_worker, contract=contract, version=1, goals="A")
    stale = SocialContract.objects.get(pk=contract.pk)
    with pytest.raises(ConflictError):
        services.contract_update(actor=social_worker, contract=stale, version=1, goals="B")


def test_update_of_unknown_fields_is_a_programming_error(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _draft(social_worker, case, client_person)
    with pytest.raises(TypeError):
        services.contract_update(actor=social_worker, contract=contract, version=1, state="x")


def test_update_refused_out_of_scope(
    social_worker: Any, other_social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _draft(social_worker, case, client_person)
    with pytest.raises(PermissionDenied):
        services.contract_update(actor=other_social_worker, contract=contract, version=1)


def _signed(actor: Any, case: CaseFile, person: Any) -> SocialContract:
    contract = _draft(actor, case, person)
    return services.contract_sign(actor=actor, contract=contract, signed_on=START)


def test_sign(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    contract = _signed(social_worker, case, client_person)
    assert contract.state == ContractState.SIGNED
    assert contract.signed_on == START


def test_a_signed_contract_is_not_updated(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    with pytest.raises(ValidationError):
        services.contract_update(
            actor=social_worker, contract=contract, version=contract.version, goals="X"
        )


def test_sign_needs_an_obligation_of_each_side(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _draft(social_worker, case, client_person, obligations=OBLIGATIONS[1:])
    with pytest.raises(ValidationError) as error:
        services.contract_sign(actor=social_worker, contract=contract, signed_on=START)
    assert error.value.message_dict["obligations"] == [
        "Kontrakt wymaga co najmniej jednego zobowiązania każdej ze stron; brakuje: klient."
    ]


@pytest.mark.parametrize(
    ("signed_on", "message"),
    [
        (datetime.date(2026, 6, 16), "Ta data nie może być z przyszłości."),
        (None, "Wpisz datę."),
    ],
)
def test_sign_date_checked(
    social_worker: Any, case: CaseFile, client_person: Any, signed_on: Any, message: str
) -> None:
    contract = _draft(social_worker, case, client_person)
    with pytest.raises(ValidationError) as error:
        services.contract_sign(actor=social_worker, contract=contract, signed_on=signed_on)
    assert error.value.message_dict["signed_on"] == [message]


def test_sign_not_after_the_end(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    contract = _draft(
        social_worker,
        case,
        client_person,
        valid_from=datetime.date(2026, 4, 1),
        valid_to=datetime.date(2026, 6, 10),
        obligations=UNDATED,
    )
    with pytest.raises(ValidationError) as error:
        services.contract_sign(
            actor=social_worker, contract=contract, signed_on=datetime.date(2026, 6, 12)
        )
    assert error.value.message_dict["signed_on"] == [
        "Kontraktu nie można podpisać po jego zakończeniu (10.06.2026)."
    ]


def test_review(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    contract = _signed(social_worker, case, client_person)
    review = services.contract_review_add(
        actor=social_worker,
        contract=contract,
        reviewed_on=datetime.date(2026, 6, 12),
        findings="Zarejestrował się w urzędzie pracy.",
        next_review_on=datetime.date(2026, 7, 13),
    )
    assert review.reviewed_by == social_worker
    assert ActionRecord.objects.about(contract).filter(action="casework.contract_review").exists()


def test_a_review_before_the_contracts_start_is_refused_on_the_field(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    with pytest.raises(ValidationError) as error:
        services.contract_review_add(
            actor=social_worker,
            contract=contract,
            reviewed_on=datetime.date(2026, 5, 29),
            findings="Za wcześnie.",
        )
    assert error.value.message_dict["reviewed_on"] == [
        "Ocena nie może być wcześniejsza niż początek kontraktu (01.06.2026)."
    ]
    assert not ContractReview.objects.exists()


def test_a_review_in_the_future_and_the_next_before_it(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    with pytest.raises(ValidationError) as error:
        services.contract_review_add(
            actor=social_worker,
            contract=contract,
            reviewed_on=datetime.date(2026, 6, 20),
            findings="X",
        )
    assert "reviewed_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.contract_review_add(
            actor=social_worker,
            contract=contract,
            reviewed_on=datetime.date(2026, 6, 10),
            findings="X",
            next_review_on=datetime.date(2026, 6, 10),
        )
    assert error.value.message_dict["next_review_on"] == [
        "Następna ocena musi być późniejsza niż ta."
    ]


def test_a_draft_is_not_reviewed(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    contract = _draft(social_worker, case, client_person)
    with pytest.raises(ValidationError):
        services.contract_review_add(
            actor=social_worker, contract=contract, reviewed_on=START, findings="X"
        )


def test_review_refused_out_of_scope(
    social_worker: Any, other_social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    with pytest.raises(PermissionDenied):
        services.contract_review_add(
            actor=other_social_worker, contract=contract, reviewed_on=START, findings="X"
        )


def test_end_achieved(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    contract = _signed(social_worker, case, client_person)
    services.contract_end(
        actor=social_worker,
        contract=contract,
        ended_on=datetime.date(2026, 6, 15),
        end_reason="osiagniety",
        note="Podjął pracę.",
    )
    contract.refresh_from_db()
    assert contract.state == ContractState.ENDED
    assert not CooperationEvent.objects.exists()


def test_a_breach_records_the_duty_to_cooperate_event(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    services.contract_end(
        actor=social_worker,
        contract=contract,
        ended_on=datetime.date(2026, 6, 14),
        end_reason="zerwany",
        note="Brak uzasadnienia: nie stawił się bez podania przyczyny.",
        breach_evidence="Pismo PUP z 10.06.2026: wyrejestrowanie za niestawiennictwo.",
    )
    event = CooperationEvent.objects.get()
    assert event.kind == "naruszenie_kontraktu"
    assert event.contract == contract
    assert event.person == client_person
    assert event.occurred_on == datetime.date(2026, 6, 14)
    assert event.evidence.startswith("Pismo PUP")
    record = ActionRecord.objects.about(contract).get(action="casework.contract_end")
    assert ActionRecord.objects.about(event).filter(pk=record.pk).exists()


def test_a_breach_needs_its_evidence_and_assessment(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    with pytest.raises(ValidationError) as error:
        services.contract_end(
            actor=social_worker, contract=contract, ended_on=START, end_reason="zerwany", note=""
        )
    assert set(error.value.message_dict) == {"breach_evidence", "note"}
    contract.refresh_from_db()
    assert contract.state == ContractState.SIGNED
    assert not CooperationEvent.objects.exists()


@pytest.mark.parametrize(
    ("ended_on", "reason", "field"),
    [
        (datetime.date(2026, 5, 31), "osiagniety", "ended_on"),
        (datetime.date(2026, 6, 16), "osiagniety", "ended_on"),
        (datetime.date(2026, 6, 15), "wygasl", "end_reason"),
        (datetime.date(2026, 6, 15), "nieznany", "end_reason"),
    ],
)
def test_end_bad_input(
    social_worker: Any, case: CaseFile, client_person: Any, ended_on: Any, reason: str, field: str
) -> None:
    contract = _signed(social_worker, case, client_person)
    with pytest.raises(ValidationError) as error:
        services.contract_end(
            actor=social_worker, contract=contract, ended_on=ended_on, end_reason=reason, note=""
        )
    assert field in error.value.message_dict


def test_an_expired_contract_is_to_be_ended(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    from ostoja.casework.selectors.contracts import is_to_end, state_label

    contract = _draft(
        social_worker,
        case,
        client_person,
        valid_from=datetime.date(2026, 4, 1),
        valid_to=datetime.date(2026, 6, 10),
        obligations=UNDATED,
    )
    services.contract_sign(
        actor=social_worker, contract=contract, signed_on=datetime.date(2026, 4, 1)
    )
    today = datetime.date(2026, 6, 15)
    assert is_to_end(contract, today)
    assert state_label(contract, today) == "do zakończenia"
    services.contract_end(
        actor=social_worker, contract=contract, ended_on=today, end_reason="wygasl", note=""
    )
    assert not is_to_end(contract, today)


def test_correct_makes_a_new_draft_with_the_obligations(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    draft = services.contract_correct(
        actor=social_worker, contract=contract, reason="Błędna data kursu."
    )
    assert draft.state == ContractState.DRAFT
    assert draft.supersedes == contract
    assert draft.obligations.count() == 3
    contract.refresh_from_db()
    assert contract.state == ContractState.SIGNED
    with pytest.raises(ValidationError):
        services.contract_correct(actor=social_worker, contract=contract, reason="Znowu")


def test_correct_bad_input(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    draft = _draft(social_worker, case, client_person)
    with pytest.raises(ValidationError):
        services.contract_correct(actor=social_worker, contract=draft, reason="X")
    signed = services.contract_sign(actor=social_worker, contract=draft, signed_on=START)
    with pytest.raises(ValidationError) as error:
        services.contract_correct(actor=social_worker, contract=signed, reason=" ")
    assert error.value.message_dict["reason"] == ["Wpisz, dlaczego kontrakt jest korygowany."]


def test_correct_refused_out_of_scope(
    social_worker: Any, other_social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    with pytest.raises(PermissionDenied):
        services.contract_correct(actor=other_social_worker, contract=contract, reason="X")


def test_the_timeline_and_the_versions(
    social_worker: Any, other_social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    from ostoja.casework.selectors.contracts import state_badge, timeline, versions

    first = _signed(social_worker, case, client_person)
    services.contract_review_add(
        actor=social_worker, contract=first, reviewed_on=datetime.date(2026, 6, 10), findings="OK"
    )
    second = services.contract_correct(actor=social_worker, contract=first, reason="Zła kwota.")
    services.contract_sign(actor=social_worker, contract=second, signed_on=START)
    services.contract_end(
        actor=social_worker,
        contract=second,
        ended_on=datetime.date(2026, 6, 15),
        end_reason="zerwany",
        note="Bez uzasadnienia.",
        breach_evidence="Brak wpłat.",
    )
    second.refresh_from_db()
    assert versions(first) == [first, second]
    assert versions(second) == [first, second]
    assert state_badge(second, datetime.date(2026, 6, 15)) == "text-bg-danger"
    titles = sorted(entry.title for entry in timeline(case, social_worker))
    assert titles == sorted(
        [
            "Sporządzenie projektu kontraktu",
            "Podpisanie kontraktu",
            "Ocena realizacji kontraktu",
            "Korekta kontraktu",
            "Podpisanie kontraktu",
            "Zakończenie kontraktu",
        ]
    )
    assert timeline(case, other_social_worker) == []
