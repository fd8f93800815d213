"""The referrals' services: sending to an active institution, the answer, the feedback, the
end; dates never before sending nor in the future; refusals out of scope."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.casework.models import CaseFile, Referral, ReferralState
from ostoja.casework.services import referrals as services
from ostoja.casework.tests.factories import InstitutionFactory
from ostoja.core.models import ActionRecord

pytestmark = pytest.mark.django_db

SENT = datetime.date(2026, 6, 1)


def _send(actor: Any, case: CaseFile, person: Any, **changes: Any) -> Referral:
    fields: dict[str, Any] = {
        "kind": "leczenie_uzaleznien",
        "institution": InstitutionFactory(kind="leczenie_uzaleznien"),
        "purpose": "Terapia uzależnienia od alkoholu.",
        "sent_on": SENT,
        **changes,
    }
    return services.referral_create(actor=actor, case=case, person=person, **fields)


def test_send(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    referral = _send(social_worker, case, client_person)
    assert referral.state == ReferralState.SENT
    assert referral.sent_by == social_worker
    assert ActionRecord.objects.about(referral).get().action == "casework.referral_create"


def test_send_refused_out_of_scope(
    other_social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    with pytest.raises(PermissionDenied):
        _send(other_social_worker, case, client_person)


def test_send_refused_for_the_benefits_clerk(
    benefits_clerk: Any, case: CaseFile, client_person: Any
) -> None:
    with pytest.raises(PermissionDenied):
        _send(benefits_clerk, case, client_person)


def test_an_inactive_institution_and_a_stranger_are_refused(
    social_worker: Any, case: CaseFile, person_south: Any
) -> None:
    closed = InstitutionFactory(name="Zamknięta Poradnia", active=False)
    with pytest.raises(ValidationError) as error:
        _send(social_worker, case, person_south, institution=closed)
    messages = error.value.message_dict
    assert messages["institution"] == [
        "Zamknięta Poradnia jest nieaktywna; wybierz aktywną instytucję."
    ]
    assert "nie jest członkiem rodziny" in messages["person"][0]


def test_sent_in_the_future_is_refused(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        _send(social_worker, case, client_person, sent_on=datetime.date(2026, 6, 16))
    assert "sent_on" in error.value.message_dict


@pytest.mark.parametrize("accepted", [True, False])
def test_answer(social_worker: Any, case: CaseFile, client_person: Any, accepted: bool) -> None:
    referral = _send(social_worker, case, client_person)
    services.referral_record_answer(
        actor=social_worker,
        referral=referral,
        accepted=accepted,
        answered_on=datetime.date(2026, 6, 5),
        note="Termin pierwszej wizyty 12.06.",
    )
    referral.refresh_from_db()
    assert referral.state == (ReferralState.ACCEPTED if accepted else ReferralState.REFUSED)
    assert referral.feedback == "Termin pierwszej wizyty 12.06."
    with pytest.raises(ValidationError):
        services.referral_record_answer(
            actor=social_worker, referral=referral, accepted=True, answered_on=SENT
        )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            datetime.date(2026, 5, 31),
            "Ta data nie może być wcześniejsza niż wysłanie skierowania (01.06.2026).",
        ),
        (datetime.date(2026, 6, 16), "Ta data nie może być z przyszłości."),
        (None, "Wpisz datę."),
    ],
)
def test_answer_date_checked(
    social_worker: Any, case: CaseFile, client_person: Any, day: Any, message: str
) -> None:
    referral = _send(social_worker, case, client_person)
    with pytest.raises(ValidationError) as error:
        services.referral_record_answer(
            actor=social_worker, referral=referral, accepted=True, answered_on=day
        )
    assert error.value.message_dict["answered_on"] == [message]


def test_answer_refused_out_of_scope(
    social_worker: Any, other_social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    referral = _send(social_worker, case, client_person)
    with pytest.raises(PermissionDenied):
        services.referral_record_answer(
            actor=other_social_worker, referral=referral, accepted=True, answered_on=SENT
        )


def test_feedback(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    referral = _send(social_worker, case, client_person)
    services.referral_record_feedback(
        actor=social_worker,
        referral=referral,
        feedback="Uczestniczy w terapii grupowej.",
        feedback_on=datetime.date(2026, 6, 12),
    )
    referral.refresh_from_db()
    assert referral.feedback_on == datetime.date(2026, 6, 12)


def test_feedback_needs_its_text(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    referral = _send(social_worker, case, client_person)
    with pytest.raises(ValidationError) as error:
        services.referral_record_feedback(
            actor=social_worker, referral=referral, feedback=" ", feedback_on=SENT
        )
    assert error.value.message_dict["feedback"] == ["Wpisz, co przekazała instytucja."]


def test_feedback_refused_out_of_scope(
    social_worker: Any, other_social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    referral = _send(social_worker, case, client_person)
    with pytest.raises(PermissionDenied):
        services.referral_record_feedback(
            actor=other_social_worker, referral=referral, feedback="X", feedback_on=SENT
        )


def test_complete(social_worker: Any, case: CaseFile, client_person: Any) -> None:
    referral = _send(social_worker, case, client_person)
    services.referral_record_answer(
        actor=social_worker, referral=referral, accepted=True, answered_on=datetime.date(2026, 6, 5)
    )
    services.referral_complete(
        actor=social_worker,
        referral=referral,
        completed_on=datetime.date(2026, 6, 15),
        feedback="Ukończył program.",
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.COMPLETED
    assert referral.feedback == "Ukończył program."
    with pytest.raises(ValidationError):
        services.referral_complete(
            actor=social_worker, referral=referral, completed_on=datetime.date(2026, 6, 15)
        )


def test_complete_not_before_the_answer(
    social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    referral = _send(social_worker, case, client_person)
    services.referral_record_answer(
        actor=social_worker, referral=referral, accepted=True, answered_on=datetime.date(2026, 6, 5)
    )
    with pytest.raises(ValidationError) as error:
        services.referral_complete(
            actor=social_worker, referral=referral, completed_on=datetime.date(2026, 6, 3)
        )
    assert error.value.message_dict["completed_on"] == [
        "Zakończenie nie może być wcześniejsze niż odpowiedź instytucji (05.06.2026)."
    ]


def test_complete_refused_out_of_scope(
    social_worker: Any, other_social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    referral = _send(social_worker, case, client_person)
    with pytest.raises(PermissionDenied):
        services.referral_complete(actor=other_social_worker, referral=referral, completed_on=SENT)


def test_the_timeline(
    social_worker: Any, other_social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    from ostoja.casework.selectors.referrals import timeline

    referral = _send(social_worker, case, client_person)
    services.referral_record_answer(
        actor=social_worker,
        referral=referral,
        accepted=False,
        answered_on=datetime.date(2026, 6, 3),
    )
    with pytest.raises(ValidationError):
        services.referral_complete(
            actor=social_worker, referral=referral, completed_on=datetime.date(2026, 6, 4)
        )
    titles = [entry.title for entry in timeline(case, social_worker)]
    assert titles == ["Wysłanie skierowania: leczenie uzależnienia", "Odmowa przyjęcia skierowania"]
    accepted = _send(social_worker, case, client_person)
    services.referral_complete(actor=social_worker, referral=accepted, completed_on=SENT)
    titles = [entry.title for entry in timeline(case, social_worker) if entry.on == SENT]
    assert "Zakończenie skierowania" in titles
    assert timeline(case, other_social_worker) == []
